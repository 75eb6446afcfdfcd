using ModelRelease.Core.Checkpoints.Common;
using ModelRelease.Core.Hub;

namespace ModelRelease.Core.Operations;

/// <summary>
/// What a <see cref="ModelReleaseSession"/> is made of. Nothing here is ambient: the cache folder, the Hub and the
/// environment the token is looked up in are given, by a face through <see cref="SessionEnvironment"/> or by a test
/// with its own temporary folders.
/// </summary>
public sealed record ModelReleaseSessionOptions
{
    /// <summary>
    /// The folder of the hash cache (<c>hash-cache.json</c>) and of the cards releases write
    /// (<c>releases/&lt;namespace&gt;/&lt;name&gt;/v&lt;version&gt;/README.md</c>); null keeps the cache in memory.
    /// </summary>
    public string? CacheFolder { get; init; }

    /// <summary>The Hub: endpoint, an explicit token (-Token), client options (logging, retries).</summary>
    public HubConnection Hub { get; init; } = new() { RequireToken = false };

    /// <summary>The environment the token and endpoint are looked up in (HF_TOKEN, HF_ENDPOINT, HF_HOME, …).</summary>
    public Func<string, string?> Environment { get; init; } = _ => null;

    /// <summary>Reads a token file (the last place a token is looked for); null reads it from disk when it exists.</summary>
    public Func<string, string?>? ReadTokenFile { get; init; }

    /// <summary>
    /// The shared Hugging Face cache huggingface_hub and @huggingface/hub use (<c>models--org--name/blobs|snapshots|refs</c>):
    /// HF_HUB_CACHE, else $HF_HOME/hub; null when the environment names no home (downloads then need a folder).
    /// </summary>
    public string? HubCacheFolder { get; init; }

    /// <summary>HF_HUB_OFFLINE: resolve downloads from the shared cache, never asking the Hub.</summary>
    public bool Offline { get; init; }

    /// <summary>HF_HUB_DISABLE_PROGRESS_BARS: faces show no progress.</summary>
    public bool ProgressBarsDisabled { get; init; }

    /// <summary>Receives warnings the session finds on its own (a token file others can read); null drops them.</summary>
    public Action<string>? Warn { get; init; }

    /// <summary>
    /// Reads a secret from a vault (PowerShell's SecretManagement): (vault, name) to the token, or null. Given by the
    /// PowerShell face; without it a token stored in a vault by Connect-HfHub -Vault is not used.
    /// </summary>
    public Func<string, string, string?>? ReadVaultSecret { get; init; }

    /// <summary>How checkpoint readers open files and which limits they keep.</summary>
    public CheckpointReadContext ReadContext { get; init; } = CheckpointReadContext.Default;
}
