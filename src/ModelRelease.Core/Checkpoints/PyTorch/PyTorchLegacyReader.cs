using System.Buffers.Binary;
using System.Numerics;
using ModelRelease.Core.Checkpoints.Common;
using ModelRelease.Core.Checkpoints.PyTorch.Pickle;

namespace ModelRelease.Core.Checkpoints.PyTorch;

/// <summary>
/// Reads the legacy (pre-1.6, or <c>_use_new_zipfile_serialization=False</c>) format: a run of pickles
/// (magic number, protocol version, sys_info, the object, the sorted storage keys), then per storage an
/// 8-byte element count and the raw bytes. The counts are read and checked; the bytes are skipped.
/// </summary>
public sealed class PyTorchLegacyReader : ICheckpointFormatReader
{
    /// <summary>Pickle protocol 2 of the integer 0x1950A86A20F9469CFC6C, then STOP.</summary>
    private static readonly byte[] Magic = [0x80, 0x02, 0x8A, 0x0A, 0x6C, 0xFC, 0x9C, 0x46, 0xF9, 0x20, 0x6A, 0xA8, 0x50, 0x19, 0x2E];
    private static readonly BigInteger MagicNumber = BigInteger.Parse("119547037146038801333356", System.Globalization.CultureInfo.InvariantCulture);
    private const int ProtocolVersion = 1001;

    public string Name => "PyTorch legacy";

    public bool Recognizes(ReadOnlySpan<byte> head, string path) => head.StartsWith(Magic.AsSpan(0, Math.Min(Magic.Length, Math.Max(4, head.Length))));

    public async Task<Checkpoint> ReadAsync(ByteSource source, CheckpointReadContext context, CancellationToken cancellationToken)
    {
        var path = source.Path;
        var limits = context.Limits;
        var end = source.Length;
        var noStorages = new TorchStorageTable(path, legacy: true);

        var magic = await RunAsync(source, 0, end, "the magic-number pickle", limits, noStorages, cancellationToken).ConfigureAwait(false);
        if (magic.Value is not PickleInt m || m.Value != MagicNumber)
        {
            throw CheckpointErrors.Invalid(PyTorchCodes.Legacy, path, 0, "the first pickle is not torch's legacy magic number");
        }
        var protocol = await RunAsync(source, magic.End, end, "the protocol-version pickle", limits, noStorages, cancellationToken).ConfigureAwait(false);
        if (protocol.Value is not PickleInt p || p.Value != ProtocolVersion)
        {
            throw CheckpointErrors.Unsupported(PyTorchCodes.Legacy, path, magic.End, $"legacy protocol version {PickleMachine.Describe(protocol.Value)}; only {ProtocolVersion} exists");
        }
        var sysInfo = await RunAsync(source, protocol.End, end, "the sys_info pickle", limits, noStorages, cancellationToken).ConfigureAwait(false);
        var findings = new List<Finding>
        {
            new(FindingSeverity.Info, PyTorchCodes.Legacy, "legacy (pre-1.6) torch.save format; torch.load still reads it, but re-saving in the zip format is recommended") { Path = path },
        };
        var byteOrder = "little";
        if (sysInfo.Value is PickleDict info)
        {
            var little = info.Entries.FirstOrDefault(e => e.Key is PickleString { Value: "little_endian" }).Value;
            if (little is PickleBool { Value: false })
            {
                byteOrder = "big";
                findings.Add(new Finding(FindingSeverity.Warning, PyTorchCodes.ByteOrder, "saved on a big-endian machine") { Path = path });
            }
        }
        else
        {
            throw CheckpointErrors.Invalid(PyTorchCodes.Legacy, path, protocol.End, "the sys_info pickle is not a dict");
        }

        var table = new TorchStorageTable(path, legacy: true);
        var obj = await RunAsync(source, sysInfo.End, end, "the object pickle", limits, table, cancellationToken).ConfigureAwait(false);
        var walker = new TorchObjectWalker(path, limits, obj.End - sysInfo.End);
        walker.Walk(obj.Value);
        var keys = await RunAsync(source, obj.End, end, "the storage-keys pickle", limits, noStorages, cancellationToken).ConfigureAwait(false);
        if (keys.Value is not PickleSequence { Kind: PickleSequenceKind.List } keyList || keyList.Items.Any(k => k is not PickleString))
        {
            throw CheckpointErrors.Invalid(PyTorchCodes.Legacy, path, obj.End, "the storage-keys pickle is not a list of strings");
        }

        var locations = new Dictionary<string, StorageLocation>(StringComparer.Ordinal);
        var position = keys.End;
        var count = new byte[8];
        foreach (var key in keyList.Items.Cast<PickleString>().Select(k => k.Value))
        {
            var storage = table.Get(key) ?? throw CheckpointErrors.Invalid(PyTorchCodes.RecordMissing, path, keys.End, $"the key list names storage '{key}', which the object never uses");
            if (locations.ContainsKey(key)) throw CheckpointErrors.Invalid(PyTorchCodes.Legacy, path, keys.End, $"the key list names storage '{key}' twice");
            await source.ReadExactlyAtAsync(position, count, $"the element count of storage '{key}'", cancellationToken).ConfigureAwait(false);
            var n = BinaryPrimitives.ReadInt64LittleEndian(count);
            if (n != storage.ElementCount)
            {
                throw CheckpointErrors.Invalid(PyTorchCodes.RecordSize, path, position, $"storage '{key}' is stored with {n} elements but the object says {storage.ElementCount}");
            }
            var bytes = n * storage.Type.ElementSize;
            var dataStart = position + 8;
            if (bytes > end - dataStart)
            {
                throw new CheckpointFormatException(CheckpointErrorKind.Truncated, "CKPT_TRUNCATED", path,
                    $"storage '{key}' needs {bytes} bytes at offset {dataStart} but the file ends at {end}", end);
            }
            locations[key] = new StorageLocation(dataStart, bytes, null, true);
            position = dataStart + bytes;
        }
        foreach (var s in table.InOrder.Where(s => !locations.ContainsKey(s.Key)))
        {
            throw CheckpointErrors.Invalid(PyTorchCodes.RecordMissing, path, s.Offset, $"storage '{s.Key}' is used by the object but missing from the key list");
        }
        if (position < end)
        {
            findings.Add(new Finding(FindingSeverity.Warning, PyTorchCodes.TrailingBytes, $"{end - position} bytes follow the last storage") { Path = path, Offset = position });
        }

        var (tensors, storages, more) = TorchCheckpointBuilder.Build(path, walker, table, locations);
        findings.AddRange(more);
        var parameters = ElementCounts.Sum(tensors, path, findings);
        return new Checkpoint
        {
            Path = path,
            Format = CheckpointFormat.PyTorchLegacy,
            Length = source.Length,
            Tensors = tensors,
            Storages = storages,
            Metadata = walker.Leaves,
            Findings = findings,
            FormatVersion = ProtocolVersion,
            ByteOrder = byteOrder,
            ParameterCount = parameters,
        };
    }

    private static async Task<(PickleValue Value, long End)> RunAsync(ByteSource source, long start, long end, string what, CheckpointReaderLimits limits, TorchStorageTable table, CancellationToken ct)
    {
        var machine = new PickleMachine(source, start, Math.Min(end, start + limits.MaxPickleBytes), what, limits, table.Load);
        var value = await machine.RunAsync(ct).ConfigureAwait(false);
        return (value, machine.Position);
    }
}
