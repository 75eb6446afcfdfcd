namespace ModelRelease;

/// <summary>One file of a sharded checkpoint (safetensors index or GGUF split set).</summary>
public sealed record CheckpointShard(string Path, long Length, int TensorCount);
