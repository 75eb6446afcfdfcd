namespace ModelRelease.Core.Checkpoints.PyTorch.Zip;

/// <summary>
/// Where one record's data lies in the archive, read from its local header, and the CRC-32 the local
/// header carries (null when the header defers it to a data descriptor, as torch's writer does).
/// </summary>
public sealed record ZipRecordSpan(ZipEntry Entry, long DataOffset, uint? LocalCrc32)
{
    /// <summary>The first byte after the record's (compressed) data.</summary>
    public long DataEnd => DataOffset + Entry.CompressedSize;
}
