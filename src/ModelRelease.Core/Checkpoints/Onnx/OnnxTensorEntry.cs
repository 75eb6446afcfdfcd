namespace ModelRelease.Core.Checkpoints.Onnx;

/// <summary>What a TensorProto says about one initializer, before it becomes a <see cref="TensorInfo"/>.</summary>
internal sealed class OnnxTensorEntry
{
    public long At { get; init; }
    public string Name { get; set; } = "";
    public List<long> Dims { get; } = [];
    public long DataType { get; set; }
    public long? RawOffset { get; set; }
    public long RawLength { get; set; }
    public long FixedDataBytes { get; set; }   // packed float_data / double_data payload
    public int FixedDataWidth { get; set; }
    public bool HasVarintData { get; set; }    // int32/int64/uint64/string data: not checked byte for byte
    public long DataLocation { get; set; }
    public Dictionary<string, string> External { get; } = new(StringComparer.Ordinal);
}
