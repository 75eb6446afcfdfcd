namespace ModelRelease.Core.Checkpoints.Common;

/// <summary>Chooses the reader for a file from its first bytes and its name.</summary>
public sealed class CheckpointSniffer(IReadOnlyList<ICheckpointFormatReader> readers)
{
    /// <summary>How many leading bytes readers get to look at.</summary>
    public const int HeadLength = 64;

    public IReadOnlyList<ICheckpointFormatReader> Readers { get; } = readers;

    public async Task<ICheckpointFormatReader> ChooseAsync(ByteSource source, CancellationToken cancellationToken)
    {
        var head = new byte[(int)Math.Min(HeadLength, source.Length)];
        var n = await source.ReadAtAsync(0, head, cancellationToken).ConfigureAwait(false);
        foreach (var reader in Readers)
        {
            if (reader.Recognizes(head.AsSpan(0, n), source.Path)) return reader;
        }
        if (source.Length == 0)
        {
            throw new CheckpointFormatException(CheckpointErrorKind.Truncated, "CKPT_EMPTY", source.Path, "the file is empty", 0);
        }
        throw new CheckpointFormatException(
            CheckpointErrorKind.Unrecognized, "CKPT_UNRECOGNIZED", source.Path,
            "not a checkpoint this tool reads: expected safetensors (8-byte header length then JSON), GGUF (magic 'GGUF'), a PyTorch zip ('PK') or legacy pickle, an ONNX model (.onnx) or a safetensors index (.safetensors.index.json)",
            0);
    }
}
