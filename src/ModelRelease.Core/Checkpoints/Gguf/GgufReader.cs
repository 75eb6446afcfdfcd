using ModelRelease.Core.Checkpoints.Common;

namespace ModelRelease.Core.Checkpoints.Gguf;

/// <summary>Placeholder until the GGUF reader lands.</summary>
public sealed class GgufReader : ICheckpointFormatReader
{
    public string Name => "GGUF";

    public bool Recognizes(ReadOnlySpan<byte> head, string path) => false;

    public Task<Checkpoint> ReadAsync(ByteSource source, CheckpointReadContext context, CancellationToken cancellationToken) =>
        throw CheckpointErrors.Unsupported("CKPT_NOT_IMPLEMENTED", source.Path, null, "the GGUF reader is not implemented yet");
}
