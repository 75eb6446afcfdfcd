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

    public int MaxZipEntries { get; init; } = 1_000_000;

    /// <summary>Index/sidecar JSON files larger than this are refused.</summary>
    public long MaxIndexJsonBytes { get; init; } = 256L << 20;

    public int MaxShards { get; init; } = 10_000;
}
