namespace ModelRelease;

/// <summary>
/// What a checkpoint is, read from its header alone: format, tensors in stored order, metadata,
/// shards. Produced by <c>Get-Checkpoint</c> / <c>modelrelease inspect</c>.
/// </summary>
public sealed record Checkpoint
{
    /// <summary>Full path of the file that names the checkpoint (the index or first split for sharded sets).</summary>
    public required string Path { get; init; }

    public required CheckpointFormat Format { get; init; }

    /// <summary>Total bytes over every file of the checkpoint.</summary>
    public required long Length { get; init; }

    /// <summary>Tensors in the order the file stores them (shard by shard for sharded sets).</summary>
    public required IReadOnlyList<TensorInfo> Tensors { get; init; }

    /// <summary>Format metadata: safetensors <c>__metadata__</c>, GGUF key/values, ONNX metadata_props, PyTorch non-tensor leaves.</summary>
    public IReadOnlyDictionary<string, object?> Metadata { get; init; } = new Dictionary<string, object?>();

    /// <summary>The files of a sharded set, in order; empty for a single file.</summary>
    public IReadOnlyList<CheckpointShard> Shards { get; init; } = [];

    /// <summary>PyTorch storages; empty for other formats.</summary>
    public IReadOnlyList<StorageInfo> Storages { get; init; } = [];

    /// <summary>Warnings and notes seen while reading (a checkpoint with errors is never produced: an error throws).</summary>
    public IReadOnlyList<Finding> Findings { get; init; } = [];

    /// <summary>Format version: GGUF version, PyTorch archive version, ONNX IR version; null for safetensors.</summary>
    public long? FormatVersion { get; init; }

    /// <summary><c>little</c> or <c>big</c>.</summary>
    public string ByteOrder { get; init; } = "little";

    /// <summary>GGUF: <c>general.file_type</c> by its llama.cpp name (<c>MOSTLY_Q4_K_M</c>).</summary>
    public string? FileType { get; init; }

    /// <summary>Absolute offset where tensor data starts (safetensors, GGUF); null where records are scattered.</summary>
    public long? DataOffset { get; init; }

    /// <summary>Sum of every tensor's element count (tied tensors counted each time).</summary>
    public long ParameterCount { get; init; }

    public int TensorCount => Tensors.Count;

    public string Name => System.IO.Path.GetFileName(Path);

    public override string ToString() => $"{Name} ({Format}, {TensorCount} tensors, {ParameterCountText.Format(ParameterCount)} parameters)";
}
