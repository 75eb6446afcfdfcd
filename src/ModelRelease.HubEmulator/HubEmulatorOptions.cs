using ModelRelease.HubEmulator.Faults;

namespace ModelRelease.HubEmulator;

/// <summary>How an emulator instance runs.</summary>
public sealed record HubEmulatorOptions
{
    /// <summary>Where repositories, objects and refs are stored; survives restarts.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>Kestrel URLs; port 0 picks a free port. Loopback only.</summary>
    public string Urls { get; init; } = "http://127.0.0.1:0";

    /// <summary>Accepted tokens (must start with <c>hf_</c>) and the user each belongs to.</summary>
    public IReadOnlyDictionary<string, string> Tokens { get; init; } = new Dictionary<string, string>();

    /// <summary>Organisations every user belongs to (and may write to).</summary>
    public IReadOnlyList<string> Organizations { get; init; } = [];

    /// <summary>
    /// The Hub's rules when false (the default): a user writes to its own namespace and its organisations, and sees
    /// private repositories of those only. True relaxes that: any token writes anywhere and sees everything.
    /// </summary>
    public bool AnyNamespace { get; init; }

    /// <summary>
    /// The token the emulator's own endpoints (/_emulator/faults, /_emulator/stats) require as a Bearer token; without
    /// one they refuse every request. It must start with hf_ and must not be a user's token.
    /// </summary>
    public string? AdminToken { get; init; }

    /// <summary>LFS objects at least this big are uploaded with the multipart transfer.</summary>
    public long MultipartThreshold { get; init; } = 16L << 20;

    /// <summary>Part size of multipart uploads.</summary>
    public long ChunkSize { get; init; } = 16L << 20;

    /// <summary>
    /// Files one preupload call may name (413 above): 256, what huggingface_hub sends per call and calls the Hub's
    /// server-side limit (PREUPLOAD_BATCH_SIZE); @huggingface/hub sends 100.
    /// </summary>
    public int MaxPreuploadFiles { get; init; } = 256;

    /// <summary>
    /// Objects one LFS batch call may carry (413 above). The Hub documents no figure; huggingface_hub sends 256
    /// (UPLOAD_BATCH_MAX_NUM_FILES), @huggingface/hub 100, git-lfs 100. The emulator accepts up to 1000.
    /// </summary>
    public int MaxLfsBatchObjects { get; init; } = 1000;

    /// <summary>Page size of tree, commit and paths listings.</summary>
    public int PageSize { get; init; } = 1000;

    /// <summary>Faults to inject (can be changed at runtime through <see cref="HubEmulator.Faults"/> or POST /_emulator/faults).</summary>
    public FaultConfiguration Faults { get; init; } = new();

    /// <summary>Receives one line per request (method, path, status); never headers or tokens.</summary>
    public Action<string>? Log { get; init; }
}
