namespace ModelRelease;

/// <summary>A PyTorch storage: the block of memory one or more tensors view.</summary>
public sealed record StorageInfo
{
    public required string Key { get; init; }
    private readonly string? _formatDType;

    /// <summary>The element type by its canonical name (<c>F32</c>, <c>U8</c> for an untyped storage counted in bytes).</summary>
    public required string DType { get; init; }

    /// <summary>The element type as torch names it (<c>float32</c>, <c>uint8</c>).</summary>
    public string FormatDType { get => _formatDType ?? DType; init => _formatDType = value; }

    /// <summary>Elements of <see cref="DType"/> in the whole storage.</summary>
    public required long ElementCount { get; init; }

    /// <summary>Absolute offset of the storage's bytes in the file.</summary>
    public long ByteOffset { get; init; }
    public long ByteLength { get; init; }

    /// <summary>The zip record holding the bytes (<c>archive/data/0</c>); null for the legacy format.</summary>
    public string? Record { get; init; }
}
