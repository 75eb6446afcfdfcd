namespace ModelRelease.Core.Checkpoints.Common;

/// <summary>
/// Sane limits applied before any header value is used. Every length read from a file is also
/// checked against the bytes remaining in the file, so no allocation exceeds the file's size.
/// </summary>
public sealed record CheckpointReaderLimits
{
    public static CheckpointReaderLimits Default { get; } = new();

    /// <summary>safetensors header (reference: 100,000,000 bytes).</summary>
    public long MaxSafetensorsHeaderBytes { get; init; } = 100_000_000;

    /// <summary>Header size above which a warning says the Hub's JS client refuses the file.</summary>
    public long SafetensorsHubJsHeaderWarningBytes { get; init; } = 25_000_000;

    /// <summary>Largest dimension accepted (huggingface.js uses 2^32).</summary>
    public long MaxDimension { get; init; } = 1L << 40;

    /// <summary>Most dimensions a tensor may have.</summary>
    public int MaxRank { get; init; } = 16;

    public long MaxGgufStringBytes { get; init; } = 1L << 30;
    public long MaxGgufArrayLength { get; init; } = 1L << 30;
    public int MaxGgufArrayDepth { get; init; } = 4;
    public long MaxGgufAlignment { get; init; } = 1L << 20;

    /// <summary>data.pkl and legacy pickles larger than this are refused.</summary>
    public long MaxPickleBytes { get; init; } = 512L << 20;
    public int MaxPickleMemo { get; init; } = 1_000_000;
    public int MaxPickleStackDepth { get; init; } = 100_000;

    /// <summary>Deepest nesting of containers in a saved object (PT_PICKLE_DEPTH beyond).</summary>
    public int MaxPickleDepth { get; init; } = 1000;

    /// <summary>Non-tensor values of a saved object kept as metadata; the rest are counted in a PT_METADATA_OMITTED warning.</summary>
    public int MaxPickleLeaves { get; init; } = 100_000;

    /// <summary>
    /// Values the allow-listed calls of a pickle may build by copying (set(list), OrderedDict(pairs), _codecs.encode):
    /// this many per byte of the stream, at least <see cref="MinPickleCopyBudget"/>. Beyond it the pickle is refused, so a
    /// small stream that calls a copying constructor over and over on one large value cannot multiply memory.
    /// </summary>
    public int PickleCopiesPerByte { get; init; } = 4;

    public long MinPickleCopyBudget { get; init; } = 1 << 20;

    /// <summary>
    /// Characters of dotted names (of containers, tensors and values) the walk of a saved object may build: this many per
    /// byte of its pickle, at least <see cref="MinPickleNameBudget"/>. A real state dict names each tensor once, in far fewer.
    /// </summary>
    public int PickleNameCharsPerByte { get; init; } = 8;

    public long MinPickleNameBudget { get; init; } = 16L << 20;

    /// <summary>A deflated data.pkl may inflate to at most this many times its compressed size (and never past
    /// <see cref="MaxPickleBytes"/>); pickles compress a few times, an inflate bomb a thousandfold.</summary>
    public int MaxPickleInflateRatio { get; init; } = 64;

    /// <summary>The inflated size a deflated data.pkl may always have, whatever its compressed size.</summary>
    public long MinPickleInflateAllowance { get; init; } = 1 << 20;

    public int MaxZipEntries { get; init; } = 1_000_000;

    /// <summary>Index/sidecar JSON files larger than this are refused.</summary>
    public long MaxIndexJsonBytes { get; init; } = 256L << 20;

    public int MaxShards { get; init; } = 10_000;
}
