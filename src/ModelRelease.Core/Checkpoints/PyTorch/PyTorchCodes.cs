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
    public const string ByteOrder = "PT_BYTEORDER";
    public const string Legacy = "PT_LEGACY";
    public const string TorchScript = "PT_TORCHSCRIPT";
    public const string UnsupportedTensor = "PT_UNSUPPORTED_TENSOR";
    public const string StorageConflict = "PT_STORAGE_CONFLICT";
    public const string TrailingBytes = "PT_TRAILING_BYTES";
    public const string SharedStorage = "PT_SHARED_STORAGE";
}
