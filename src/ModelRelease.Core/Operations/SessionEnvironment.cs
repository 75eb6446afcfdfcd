using ModelRelease.Core.Hub;

namespace ModelRelease.Core.Operations;

/// <summary>
/// The one place a face turns its environment into session options: the cache folder from <c>XDG_CACHE_HOME</c>
/// (else <c>$HOME/.cache</c>, else <c>%USERPROFILE%\.cache</c>) plus <c>modelrelease</c>, and the environment the
/// token and endpoint are read from (HF_TOKEN, HUGGING_FACE_HUB_TOKEN, HUGGINGFACE_API_KEY, HF_TOKEN_PATH, HF_HOME,
/// HF_ENDPOINT). It reads only through the accessor it is given, so a test's temporary folders are all it sees.
/// </summary>
public static class SessionEnvironment
{
    /// <summary>Options for a session in <paramref name="environment"/>, talking to <paramref name="hub"/> (default: the environment's Hub).</summary>
    public static ModelReleaseSessionOptions Resolve(Func<string, string?> environment, HubConnection? hub = null) => new()
    {
        CacheFolder = CacheFolder(environment),
        Environment = environment,
        Hub = (hub ?? new HubConnection()) with { RequireToken = false },
    };

    /// <summary><c>$XDG_CACHE_HOME/modelrelease</c>, else <c>$HOME/.cache/modelrelease</c> (USERPROFILE on Windows); null when the environment names no home.</summary>
    public static string? CacheFolder(Func<string, string?> environment)
    {
        if (environment("XDG_CACHE_HOME") is { Length: > 0 } xdg) return Path.Combine(xdg, "modelrelease");
        var home = environment("HOME") is { Length: > 0 } h ? h : environment("USERPROFILE");
        return string.IsNullOrEmpty(home) ? null : Path.Combine(home, ".cache", "modelrelease");
    }

    /// <summary>True when <paramref name="environment"/> configures a Hub: an endpoint or a token anywhere the Hub's clients look.</summary>
    public static bool ConfiguresHub(Func<string, string?> environment, Func<string, string?>? readTokenFile = null) =>
        environment("HF_ENDPOINT") is { Length: > 0 } || new TokenResolver(environment, readTokenFile).TryResolve() is not null;
}
