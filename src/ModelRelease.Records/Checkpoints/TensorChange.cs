namespace ModelRelease;

/// <summary>A tensor present in both checkpoints whose layout or content differs.</summary>
public sealed record TensorChange(string Name)
{
    /// <summary>The reference's element type by its canonical name (<c>F32</c>), as in <see cref="TensorInfo.DType"/>.</summary>
    public string? ReferenceDType { get; init; }

    /// <summary>The difference's element type by its canonical name.</summary>
    public string? DifferenceDType { get; init; }

    /// <summary>The reference's element type as its file spells it (<c>float32</c>, <c>FLOAT</c>, <c>F32</c>).</summary>
    public string? ReferenceFormatDType { get; init; }

    /// <summary>The difference's element type as its file spells it.</summary>
    public string? DifferenceFormatDType { get; init; }

    public IReadOnlyList<long>? ReferenceShape { get; init; }
    public IReadOnlyList<long>? DifferenceShape { get; init; }

    /// <summary>With a content comparison: a fingerprint of the tensor's elements in the reference, in row-major order
    /// and little-endian whatever the file's layout (XxHash128, 32 lower-case hex digits); it tells contents apart and
    /// is not a security hash.</summary>
    public string? ReferenceFingerprint { get; init; }

    /// <summary>The same fingerprint of the tensor's elements in the difference.</summary>
    public string? DifferenceFingerprint { get; init; }

    public override string ToString() => Name;
}
