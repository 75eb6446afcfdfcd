namespace ModelRelease;

/// <summary>Who a token belongs to (<c>Get-HfUser</c>, <c>modelrelease whoami</c>): the account, its organisations and the token's role.</summary>
public sealed record HubUser
{
    public required string Name { get; init; }
    public string? FullName { get; init; }

    /// <summary><c>user</c>, <c>org</c> or <c>app</c>.</summary>
    public required string Type { get; init; }

    public required IReadOnlyList<string> Organizations { get; init; }

    /// <summary>The token's name on the Hub.</summary>
    public string? TokenName { get; init; }

    /// <summary><c>read</c>, <c>write</c>, <c>fineGrained</c> (or <c>admin</c>, <c>contributor</c>).</summary>
    public string? TokenRole { get; init; }

    /// <summary>Where the token came from (HF_TOKEN, the token file's path, a vault) — never the token.</summary>
    public required string TokenSource { get; init; }

    public required string Endpoint { get; init; }

    public override string ToString() => Organizations.Count == 0 ? Name : $"{Name} ({string.Join(", ", Organizations)})";
}
