namespace ModelRelease.Core.Checkpoints.PyTorch;

/// <summary>Stable finding codes of the PyTorch readers (checkpoint-formats.md §5b).</summary>
public static class PyTorchCodes
{
    public const string Zip = "PT_ZIP";
    /// <summary>A record's data does not have the CRC-32 its central directory entry gives (deep check), or its local header disagrees.</summary>
    public const string ZipCrcMismatch = "PT_ZIP_CRC_MISMATCH";
    public const string Version = "PT_VERSION";
    public const string PickleOpcode = "PT_PICKLE_OPCODE";
    public const string UnsafeGlobal = "PT_UNSAFE_GLOBAL";
    public const string PickleStructure = "PT_PICKLE_STRUCTURE";
    public const string PersistentId = "PT_PERSISTENT_ID";
    public const string StorageType = "PT_STORAGE_TYPE";
    public const string RecordMissing = "PT_RECORD_MISSING";
    public const string RecordSize = "PT_RECORD_SIZE";
    public const string ViewBounds = "PT_VIEW_BOUNDS";
    public const string CompressedRecord = "PT_COMPRESSED_RECORD";
    /// <summary>A deflated data.pkl claims to inflate to more than its compressed size allows (an inflate bomb).</summary>
    public const string InflateLimit = "PT_ZIP_INFLATE_LIMIT";
    public const string ByteOrder = "PT_BYTEORDER";
    public const string Legacy = "PT_LEGACY";
    public const string TorchScript = "PT_TORCHSCRIPT";
    public const string UnsupportedTensor = "PT_UNSUPPORTED_TENSOR";
    public const string StorageConflict = "PT_STORAGE_CONFLICT";
    public const string TrailingBytes = "PT_TRAILING_BYTES";
    public const string SharedStorage = "PT_SHARED_STORAGE";
    /// <summary>The saved object, or a dict key, nests deeper than the limit or contains itself where that cannot be walked.</summary>
    public const string PickleDepth = "PT_PICKLE_DEPTH";
    /// <summary>A container referenced from two places is listed once, under its first name.</summary>
    public const string SharedContainer = "PT_SHARED_CONTAINER";
    /// <summary>Non-tensor values were left out of the metadata (too many, or names too long).</summary>
    public const string MetadataOmitted = "PT_METADATA_OMITTED";
}
