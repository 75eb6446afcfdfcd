using ModelRelease.Core.Checkpoints.Common;

namespace ModelRelease.Core.Checkpoints.PyTorch;

/// <summary>Placeholder until the PyTorch zip reader lands.</summary>
public sealed class PyTorchZipReader : ICheckpointFormatReader
{
    public string Name => "PyTorch zip";

    public bool Recognizes(ReadOnlySpan<byte> head, string path) => false;

    public Task<Checkpoint> ReadAsync(ByteSource source, CheckpointReadContext context, CancellationToken cancellationToken) =>
        throw CheckpointErrors.Unsupported("CKPT_NOT_IMPLEMENTED", source.Path, null, "the PyTorch zip reader is not implemented yet");
}
