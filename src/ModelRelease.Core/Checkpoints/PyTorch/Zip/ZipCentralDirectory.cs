using System.Buffers.Binary;
using System.Text;
using ModelRelease.Core.Checkpoints.Common;

namespace ModelRelease.Core.Checkpoints.PyTorch.Zip;

/// <summary>
/// Reads a zip archive's central directory from the end of the file (EOCD, and the ZIP64 locator and
/// record torch always writes), and the local headers of the records a reader asks for. Never walks
/// the archive forward (torch's local headers carry zero sizes) and never reads record data.
/// </summary>
public static class ZipCentralDirectory
{
    private const uint EocdSignature = 0x06054b50;
    private const uint Zip64EocdSignature = 0x06064b50;
    private const uint Zip64LocatorSignature = 0x07064b50;
    private const uint CentralSignature = 0x02014b50;
    private const uint LocalSignature = 0x04034b50;
    private const int EocdSize = 22;
    private const int MaxComment = 0xFFFF;

    public static async Task<IReadOnlyList<ZipEntry>> ReadAsync(ByteSource source, CheckpointReaderLimits limits, CancellationToken cancellationToken)
    {
        var path = source.Path;
        if (source.Length < EocdSize) throw Error(path, 0, $"the file is {source.Length} bytes long, too short for a zip archive's end record (22 bytes)", truncated: true);
        var tailLength = (int)Math.Min(source.Length, EocdSize + MaxComment + 20);
        var tailStart = source.Length - tailLength;
        var tail = new byte[tailLength];
        await source.ReadExactlyAtAsync(tailStart, tail, "zip end of central directory", cancellationToken).ConfigureAwait(false);

        var eocd = -1;
        for (var i = tailLength - EocdSize; i >= 0; i--)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(i)) != EocdSignature) continue;
            var commentLength = BinaryPrimitives.ReadUInt16LittleEndian(tail.AsSpan(i + 20));
            if (i + EocdSize + commentLength == tailLength) { eocd = i; break; }
        }
        if (eocd < 0)
        {
            throw Error(path, source.Length, "no zip end-of-central-directory record at the end of the file: the archive is truncated or not a zip (torch says \"failed finding central directory\")", truncated: true);
        }
        var e = tail.AsSpan(eocd);
        var eocdOffset = tailStart + eocd;
        long entries = BinaryPrimitives.ReadUInt16LittleEndian(e[10..]);
        long cdSize = BinaryPrimitives.ReadUInt32LittleEndian(e[12..]);
        long cdOffset = BinaryPrimitives.ReadUInt32LittleEndian(e[16..]);
        var diskNumber = BinaryPrimitives.ReadUInt16LittleEndian(e[4..]);
        var cdEnd = eocdOffset;

        // ZIP64: the locator sits just before the EOCD.
        if (eocd >= 20 && BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(eocd - 20)) == Zip64LocatorSignature)
        {
            var locator = tail.AsSpan(eocd - 20);
            var zip64Offset = BinaryPrimitives.ReadUInt64LittleEndian(locator[8..]);
            if (zip64Offset > (ulong)(eocdOffset - 20 - 56)) throw Error(path, eocdOffset - 20, $"the ZIP64 locator points at offset {zip64Offset}, outside the archive");
            var record = new byte[56];
            await source.ReadExactlyAtAsync((long)zip64Offset, record, "ZIP64 end of central directory", cancellationToken).ConfigureAwait(false);
            if (BinaryPrimitives.ReadUInt32LittleEndian(record) != Zip64EocdSignature) throw Error(path, (long)zip64Offset, "the ZIP64 locator does not point at a ZIP64 end-of-central-directory record");
            var entries64 = BinaryPrimitives.ReadUInt64LittleEndian(record.AsSpan(32));
            var size64 = BinaryPrimitives.ReadUInt64LittleEndian(record.AsSpan(40));
            var offset64 = BinaryPrimitives.ReadUInt64LittleEndian(record.AsSpan(48));
            if (entries64 > long.MaxValue || size64 > long.MaxValue || offset64 > long.MaxValue) throw Error(path, (long)zip64Offset, "ZIP64 counts out of range");
            entries = (long)entries64;
            cdSize = (long)size64;
            cdOffset = (long)offset64;
            cdEnd = (long)zip64Offset;
        }
        else if (entries == 0xFFFF || cdSize == 0xFFFFFFFF || cdOffset == 0xFFFFFFFF)
        {
            throw Error(path, eocdOffset, "the end record says ZIP64 but there is no ZIP64 locator");
        }
        if (diskNumber != 0) throw Error(path, eocdOffset, "multi-disk zip archives are not checkpoints");
        if (cdOffset < 0 || cdSize < 0 || cdOffset > cdEnd || cdSize > cdEnd - cdOffset)
        {
            throw Error(path, eocdOffset, $"the central directory ({cdSize} bytes at offset {cdOffset}) does not lie before the end record at {cdEnd}");
        }
        if (entries > limits.MaxZipEntries || entries > cdSize / 46 + 1)
        {
            throw Error(path, eocdOffset, $"the end record claims {entries} entries, more than a {cdSize}-byte central directory can hold");
        }

        var cd = new byte[cdSize];
        await source.ReadExactlyAtAsync(cdOffset, cd, "zip central directory", cancellationToken).ConfigureAwait(false);
        var result = new List<ZipEntry>((int)Math.Min(entries, 4096));
        var p = 0;
        for (long n = 0; n < entries; n++)
        {
            var at = cdOffset + p;
            if (p + 46 > cd.Length) throw Error(path, at, $"central directory entry {n} runs past the directory's end");
            var h = cd.AsSpan(p);
            if (BinaryPrimitives.ReadUInt32LittleEndian(h) != CentralSignature) throw Error(path, at, $"central directory entry {n} has a bad signature");
            var flags = BinaryPrimitives.ReadUInt16LittleEndian(h[8..]);
            var method = BinaryPrimitives.ReadUInt16LittleEndian(h[10..]);
            var crc = BinaryPrimitives.ReadUInt32LittleEndian(h[16..]);
            long csize = BinaryPrimitives.ReadUInt32LittleEndian(h[20..]);
            long usize = BinaryPrimitives.ReadUInt32LittleEndian(h[24..]);
            var nameLength = BinaryPrimitives.ReadUInt16LittleEndian(h[28..]);
            var extraLength = BinaryPrimitives.ReadUInt16LittleEndian(h[30..]);
            var commentLength = BinaryPrimitives.ReadUInt16LittleEndian(h[32..]);
            long localOffset = BinaryPrimitives.ReadUInt32LittleEndian(h[42..]);
            if (p + 46 + nameLength + extraLength + commentLength > cd.Length) throw Error(path, at, $"central directory entry {n} runs past the directory's end");
            string name;
            try
            {
                name = ((flags & 0x0800) != 0 ? SequentialReader.StrictUtf8 : (Encoding)Encoding.Latin1).GetString(cd, p + 46, nameLength);
            }
            catch (DecoderFallbackException)
            {
                throw Error(path, at + 46, $"central directory entry {n} has a name that is not valid UTF-8");
            }
            var extra = cd.AsSpan(p + 46 + nameLength, extraLength);
            // ZIP64 extended information: the 0xFFFFFFFF fields, in order usize, csize, offset.
            for (var x = 0; x + 4 <= extra.Length;)
            {
                var id = BinaryPrimitives.ReadUInt16LittleEndian(extra[x..]);
                var size = BinaryPrimitives.ReadUInt16LittleEndian(extra[(x + 2)..]);
                if (x + 4 + size > extra.Length) throw Error(path, at, $"entry '{name}': an extra field runs past its end");
                if (id == 0x0001)
                {
                    var fieldStart = p + 46 + nameLength + x + 4;
                    var q = 0;
                    if (usize == 0xFFFFFFFF) usize = Zip64Field(cd, fieldStart, size, ref q, path, at, name);
                    if (csize == 0xFFFFFFFF) csize = Zip64Field(cd, fieldStart, size, ref q, path, at, name);
                    if (localOffset == 0xFFFFFFFF) localOffset = Zip64Field(cd, fieldStart, size, ref q, path, at, name);
                }
                x += 4 + size;
            }
            if (localOffset > cdOffset || csize > cdOffset - localOffset)
            {
                throw Error(path, at, $"entry '{name}': {csize} bytes at local header offset {localOffset} would overlap the central directory at {cdOffset}");
            }
            result.Add(new ZipEntry(name, method, csize, usize, localOffset, crc, at));
            p += 46 + nameLength + extraLength + commentLength;
        }
        return result;
    }

    private static long Zip64Field(byte[] cd, int fieldStart, int fieldSize, ref int q, string path, long at, string name)
    {
        if (q + 8 > fieldSize) throw Error(path, at, $"entry '{name}': the ZIP64 extra field is too short");
        var v = BinaryPrimitives.ReadUInt64LittleEndian(cd.AsSpan(fieldStart + q));
        q += 8;
        return v > long.MaxValue ? throw Error(path, at, $"entry '{name}': a ZIP64 size is out of range") : (long)v;
    }

    /// <summary>Absolute offset of <paramref name="entry"/>'s data, from its local header (30 bytes + name + extra).</summary>
    public static async Task<long> DataOffsetAsync(ByteSource source, ZipEntry entry, CancellationToken cancellationToken) =>
        (await LocateAsync(source, entry, cancellationToken).ConfigureAwait(false)).DataOffset;

    /// <summary>
    /// Reads <paramref name="entry"/>'s local header: where its data starts (checked to lie inside the file)
    /// and the CRC-32 the header carries when it does not defer it to a data descriptor (flag bit 3).
    /// </summary>
    public static async Task<ZipRecordSpan> LocateAsync(ByteSource source, ZipEntry entry, CancellationToken cancellationToken)
    {
        var header = new byte[30];
        await source.ReadExactlyAtAsync(entry.LocalHeaderOffset, header, $"the local header of '{entry.Name}'", cancellationToken).ConfigureAwait(false);
        if (BinaryPrimitives.ReadUInt32LittleEndian(header) != LocalSignature)
        {
            throw Error(source.Path, entry.LocalHeaderOffset, $"entry '{entry.Name}': no local header at offset {entry.LocalHeaderOffset}");
        }
        var start = entry.LocalHeaderOffset + 30 + BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(26)) + BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(28));
        if (start > source.Length || entry.CompressedSize > source.Length - start)
        {
            throw new CheckpointFormatException(CheckpointErrorKind.Truncated, "CKPT_TRUNCATED", source.Path,
                $"entry '{entry.Name}': {entry.CompressedSize} bytes of data at offset {start} run past the end of the file ({source.Length} bytes)", start);
        }
        var deferred = (BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(6)) & 0x0008) != 0;
        return new ZipRecordSpan(entry, start, deferred ? null : BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(14)));
    }

    /// <summary>Every record of the archive with where its data lies, in data order: the central directory and each local header, never the data.</summary>
    public static async Task<IReadOnlyList<ZipRecordSpan>> ReadSpansAsync(ByteSource source, CheckpointReaderLimits limits, CancellationToken cancellationToken)
    {
        var entries = await ReadAsync(source, limits, cancellationToken).ConfigureAwait(false);
        var spans = new List<ZipRecordSpan>(entries.Count);
        foreach (var entry in entries) spans.Add(await LocateAsync(source, entry, cancellationToken).ConfigureAwait(false));
        spans.Sort((a, b) => a.DataOffset.CompareTo(b.DataOffset));
        return spans;
    }

    private static CheckpointFormatException Error(string path, long offset, string detail, bool truncated = false) =>
        truncated
            ? new CheckpointFormatException(CheckpointErrorKind.Truncated, "CKPT_TRUNCATED", path, detail, offset)
            : CheckpointErrors.Invalid(PyTorchCodes.Zip, path, offset, detail);
}
