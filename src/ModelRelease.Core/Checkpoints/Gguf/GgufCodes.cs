namespace ModelRelease.Core.Checkpoints.Gguf;

/// <summary>Stable codes of the GGUF reader (reference-formats §5b). Some codes are used both as errors and, for milder cases, as findings.</summary>
public static class GgufCodes
{
    // Errors.
    public const string Magic = "GGUF_MAGIC";
    public const string Version = "GGUF_VERSION";
    public const string Count = "GGUF_COUNT";
    public const string Key = "GGUF_KEY";
    public const string ValueType = "GGUF_VALUE_TYPE";
    public const string String = "GGUF_STRING";
    public const string Alignment = "GGUF_ALIGNMENT";
    public const string TensorName = "GGUF_TENSOR_NAME";
    public const string Dims = "GGUF_DIMS";
    /// <summary>Error for removed type ids; warning for ids this reader does not know.</summary>
    public const string Type = "GGUF_TYPE";
    public const string Block = "GGUF_BLOCK";
    public const string Offset = "GGUF_OFFSET";
    public const string Bounds = "GGUF_BOUNDS";
    public const string SplitMissing = "GGUF_SPLIT_MISSING";
    public const string SplitIndex = "GGUF_SPLIT_INDEX";
    public const string SplitCount = "GGUF_SPLIT_COUNT";
    /// <summary>Error when the set's tensor total differs from <c>split.tensors.count</c>; warning when the key is absent.</summary>
    public const string SplitTensorCount = "GGUF_SPLIT_TENSOR_COUNT";
    public const string SplitDuplicateTensor = "GGUF_SPLIT_DUPLICATE_TENSOR";

    // Findings.
    public const string NestedArray = "GGUF_NESTED_ARRAY";
    public const string BoolValue = "GGUF_BOOL_VALUE";
    public const string StringUtf8 = "GGUF_STRING_UTF8";
    public const string IntermediateType = "GGUF_INTERMEDIATE_TYPE";
    public const string FileTypeMissing = "GGUF_FILE_TYPE_MISSING";
    public const string FileTypeMismatch = "GGUF_FILE_TYPE_MISMATCH";
    public const string QuantizationVersionMissing = "GGUF_QUANT_VERSION_MISSING";
    public const string TrailingBytes = "GGUF_TRAILING_BYTES";
    public const string SplitMember = "GGUF_SPLIT_MEMBER";
    public const string SplitKeyType = "GGUF_SPLIT_KEY_TYPE";
}
