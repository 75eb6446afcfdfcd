namespace ModelRelease.Core.Hub;

/// <summary>What the faces gather to talk to a Hub: endpoint, token, logging. Resolves both the documented way.</summary>
public sealed record HubConnection
{
    public string? Endpoint { get; init; }

    /// <summary>A token given explicitly (-Token / -Credential); otherwise the environment and the token file are used.</summary>
    public string? ExplicitToken { get; init; }

    public string ExplicitTokenSource { get; init; } = "-Token";

    /// <summary>Reading public repositories needs no token; writing does.</summary>
    public bool RequireToken { get; init; } = true;

    public HubClientOptions Options { get; init; } = new();

    public HubClient Open(TokenResolver? resolver = null)
    {
        resolver ??= new TokenResolver();
        var endpoint = resolver.ResolveEndpoint(Endpoint);
        var token = RequireToken ? resolver.Resolve(ExplicitToken, ExplicitTokenSource) : resolver.TryResolve(ExplicitToken, ExplicitTokenSource);
        return new HubClient(endpoint, token, Options);
    }
}
