using ModelRelease.Core.Checkpoints.Common;

namespace ModelRelease.Core.Checkpoints.Safetensors;

/// <summary>Placeholder until the safetensors reader lands.</summary>
public sealed class SafetensorsReader : ICheckpointFormatReader
{
    public string Name => "safetensors";

    public bool Recognizes(ReadOnlySpan<byte> head, string path) => false;

    public Task<Checkpoint> ReadAsync(ByteSource source, CheckpointReadContext context, CancellationToken cancellationToken) =>
        throw CheckpointErrors.Unsupported("CKPT_NOT_IMPLEMENTED", source.Path, null, "the safetensors reader is not implemented yet");
}
