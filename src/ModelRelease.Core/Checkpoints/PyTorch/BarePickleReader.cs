using System.Text.RegularExpressions;
using ModelRelease.Core.Checkpoints.Common;
using ModelRelease.Core.Checkpoints.PyTorch.Pickle;

namespace ModelRelease.Core.Checkpoints.PyTorch;

/// <summary>
/// A file that is a bare pickle (pickle.dump output, or a payload dressed as <c>model.pt</c>) rather than a file
/// torch.save writes. <c>torch.load(weights_only=False)</c> would unpickle it, running whatever it names, so it is
/// read by the same allow-listed opcode reader as every torch pickle: a global outside the allow-list is
/// PT_UNSAFE_GLOBAL (CheckpointUnsafe), never imported; a harmless bare pickle is PT_LEGACY (CheckpointUnsupported).
/// Claims only files no other reader recognises, so it comes last.
/// </summary>
public sealed partial class BarePickleReader : ICheckpointFormatReader
{
    public string Name => "pickle";

    /// <summary>A PROTO opcode (protocols 2–5), or a protocol-0 GLOBAL (<c>cmodule\nname\n</c>), optionally after a MARK.</summary>
    public bool Recognizes(ReadOnlySpan<byte> head, string path)
    {
        if (head.Length >= 2 && head[0] == 0x80 && head[1] is >= 2 and <= 5) return true;
        var start = head.Length > 0 && head[0] == (byte)'(' ? 1 : 0;
        return head.Length > start && head[start] == (byte)'c' && ProtocolZeroGlobal().IsMatch(System.Text.Encoding.Latin1.GetString(head[start..]));
    }

    public async Task<Checkpoint> ReadAsync(ByteSource source, CheckpointReadContext context, CancellationToken cancellationToken)
    {
        var path = source.Path;
        var table = new TorchStorageTable(path, legacy: true);
        var machine = new PickleMachine(source, 0, Math.Min(source.Length, context.Limits.MaxPickleBytes), "the pickle", context.Limits, table.Load);
        await machine.RunAsync(cancellationToken).ConfigureAwait(false);
        throw CheckpointErrors.Unsupported(PyTorchCodes.Legacy, path, 0,
            "a bare pickle, not a file torch.save writes (no zip archive, no legacy magic number); it names only allowed globals, but ModelRelease reads tensors from torch.save files only");
    }

    [GeneratedRegex(@"^c[A-Za-z_][A-Za-z0-9_.]*\n[A-Za-z_][A-Za-z0-9_.]*\n", RegexOptions.CultureInvariant)]
    private static partial Regex ProtocolZeroGlobal();
}
