namespace ModelRelease.Core.Hub;

/// <summary>
/// Finds the token the way the Hub's own clients do, in order: the explicit one (<c>-Token</c> or
/// <c>-Credential</c>), then <c>HF_TOKEN</c>, <c>HUGGING_FACE_HUB_TOKEN</c>, <c>HUGGINGFACE_API_KEY</c>, then a
/// SecretManagement vault that <c>Connect-HfHub -Vault</c> named (when the face can read vaults), then the token file
/// (<c>HF_TOKEN_PATH</c>, else <c>$HF_HOME/token</c>, else <c>~/.cache/huggingface/token</c>). A token file other
/// users can read is used with a warning, as huggingface_hub warns.
/// </summary>
public sealed class TokenResolver(
    Func<string, string?>? environment = null,
    Func<string, string?>? readFile = null,
    Action<string>? warn = null,
    Func<string, string, string?>? readVault = null,
    string? vaultReferencePath = null)
{
    private readonly Func<string, string?> _env = environment ?? Environment.GetEnvironmentVariable;
    private readonly Func<string, string?> _read = readFile ?? (path => File.Exists(path) ? File.ReadAllText(path) : null);
    private readonly bool _readsDisk = readFile is null;
    private int _warned;

    public static readonly string[] EnvironmentVariables = ["HF_TOKEN", "HUGGING_FACE_HUB_TOKEN", "HUGGINGFACE_API_KEY"];

    /// <summary>The token file the Hub's clients use.</summary>
    public string TokenFilePath()
    {
        if (_env("HF_TOKEN_PATH") is { Length: > 0 } explicitPath) return explicitPath;
        var home = Operations.SessionEnvironment.HfHome(_env)
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "huggingface");
        return Path.Combine(home, "token");
    }

    /// <summary>Where <c>Connect-HfHub -Vault</c> records the vault that holds the token (no token in it); null when there is no cache folder.</summary>
    public string? VaultReferencePath => vaultReferencePath;

    /// <summary>The vault a token was stored in by Connect-HfHub -Vault, if one was.</summary>
    public VaultReference? Vault => vaultReferencePath is null ? null : VaultReference.Load(vaultReferencePath);

    /// <summary>The token, or null when none is set anywhere.</summary>
    public HubToken? TryResolve(string? explicitToken = null, string explicitSource = "-Token")
    {
        if (!string.IsNullOrWhiteSpace(explicitToken)) return new HubToken(explicitToken, explicitSource);
        foreach (var name in EnvironmentVariables)
        {
            if (_env(name) is { } value && !string.IsNullOrWhiteSpace(value)) return new HubToken(value, name);
        }
        if (readVault is not null && Vault is { } vault && readVault(vault.Vault, vault.Name) is { } secret && !string.IsNullOrWhiteSpace(secret))
        {
            return new HubToken(secret, vault.ToString());
        }
        var file = TokenFilePath();
        if (_read(file) is not { } text || string.IsNullOrWhiteSpace(text)) return null;
        if (_readsDisk && TokenFile.PermissionProblem(file) is { } problem && Interlocked.Exchange(ref _warned, 1) == 0) warn?.Invoke(problem);
        return new HubToken(text, file);
    }

    /// <summary>Where the token would come from (HF_TOKEN, a vault, the token file), or null — never the token.</summary>
    public string? ActiveSource(string? explicitToken = null, string explicitSource = "-Token") => TryResolve(explicitToken, explicitSource)?.Source;

    /// <summary>The token, or a <see cref="HubException"/> naming every place that was looked at.</summary>
    public HubToken Resolve(string? explicitToken = null, string explicitSource = "-Token") =>
        TryResolve(explicitToken, explicitSource) ?? throw new HubException(HubErrorIds.TokenNotFound, ErrorKind.Authentication,
            $"No Hugging Face token found. Looked at: {string.Join(", ", EnvironmentVariables.Select(v => $"${v} (not set)"))}, " +
            (Vault is { } v ? $"{v} (not readable here), " : "") + $"and the token file {TokenFilePath()} (missing or empty).")
        {
            RecommendedAction = "Set HF_TOKEN to a write token from https://huggingface.co/settings/tokens, log in with Connect-HfHub, or pass -Token (a SecureString, for example from Get-Secret).",
            CliRecommendedAction = "Set HF_TOKEN to a write token from https://huggingface.co/settings/tokens, or run 'modelrelease login'.",
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
