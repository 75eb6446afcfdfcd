using Microsoft.Win32.SafeHandles;

namespace ModelRelease.Core.Checkpoints.Common;

/// <summary>
/// A read-only, forward-only stream over [<c>start</c>, <c>end</c>) of an open file, read positionally (no
/// shared file pointer): the compressed bytes of one archive record fed to an inflater, never past its end.
/// </summary>
public sealed class FileRangeStream(SafeFileHandle handle, long start, long end) : Stream
{
    private long _read;

    private long Next => start + _read;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => end - start;

    public override long Position
    {
        get => _read;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var want = (int)Math.Min(buffer.Length, end - Next);
        if (want <= 0) return 0;
        var n = RandomAccess.Read(handle, buffer[..want], Next);
        _read += n;
        return n;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var want = (int)Math.Min(buffer.Length, end - Next);
        if (want <= 0) return 0;
        var n = await RandomAccess.ReadAsync(handle, buffer[..want], Next, cancellationToken).ConfigureAwait(false);
        _read += n;
        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
