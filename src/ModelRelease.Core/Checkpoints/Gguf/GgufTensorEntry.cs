namespace ModelRelease.Core.Checkpoints.Gguf;

/// <summary>One tensor info of a GGUF file as read, with the positions of its fields for messages.</summary>
internal sealed record GgufTensorEntry(
    string Name,
    uint TypeId,
    GgmlType? Type,
    IReadOnlyList<long> Ne,
    long ElementCount,
    long? ByteCount,
    long Offset,
    long InfoPosition,
    long OffsetPosition)
{
    public string DTypeName => Type?.Name ?? GgmlType.UnknownName(TypeId);
}
