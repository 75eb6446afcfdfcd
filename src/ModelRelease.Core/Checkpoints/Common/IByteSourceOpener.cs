namespace ModelRelease.Core.Checkpoints.Common;

/// <summary>Opens the other files a checkpoint names (shards, splits, external data).</summary>
public interface IByteSourceOpener
{
    bool Exists(string path);

    ByteSource Open(string path);
}

/// <summary>The real file system.</summary>
public sealed class FileByteSourceOpener : IByteSourceOpener
{
    public static FileByteSourceOpener Instance { get; } = new();

    public bool Exists(string path) => File.Exists(path);

    public ByteSource Open(string path) => FileByteSource.Open(path);
}

/// <summary>Named in-memory files (tests).</summary>
public sealed class MemoryByteSourceOpener(IReadOnlyDictionary<string, byte[]> files) : IByteSourceOpener
{
    public bool Exists(string path) => files.ContainsKey(path);

    public ByteSource Open(string path) => files.TryGetValue(path, out var bytes)
        ? new MemoryByteSource(path, bytes)
        : throw new CheckpointFormatException(CheckpointErrorKind.NotFound, "CKPT_NOT_FOUND", path, "file not found");
}
