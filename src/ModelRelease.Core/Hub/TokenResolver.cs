namespace ModelRelease.Core.Hub;

/// <summary>
/// Finds the token the way the Hub's own clients do, in order: the explicit one (<c>-Token</c> or
/// <c>-Credential</c>), then <c>HF_TOKEN</c>, <c>HUGGING_FACE_HUB_TOKEN</c>, <c>HUGGINGFACE_API_KEY</c>, then the
/// token file (<c>HF_TOKEN_PATH</c>, else <c>$HF_HOME/token</c>, else <c>~/.cache/huggingface/token</c>).
/// </summary>
public sealed class TokenResolver(Func<string, string?>? environment = null, Func<string, string?>? readFile = null)
{
    private readonly Func<string, string?> _env = environment ?? Environment.GetEnvironmentVariable;
    private readonly Func<string, string?> _read = readFile ?? (path => File.Exists(path) ? File.ReadAllText(path) : null);

    public static readonly string[] EnvironmentVariables = ["HF_TOKEN", "HUGGING_FACE_HUB_TOKEN", "HUGGINGFACE_API_KEY"];

    /// <summary>The token file the Hub's clients use.</summary>
    public string TokenFilePath()
    {
        if (_env("HF_TOKEN_PATH") is { Length: > 0 } explicitPath) return explicitPath;
        var home = _env("HF_HOME") is { Length: > 0 } hfHome ? hfHome
            : Path.Combine(_env("XDG_CACHE_HOME") is { Length: > 0 } xdg ? xdg : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache"), "huggingface");
        return Path.Combine(home, "token");
    }

    /// <summary>The token, or null when none is set anywhere.</summary>
    public HubToken? TryResolve(string? explicitToken = null, string explicitSource = "-Token")
    {
        if (!string.IsNullOrWhiteSpace(explicitToken)) return new HubToken(explicitToken, explicitSource);
        foreach (var name in EnvironmentVariables)
        {
            if (_env(name) is { } value && !string.IsNullOrWhiteSpace(value)) return new HubToken(value, name);
        }
        var file = TokenFilePath();
        return _read(file) is { } text && !string.IsNullOrWhiteSpace(text) ? new HubToken(text, file) : null;
    }

    /// <summary>The token, or a <see cref="HubException"/> naming every place that was looked at.</summary>
    public HubToken Resolve(string? explicitToken = null, string explicitSource = "-Token") =>
        TryResolve(explicitToken, explicitSource) ?? throw new HubException(HubErrorIds.TokenNotFound, ErrorKind.Authentication,
            $"No Hugging Face token found. Looked at: {explicitSource} (not given), {string.Join(", ", EnvironmentVariables.Select(v => $"${v} (not set)"))}, and the token file {TokenFilePath()} (missing or empty).")
        {
            RecommendedAction = "Set HF_TOKEN to a write token from https://huggingface.co/settings/tokens, or pass -Token (a SecureString, for example from Get-Secret).",
        };

    /// <summary>The endpoint: the explicit one, else <c>HF_ENDPOINT</c>, else https://huggingface.co.</summary>
    public Uri ResolveEndpoint(string? explicitEndpoint = null)
    {
        var text = !string.IsNullOrWhiteSpace(explicitEndpoint) ? explicitEndpoint : _env("HF_ENDPOINT") is { Length: > 0 } e ? e : "https://huggingface.co";
        if (!Uri.TryCreate(text.TrimEnd('/'), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new HubException(HubErrorIds.EndpointInvalid, ErrorKind.InvalidArgument, $"'{text}' is not an http(s) endpoint.", text);
        }
        return uri;
    }
}
