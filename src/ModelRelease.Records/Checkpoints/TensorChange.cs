namespace ModelRelease;

/// <summary>A tensor present in both checkpoints whose layout or content differs.</summary>
public sealed record TensorChange(string Name)
{
    public string? ReferenceDType { get; init; }
    public string? DifferenceDType { get; init; }
    public IReadOnlyList<long>? ReferenceShape { get; init; }
    public IReadOnlyList<long>? DifferenceShape { get; init; }

    /// <summary>With a content comparison: a fingerprint of the tensor's stored bytes in the reference
    /// (XxHash128, 32 lower-case hex digits); it tells contents apart and is not a security hash.</summary>
    public string? ReferenceFingerprint { get; init; }

    /// <summary>The same fingerprint of the tensor's bytes in the difference.</summary>
    public string? DifferenceFingerprint { get; init; }

    public override string ToString() => Name;
}
