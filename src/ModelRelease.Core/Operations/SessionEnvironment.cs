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
        HubCacheFolder = HubCacheFolder(environment),
        Offline = IsTrue(environment("HF_HUB_OFFLINE")),
        ProgressBarsDisabled = IsTrue(environment("HF_HUB_DISABLE_PROGRESS_BARS")),
        Environment = environment,
        Hub = (hub ?? new HubConnection()) with { RequireToken = false },
    };

    /// <summary>
    /// huggingface_hub's HF_HOME: the variable, else <c>$XDG_CACHE_HOME/huggingface</c>, else <c>~/.cache/huggingface</c>;
    /// null when the environment names no home.
    /// </summary>
    public static string? HfHome(Func<string, string?> environment)
    {
        if (environment("HF_HOME") is { Length: > 0 } home) return ExpandUser(home, environment);
        if (environment("XDG_CACHE_HOME") is { Length: > 0 } xdg) return Path.Combine(xdg, "huggingface");
        return UserHome(environment) is { } user ? Path.Combine(user, ".cache", "huggingface") : null;
    }

    /// <summary>The shared cache: HF_HUB_CACHE, else the legacy HUGGINGFACE_HUB_CACHE, else <c>$HF_HOME/hub</c> (as huggingface_hub and @huggingface/hub resolve it).</summary>
    public static string? HubCacheFolder(Func<string, string?> environment)
    {
        if (environment("HF_HUB_CACHE") is { Length: > 0 } cache) return ExpandUser(cache, environment);
        if (environment("HUGGINGFACE_HUB_CACHE") is { Length: > 0 } legacy) return ExpandUser(legacy, environment);
        return HfHome(environment) is { } home ? Path.Combine(home, "hub") : null;
    }

    /// <summary>huggingface_hub's truth values for its switches: 1, ON, YES, TRUE (any case).</summary>
    public static bool IsTrue(string? value) => value?.Trim().ToUpperInvariant() is "1" or "ON" or "YES" or "TRUE";

    private static string? UserHome(Func<string, string?> environment) =>
        environment("HOME") is { Length: > 0 } h ? h : environment("USERPROFILE") is { Length: > 0 } p ? p : null;

    private static string ExpandUser(string path, Func<string, string?> environment) =>
        path.StartsWith('~') && UserHome(environment) is { } home ? home + path[1..] : path;

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
