namespace ModelRelease.Core.Checkpoints.Safetensors;

/// <summary>
/// One tensor entry of a safetensors header exactly as written (values not yet validated against
/// each other). Positions are absolute file offsets of the JSON tokens, for error messages.
/// </summary>
internal sealed record SafetensorsHeaderEntry(
    string Name,
    SafetensorsDType DType,
    IReadOnlyList<ulong> Shape,
    ulong Begin,
    ulong End,
    long NamePosition,
    long ShapePosition,
    long OffsetsPosition)
{
    /// <summary>Index of the entry in header order (the order tensors are reported in).</summary>
    public int HeaderIndex { get; init; }
}
