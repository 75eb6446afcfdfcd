namespace ModelRelease.Core.Checkpoints.Safetensors;

/// <summary>One <c>weight_map</c> entry of a sharded-set index: tensor name → shard file name, with the entry's offset in the index file.</summary>
internal sealed record SafetensorsIndexEntry(string Tensor, string Shard, long Position);
