using System.IO.Compression;
using ModelRelease.Core.Checkpoints.Common;

namespace ModelRelease.Core.Checkpoints.PyTorch.Zip;

/// <summary>
/// A deflated archive record presented as a file of <see cref="ByteSource.Length"/> bytes (the size the central
/// directory gives, already checked against the limits) that is inflated as it is read, front to back, through the
/// inflater's own small window: nothing is ever inflated into a buffer sized by the archive's claims, and nothing past
/// <see cref="ByteSource.Length"/> is ever produced. Reads must move forward (a sequential reader's do); a gap is
/// inflated and dropped. Bad deflate data is PT_ZIP naming the record's offset in the archive.
/// </summary>
public sealed class InflatedRecordSource : ByteSource
{
    private readonly DeflateStream _inflater;
    private readonly string _archivePath;
    private readonly long _recordOffset;
    private long _position;

    public InflatedRecordSource(ByteSource archive, ZipRecordSpan span, long length)
        : base(archive.Path, length)
    {
        _archivePath = archive.Path;
        _recordOffset = span.DataOffset;
        _inflater = new DeflateStream(new ByteSourceRangeStream(archive, span.DataOffset, span.DataEnd), CompressionMode.Decompress);
    }

    /// <summary>Inflated bytes produced so far (skipped ones included).</summary>
    public long Produced => _position;

    protected override async ValueTask<int> ReadCoreAsync(long offset, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        if (offset < _position) throw new InvalidOperationException($"an inflated record reads forward only (asked for offset {offset} after {_position})");
        try
        {
            if (offset > _position)
            {
                var scratch = new byte[(int)Math.Min(64 * 1024, offset - _position)];
                while (_position < offset)
                {
                    var n = await _inflater.ReadAsync(scratch.AsMemory(0, (int)Math.Min(scratch.Length, offset - _position)), cancellationToken).ConfigureAwait(false);
                    if (n == 0) return 0;
                    _position += n;
                }
            }
            var read = await _inflater.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            _position += read;
            return read;
        }
        catch (InvalidDataException ex)
        {
            throw new CheckpointFormatException(CheckpointErrorKind.Invalid, PyTorchCodes.Zip, _archivePath, $"not valid deflate data: {ex.Message}", _recordOffset, innerException: ex);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _inflater.Dispose();
    }
}
