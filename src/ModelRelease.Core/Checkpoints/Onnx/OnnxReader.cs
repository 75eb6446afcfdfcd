using ModelRelease.Core.Checkpoints.Common;

namespace ModelRelease.Core.Checkpoints.Onnx;

/// <summary>Placeholder until the ONNX reader lands.</summary>
public sealed class OnnxReader : ICheckpointFormatReader
{
    public string Name => "ONNX";

    public bool Recognizes(ReadOnlySpan<byte> head, string path) => false;

    public Task<Checkpoint> ReadAsync(ByteSource source, CheckpointReadContext context, CancellationToken cancellationToken) =>
        throw CheckpointErrors.Unsupported("CKPT_NOT_IMPLEMENTED", source.Path, null, "the ONNX reader is not implemented yet");
}
