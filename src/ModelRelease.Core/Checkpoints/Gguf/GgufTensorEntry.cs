namespace ModelRelease.Core.Checkpoints.Gguf;

/// <summary>One tensor info of a GGUF file as read, with the positions of its fields for messages. A value, not an
/// object: a header of half a million tensors is half a million of these in one array.</summary>
/// <param name="Ne">ggml's dimensions (innermost first), shared with every other tensor of the same shape.</param>
internal readonly record struct GgufTensorEntry(
    string Name,
    uint TypeId,
    GgmlType? Type,
    long[] Ne,
    long ElementCount,
    long? ByteCount,
    long Offset,
    long InfoPosition,
    long OffsetPosition)
{
    public string DTypeName => Type?.Name ?? GgmlType.UnknownName(TypeId);
}
