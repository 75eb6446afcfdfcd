using System.Globalization;
using System.IO.Compression;
using System.Text;
using ModelRelease.Core.Checkpoints.Common;
using ModelRelease.Core.Checkpoints.PyTorch.Pickle;
using ModelRelease.Core.Checkpoints.PyTorch.Zip;

namespace ModelRelease.Core.Checkpoints.PyTorch;

/// <summary>
/// Reads a PyTorch zip checkpoint (torch ≥ 1.6): the central directory from the end of the file, the
/// archive prefix whatever it is, the version record, and <c>data.pkl</c> through our own pickle
/// machine with its allow-list — never the storages' data. Each storage record must exist and hold
/// exactly numel × element size bytes.
/// </summary>
public sealed class PyTorchZipReader : ICheckpointFormatReader
{
    /// <summary>Highest archive version accepted (torch's kMaxSupportedFileFormatVersion has grown over time).</summary>
    public const int MaxArchiveVersion = 20;

    public string Name => "PyTorch zip";

    public bool Recognizes(ReadOnlySpan<byte> head, string path) =>
        head.StartsWith("PK\u0003\u0004"u8) || head.StartsWith("PK\u0005\u0006"u8) || head.StartsWith("PYTORCH1"u8);

    public async Task<Checkpoint> ReadAsync(ByteSource source, CheckpointReadContext context, CancellationToken cancellationToken)
    {
        var path = source.Path;
        var head = new byte[(int)Math.Min(8, source.Length)];
        await source.ReadExactlyAtAsync(0, head, "the archive's first bytes", cancellationToken).ConfigureAwait(false);
        if (head.AsSpan().StartsWith("PYTORCH1"u8))
        {
            throw CheckpointErrors.Unsupported(PyTorchCodes.Zip, path, 0, "an archive from the PyTorch 1.6 preview release (magic PYTORCH1), which torch itself no longer reads");
        }

        var entries = await ZipCentralDirectory.ReadAsync(source, context.Limits, cancellationToken).ConfigureAwait(false);
        if (entries.Count == 0) throw CheckpointErrors.Invalid(PyTorchCodes.Zip, path, 0, "the archive is empty");
        var first = entries[0];
        var slash = first.Name.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0) throw CheckpointErrors.Invalid(PyTorchCodes.Zip, path, first.CentralDirectoryOffset, $"record '{first.Name}' is not in a folder: a torch archive keeps every record under one prefix");
        var prefix = first.Name[..(slash + 1)];
        var byName = new Dictionary<string, ZipEntry>(StringComparer.Ordinal);
        foreach (var e in entries)
        {
            if (!e.Name.StartsWith(prefix, StringComparison.Ordinal))
            {
                throw CheckpointErrors.Invalid(PyTorchCodes.Zip, path, e.CentralDirectoryOffset, $"record '{e.Name}' is outside the archive prefix '{prefix}'");
            }
            if (!byName.TryAdd(e.Name[prefix.Length..], e))
            {
                throw CheckpointErrors.Invalid(PyTorchCodes.Zip, path, e.CentralDirectoryOffset, $"record '{e.Name}' appears twice");
            }
        }
        if (byName.ContainsKey("constants.pkl") || byName.Keys.Any(k => k.StartsWith("code/", StringComparison.Ordinal)))
        {
            throw CheckpointErrors.Unsupported(PyTorchCodes.TorchScript, path, first.CentralDirectoryOffset, "a TorchScript archive (code/ and constants.pkl): a compiled program, not a state dict; load it with torch.jit.load and save its state_dict");
        }
        if (byName.ContainsKey("archive_format") || byName.Keys.Any(k => k.StartsWith("models/", StringComparison.Ordinal) && k.EndsWith(".json", StringComparison.Ordinal)))
        {
            throw CheckpointErrors.Unsupported(PyTorchCodes.TorchScript, path, first.CentralDirectoryOffset, "a torch.export (PT2) archive, not a state dict");
        }

        var findings = new List<Finding>();
        var version = await ReadVersionAsync(source, byName, prefix, cancellationToken).ConfigureAwait(false);
        var byteOrder = "little";
        if (byName.TryGetValue("byteorder", out var bo))
        {
            var text = (await ReadSmallTextAsync(source, bo, cancellationToken).ConfigureAwait(false)).Trim();
            if (text == "big")
            {
                byteOrder = "big";
                findings.Add(new Finding(FindingSeverity.Warning, PyTorchCodes.ByteOrder, "the storages were saved on a big-endian machine") { Path = path });
            }
            else if (text != "little")
            {
                throw CheckpointErrors.Invalid(PyTorchCodes.ByteOrder, path, bo.LocalHeaderOffset, $"the byteorder record says '{Clip(text)}'; expected 'little' or 'big'");
            }
        }

        if (!byName.TryGetValue("data.pkl", out var pkl))
        {
            throw CheckpointErrors.Invalid(PyTorchCodes.RecordMissing, path, null, $"the archive has no '{prefix}data.pkl' record: not a torch.save checkpoint");
        }
        if (pkl.UncompressedSize > context.Limits.MaxPickleBytes)
        {
            throw CheckpointErrors.Invalid(PyTorchCodes.PickleStructure, path, pkl.LocalHeaderOffset, $"data.pkl is {pkl.UncompressedSize} bytes; at most {context.Limits.MaxPickleBytes} are accepted");
        }
        var table = new TorchStorageTable(path, legacy: false);
        var pklSpan = await ZipCentralDirectory.LocateAsync(source, pkl, cancellationToken).ConfigureAwait(false);
        var pklOffset = pklSpan.DataOffset;
        PickleMachine machine;
        InflatedRecordSource? inflated = null;
        try
        {
            if (pkl.Method == 0)
            {
                if (pkl.CompressedSize != pkl.UncompressedSize) throw CheckpointErrors.Invalid(PyTorchCodes.Zip, path, pkl.CentralDirectoryOffset, "a stored record whose compressed and uncompressed sizes differ");
                machine = new PickleMachine(source, pklOffset, pklOffset + pkl.UncompressedSize, pkl.Name, context.Limits, table.Load);
            }
            else if (pkl.Method == 8)
            {
                // Streamed: the pickle machine pulls inflated bytes through the inflater's window, never more than
                // the directory's size, which must itself be plausible for the compressed size (an inflate bomb is not).
                var allowed = InflateAllowance(pkl.CompressedSize, context.Limits);
                if (pkl.UncompressedSize > allowed)
                {
                    throw CheckpointErrors.Invalid(PyTorchCodes.InflateLimit, path, pkl.CentralDirectoryOffset,
                        $"data.pkl would inflate from {pkl.CompressedSize} to {pkl.UncompressedSize} bytes; at most {allowed} are accepted ({context.Limits.MaxPickleInflateRatio} times the compressed size, at least {context.Limits.MinPickleInflateAllowance}, never more than {context.Limits.MaxPickleBytes}): refused as an inflate bomb");
                }
                inflated = ZipRecordInflater.Open(source, pklSpan, pkl.UncompressedSize);
                machine = new PickleMachine(inflated, 0, inflated.Length, pkl.Name + " (inflated)", context.Limits, table.Load);
                findings.Add(new Finding(FindingSeverity.Warning, PyTorchCodes.CompressedRecord, "data.pkl is compressed; torch writes it stored") { Path = path });
            }
            else
            {
                throw CheckpointErrors.Unsupported(PyTorchCodes.Zip, path, pkl.CentralDirectoryOffset, $"data.pkl uses zip compression method {pkl.Method}");
            }
            var root = await machine.RunAsync(cancellationToken).ConfigureAwait(false);

            var walker = new TorchObjectWalker(path, context.Limits, pkl.UncompressedSize);
            walker.Walk(root);

            var locations = new Dictionary<string, StorageLocation>(StringComparer.Ordinal);
            foreach (var storage in table.InOrder)
            {
                if (!byName.TryGetValue("data/" + storage.Key, out var record))
                {
                    throw CheckpointErrors.Invalid(PyTorchCodes.RecordMissing, path, storage.Offset, $"storage '{storage.Key}' has no record '{prefix}data/{storage.Key}' in the archive");
                }
                var expected = storage.ElementCount * storage.Type.ElementSize;
                if (record.UncompressedSize != expected)
                {
                    throw CheckpointErrors.Invalid(PyTorchCodes.RecordSize, path, record.CentralDirectoryOffset,
                        $"record '{record.Name}' holds {record.UncompressedSize} bytes but storage '{storage.Key}' is {storage.Type.ClassName} of {storage.ElementCount} elements ({expected} bytes)");
                }
                var offset = await ZipCentralDirectory.DataOffsetAsync(source, record, cancellationToken).ConfigureAwait(false);
                var stored = record.Method == 0 && record.CompressedSize == record.UncompressedSize;
                if (!stored)
                {
                    findings.Add(new Finding(FindingSeverity.Warning, PyTorchCodes.CompressedRecord,
                        $"record '{record.Name}' is compressed (method {record.Method}); its bytes cannot be mapped or scanned in place") { Path = path, Offset = record.LocalHeaderOffset });
                }
                locations[storage.Key] = new StorageLocation(offset, record.CompressedSize, record.Name, stored);
            }
            var (tensors, storages, more) = TorchCheckpointBuilder.Build(path, walker, table, locations);
            findings.AddRange(more);
            var parameters = ElementCounts.Sum(tensors, path, findings);
            return new Checkpoint
            {
                Path = path,
                Format = CheckpointFormat.PyTorch,
                Length = source.Length,
                Tensors = tensors,
                Storages = storages,
                Metadata = walker.Leaves,
                Findings = findings,
                FormatVersion = version,
                ByteOrder = byteOrder,
                ParameterCount = parameters,
            };
        }
        finally
        {
            inflated?.Dispose();
        }
    }

    private static async Task<long> ReadVersionAsync(ByteSource source, Dictionary<string, ZipEntry> byName, string prefix, CancellationToken ct)
    {
        if (!byName.TryGetValue(".data/version", out var entry) && !byName.TryGetValue("version", out entry))
        {
            throw CheckpointErrors.Invalid(PyTorchCodes.Version, source.Path, null, $"the archive has no '{prefix}version' record");
        }
        var text = (await ReadSmallTextAsync(source, entry, ct).ConfigureAwait(false)).Trim();
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var v) || v < 1 || v > MaxArchiveVersion)
        {
            throw CheckpointErrors.Invalid(PyTorchCodes.Version, source.Path, entry.LocalHeaderOffset, $"the version record says '{Clip(text)}'; expected an archive version from 1 to {MaxArchiveVersion}");
        }
        return v;
    }

    private static async Task<string> ReadSmallTextAsync(ByteSource source, ZipEntry entry, CancellationToken ct)
    {
        if (entry.Method != 0 || entry.UncompressedSize > 64 || entry.CompressedSize != entry.UncompressedSize)
        {
            throw CheckpointErrors.Invalid(PyTorchCodes.Zip, source.Path, entry.CentralDirectoryOffset, $"record '{entry.Name}' should be a few stored bytes of text");
        }
        var offset = await ZipCentralDirectory.DataOffsetAsync(source, entry, ct).ConfigureAwait(false);
        var bytes = new byte[entry.UncompressedSize];
        await source.ReadExactlyAtAsync(offset, bytes, entry.Name, ct).ConfigureAwait(false);
        return Encoding.ASCII.GetString(bytes);
    }

    /// <summary>The most bytes a deflated data.pkl of <paramref name="compressed"/> bytes may inflate to.</summary>
    public static long InflateAllowance(long compressed, CheckpointReaderLimits limits) =>
        Math.Min(limits.MaxPickleBytes, Math.Max(limits.MinPickleInflateAllowance, CheckedMath.Multiply(compressed, limits.MaxPickleInflateRatio) ?? long.MaxValue));

    private static string Clip(string s) => s.Length > 20 ? s[..20] + "…" : s;
}
