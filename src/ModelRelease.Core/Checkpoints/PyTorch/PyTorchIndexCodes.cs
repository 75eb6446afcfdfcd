namespace ModelRelease.Core.Checkpoints.PyTorch;

/// <summary>Stable codes of the sharded PyTorch set (its JSON errors are the safetensors index's ST_INDEX_* codes: the format is the same).</summary>
public static class PyTorchIndexCodes
{
    public const string Empty = "PT_INDEX_EMPTY";
    public const string MissingShard = "PT_INDEX_MISSING_SHARD";
    public const string TensorNotInShard = "PT_INDEX_TENSOR_NOT_IN_SHARD";
    public const string UnmappedTensor = "PT_INDEX_UNMAPPED_TENSOR";
    public const string DuplicateTensor = "PT_INDEX_DUPLICATE_TENSOR";
    public const string TotalSize = "PT_INDEX_TOTAL_SIZE";
}
