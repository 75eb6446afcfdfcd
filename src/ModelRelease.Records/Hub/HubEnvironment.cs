namespace ModelRelease;

/// <summary>
/// What <c>modelrelease env</c> reports, as huggingface_hub's <c>hf env</c> does where it applies: versions, the
/// endpoint, the cache folders, the token file, and which token source is active — never a token.
/// </summary>
public sealed record HubEnvironment
{
    public required string ModelReleaseVersion { get; init; }
    public required string DotNetVersion { get; init; }
    public required string OperatingSystem { get; init; }
    public required string Endpoint { get; init; }

    /// <summary>HF_HOME (default: $XDG_CACHE_HOME/huggingface, else ~/.cache/huggingface).</summary>
    public required string HfHome { get; init; }

    /// <summary>The shared Hugging Face cache: HF_HUB_CACHE, else $HF_HOME/hub.</summary>
    public required string HubCache { get; init; }

    /// <summary>ModelRelease's own cache (hash cache, release cards).</summary>
    public string? ModelReleaseCache { get; init; }

    public required string TokenPath { get; init; }

    /// <summary>Where the token would come from (HF_TOKEN, the token file, a vault), or null when there is none.</summary>
    public string? TokenSource { get; init; }

    public required bool Offline { get; init; }
    public required bool ProgressBarsDisabled { get; init; }

    /// <summary>Proxy variables that are set (names only).</summary>
    public required IReadOnlyList<string> Proxies { get; init; }
}
