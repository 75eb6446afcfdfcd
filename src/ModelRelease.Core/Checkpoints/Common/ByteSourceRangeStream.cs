namespace ModelRelease.Core.Checkpoints.Common;

/// <summary>
/// A read-only, forward-only stream over [<c>start</c>, <c>end</c>) of a <see cref="ByteSource"/> (the compressed bytes
/// of one archive record fed to an inflater), never past its end; reads are counted by the source.
/// </summary>
public sealed class ByteSourceRangeStream(ByteSource source, long start, long end) : Stream
{
    private long _read;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => end - start;

    public override long Position
    {
        get => _read;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) =>
        ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var want = (int)Math.Min(buffer.Length, end - start - _read);
        if (want <= 0) return 0;
        var n = await source.ReadAtAsync(start + _read, buffer[..want], cancellationToken).ConfigureAwait(false);
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
