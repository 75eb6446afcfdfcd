namespace ModelRelease.Core.Checkpoints.Onnx;

/// <summary>What a TensorProto says about one initializer, before it becomes a <see cref="TensorInfo"/>. Kept small: a model
/// of a million initializers holds a million of these while it is read.</summary>
internal sealed class OnnxTensorEntry
{
    public long At { get; init; }
    public string Name { get; set; } = "";

    /// <summary>The dimensions, shared with every other entry of the same shape.</summary>
    public long[] Dims { get; set; } = [];
    public long DataType { get; set; }
    public long? RawOffset { get; set; }
    public long RawLength { get; set; }
    public long FixedDataBytes { get; set; }   // packed float_data / double_data payload
    public int FixedDataWidth { get; set; }
    public bool HasVarintData { get; set; }    // int32/int64/uint64/string data: not checked byte for byte
    public long DataLocation { get; set; }

    /// <summary>external_data key/values; null when the tensor has none.</summary>
    public Dictionary<string, string>? External { get; set; }
}
