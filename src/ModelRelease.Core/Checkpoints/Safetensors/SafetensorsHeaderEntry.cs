namespace ModelRelease.Core.Checkpoints.Safetensors;

/// <summary>
/// One tensor entry of a safetensors header exactly as written (values not yet validated against
/// each other). Positions are absolute file offsets of the JSON tokens, for error messages. A value,
/// not an object: a header of a million entries is a million of these in one array.
/// </summary>
/// <param name="Shape">The dimensions as read (unsigned 64-bit values in signed storage: compare them as <c>ulong</c>),
/// shared with every other entry of the same shape.</param>
internal readonly record struct SafetensorsHeaderEntry(
    string Name,
    SafetensorsDType DType,
    long[] Shape,
    ulong Begin,
    ulong End,
    long NamePosition,
    long ShapePosition,
    long OffsetsPosition,
    int HeaderIndex);
