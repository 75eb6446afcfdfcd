using System.IO.Hashing;
using ModelRelease.Core.Checkpoints.Common;
using ModelRelease.Core.Checkpoints.PyTorch;
using ModelRelease.Core.Checkpoints.PyTorch.Zip;
using ModelRelease.Core.Hashing;

namespace ModelRelease.Core.Checkpoints.Deep;

/// <summary>
/// The CRC-32 of one zip record's data, computed while the deep scan reads the bytes anyway and checked
/// against the central directory (what torch's reader trusts). Stored records are hashed in file order
/// (<see cref="Append"/>) or in fixed-size pieces on several cores (<see cref="SetPiece"/>) joined at the
/// end; deflated records are hashed as they inflate (<see cref="SetInflated"/>).
/// </summary>
internal sealed class RecordCrcCheck(string file, ZipRecordSpan span, IReadOnlyList<string> tensors)
{
    private uint _crc;
    private long _hashed;
    private uint[]? _pieces;
    private int _pieceSize;
    private Finding? _failure;

    public string File { get; } = file;

    public ZipRecordSpan Span { get; } = span;

    public string Name => Span.Entry.Name;

    public long Start => Span.DataOffset;

    public long End => Span.DataEnd;

    /// <summary>Stored (method 0): the bytes in the file are the record's bytes.</summary>
    public bool IsStored => Span.Entry.Method == 0;

    public bool IsDeflated => Span.Entry.Method == 8;

    /// <summary>True once the record's CRC-32 was computed over all its bytes.</summary>
    public bool Verified => _failure is null && (IsStored || IsDeflated) && _hashed == HashedLength;

    private long HashedLength => IsDeflated ? Span.Entry.UncompressedSize : Span.Entry.CompressedSize;

    /// <summary>
    /// The checks of every record of the PyTorch zip <paramref name="checkpoint"/>, in data order; each
    /// knows the tensors whose storage it holds. A directory that no longer reads is a finding.
    /// </summary>
    public static async Task<IReadOnlyList<RecordCrcCheck>> ForArchiveAsync(Checkpoint checkpoint, List<Finding> findings, CancellationToken cancellationToken)
    {
        IReadOnlyList<ZipRecordSpan> spans;
        try
        {
            using var source = FileByteSource.Open(checkpoint.Path);
            spans = await ZipCentralDirectory.ReadSpansAsync(source, CheckpointReaderLimits.Default, cancellationToken).ConfigureAwait(false);
        }
        catch (CheckpointFormatException ex)
        {
            findings.Add(ex.ToFinding());
            return [];
        }
        var recordOf = checkpoint.Storages.Where(s => s.Record is not null).ToDictionary(s => s.Key, s => s.Record!, StringComparer.Ordinal);
        var tensorsOf = checkpoint.Tensors
            .Where(t => t.StorageKey is not null && recordOf.ContainsKey(t.StorageKey))
            .GroupBy(t => recordOf[t.StorageKey!], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)g.Select(t => t.Name).ToList(), StringComparer.Ordinal);
        return spans.Select(s => new RecordCrcCheck(checkpoint.Path, s, tensorsOf.GetValueOrDefault(s.Entry.Name) ?? [])).ToList();
    }

    /// <summary>Appends the next bytes of a stored record, in order.</summary>
    public void Append(ReadOnlySpan<byte> bytes)
    {
        _crc = Crc32Combination.Combine(_crc, Crc32.HashToUInt32(bytes), bytes.Length);
        _hashed += bytes.Length;
    }

    /// <summary>Prepares for hashing in pieces of <paramref name="pieceSize"/> bytes; returns the piece count.</summary>
    public int UsePieces(int pieceSize)
    {
        var count = (int)((Span.Entry.CompressedSize + pieceSize - 1) / pieceSize);
        _pieceSize = pieceSize;
        _pieces = new uint[count];
        return count;
    }

    /// <summary>Hashes piece <paramref name="index"/> (bytes [index·size, …) of the record); thread-safe across distinct pieces.</summary>
    public void SetPiece(int index, ReadOnlySpan<byte> bytes)
    {
        _pieces![index] = Crc32.HashToUInt32(bytes);
        Interlocked.Add(ref _hashed, bytes.Length);
    }

    /// <summary>Records the CRC-32 and length of a deflated record's inflated bytes.</summary>
    public void SetInflated(uint crc, long length)
    {
        _crc = crc;
        _hashed = length;
    }

    /// <summary>Records why the record's bytes could not be hashed (bad deflate data, wrong size).</summary>
    public void Fail(string code, string message, long offset)
    {
        _failure = new Finding(FindingSeverity.Error, code, $"record '{Name}': {message}") { Path = File, Record = Name, Offset = offset };
    }

    /// <summary>At most one finding: the CRC-32 differs from the central directory's, or only the local header disagrees, or the record could not be checked.</summary>
    public Finding? Verdict()
    {
        if (_failure is not null) return _failure;
        var entry = Span.Entry;
        if (!IsStored && !IsDeflated)
        {
            return new Finding(FindingSeverity.Warning, PyTorchCodes.CompressedRecord, $"record '{Name}' uses compression method {entry.Method}; its CRC-32 was not checked")
            { Path = File, Record = Name, Offset = entry.LocalHeaderOffset };
        }
        if (_hashed != HashedLength) return null; // cut short: the truncation is the finding
        var actual = Actual();
        var what = IsDeflated ? $"{_hashed} inflated bytes" : $"{_hashed} bytes";
        var local = Span.LocalCrc32;
        if (actual != entry.Crc32)
        {
            var verdict = local == actual ? "; its local header agrees with the data: the central directory is damaged"
                : local is { } l && l != entry.Crc32 ? $" and its local header {Hex32(l)}: the data is corrupt"
                : ": the data is corrupt";
            return new Finding(FindingSeverity.Error, PyTorchCodes.ZipCrcMismatch,
                $"record '{Name}': its {what} have CRC-32 {Hex32(actual)} but the central directory says {Hex32(entry.Crc32)}{verdict}{Holding()}")
            { Path = File, Record = Name, Offset = Start };
        }
        if (local is { } header && header != entry.Crc32)
        {
            return new Finding(FindingSeverity.Warning, PyTorchCodes.ZipCrcMismatch,
                $"record '{Name}': its data matches the central directory's CRC-32 {Hex32(entry.Crc32)} but its local header says {Hex32(header)}; a reader that streams the archive would reject it")
            { Path = File, Record = Name, Offset = entry.LocalHeaderOffset };
        }
        return null;
    }

    private uint Actual()
    {
        if (_pieces is null) return _crc;
        var crc = 0u;
        var left = Span.Entry.CompressedSize;
        foreach (var piece in _pieces)
        {
            var length = Math.Min(_pieceSize, left);
            crc = Crc32Combination.Combine(crc, piece, length);
            left -= length;
        }
        return crc;
    }

    private string Holding() => tensors.Count == 0 ? ""
        : $"; it holds the data of {string.Join(", ", tensors.Take(8))}{(tensors.Count > 8 ? $" and {tensors.Count - 8} more" : "")}";

    private static string Hex32(uint value) => "0x" + value.ToString("x8", System.Globalization.CultureInfo.InvariantCulture);
}
