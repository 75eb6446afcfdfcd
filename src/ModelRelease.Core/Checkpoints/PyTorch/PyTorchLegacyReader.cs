using ModelRelease.Core.Checkpoints.Common;

namespace ModelRelease.Core.Checkpoints.PyTorch;

/// <summary>Placeholder until the PyTorch legacy reader lands.</summary>
public sealed class PyTorchLegacyReader : ICheckpointFormatReader
{
    public string Name => "PyTorch legacy";

    public bool Recognizes(ReadOnlySpan<byte> head, string path) => false;

    public Task<Checkpoint> ReadAsync(ByteSource source, CheckpointReadContext context, CancellationToken cancellationToken) =>
        throw CheckpointErrors.Unsupported("CKPT_NOT_IMPLEMENTED", source.Path, null, "the PyTorch legacy reader is not implemented yet");
}
