namespace ModelRelease.Core.Checkpoints.Safetensors;

/// <summary>
/// Stable codes of the safetensors readers (reference-formats §5b). Errors end reading; the
/// <c>*_WARN</c>-style codes below the errors are findings that do not.
/// </summary>
public static class SafetensorsCodes
{
    // Errors mirroring the reference reader's checks, in its order (§1.5).
    public const string HeaderTooSmall = "ST_HEADER_TOO_SMALL";
    public const string HeaderTooLarge = "ST_HEADER_TOO_LARGE";
    public const string HeaderLength = "ST_HEADER_LENGTH";
    public const string HeaderUtf8 = "ST_HEADER_UTF8";
    public const string HeaderJson = "ST_HEADER_JSON";
    public const string UnknownDType = "ST_UNKNOWN_DTYPE";
    public const string DuplicateKey = "ST_DUPLICATE_KEY";
    public const string Offset = "ST_OFFSET";
    public const string Overflow = "ST_OVERFLOW";
    public const string MisalignedSubByte = "ST_MISALIGNED_SUBBYTE";
    public const string SizeMismatch = "ST_SIZE_MISMATCH";
    public const string BufferCoverage = "ST_BUFFER_COVERAGE";

    // Sharded sets (index file).
    public const string IndexJson = "ST_INDEX_JSON";
    public const string IndexUnsafeName = "ST_INDEX_UNSAFE_NAME";
    public const string IndexMissingShard = "ST_INDEX_MISSING_SHARD";
    public const string IndexTensorNotInShard = "ST_INDEX_TENSOR_NOT_IN_SHARD";
    public const string IndexDuplicateTensor = "ST_INDEX_DUPLICATE_TENSOR";
    public const string IndexUnmappedTensor = "ST_INDEX_UNMAPPED_TENSOR";

    // Findings (warnings / info).
    public const string HeaderLeadingWhitespace = "ST_HEADER_LEADING_WHITESPACE";
    public const string UnknownField = "ST_UNKNOWN_FIELD";
    public const string HeaderHubLimit = "ST_HEADER_HUB_LIMIT";
    public const string MetadataTiedWeight = "ST_METADATA_TIED";
    public const string IndexTotalSize = "ST_INDEX_TOTAL_SIZE";
    public const string IndexMetadataConflict = "ST_INDEX_METADATA_CONFLICT";
}
