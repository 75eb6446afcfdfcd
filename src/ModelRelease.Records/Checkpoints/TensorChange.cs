namespace ModelRelease;

/// <summary>A tensor present in both checkpoints whose layout or content differs.</summary>
public sealed record TensorChange(string Name)
{
    public string? ReferenceDType { get; init; }
    public string? DifferenceDType { get; init; }
    public IReadOnlyList<long>? ReferenceShape { get; init; }
    public IReadOnlyList<long>? DifferenceShape { get; init; }
    public string? ReferenceSha256 { get; init; }
    public string? DifferenceSha256 { get; init; }

    public override string ToString() => Name;
}
