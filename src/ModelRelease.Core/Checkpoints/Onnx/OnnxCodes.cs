namespace ModelRelease.Core.Checkpoints.Onnx;

/// <summary>Stable finding codes of the ONNX reader.</summary>
public static class OnnxCodes
{
    public const string Protobuf = "ONNX_PROTOBUF";
    public const string Varint = "ONNX_VARINT";
    public const string Dims = "ONNX_DIMS";
    public const string DataType = "ONNX_DATA_TYPE";
    public const string SizeMismatch = "ONNX_SIZE_MISMATCH";
    public const string ExternalPath = "ONNX_EXTERNAL_PATH";
    public const string ExternalMissing = "ONNX_EXTERNAL_MISSING";
    public const string ExternalData = "ONNX_EXTERNAL_DATA";
    public const string NoGraph = "ONNX_NO_GRAPH";
    public const string DuplicateName = "ONNX_DUPLICATE_NAME";
    public const string SparseInitializer = "ONNX_SPARSE_INITIALIZER";
}
