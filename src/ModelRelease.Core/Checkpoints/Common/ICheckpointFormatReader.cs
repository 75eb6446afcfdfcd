namespace ModelRelease.Core.Checkpoints.Common;

/// <summary>
/// One reader per format. Reads the header only (O(header)), never tensor data, and either returns a
/// <see cref="Checkpoint"/> or throws a <see cref="CheckpointFormatException"/> at the first bad byte.
/// </summary>
public interface ICheckpointFormatReader
{
    /// <summary>Short name used in messages (<c>safetensors</c>, <c>GGUF</c>).</summary>
    string Name { get; }

    /// <summary>True when the first bytes (at most <see cref="CheckpointSniffer.HeadLength"/>) and the file name say the file is in this reader's format.</summary>
    bool Recognizes(ReadOnlySpan<byte> head, string path);

    Task<Checkpoint> ReadAsync(ByteSource source, CheckpointReadContext context, CancellationToken cancellationToken);
}

/// <summary>What a reader may use besides the file itself.</summary>
public sealed record CheckpointReadContext
{
    public static CheckpointReadContext Default { get; } = new();

    /// <summary>Opens sibling files (shards, splits, external data).</summary>
    public IByteSourceOpener Opener { get; init; } = FileByteSourceOpener.Instance;

    public CheckpointReaderLimits Limits { get; init; } = CheckpointReaderLimits.Default;

    /// <summary>When false, a sharded set's first file is read alone (used when reading each member of a set).</summary>
    public bool FollowShards { get; init; } = true;
}
