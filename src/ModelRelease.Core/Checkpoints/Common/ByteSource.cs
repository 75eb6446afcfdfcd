namespace ModelRelease.Core.Checkpoints.Common;

/// <summary>
/// Random-access bytes of one checkpoint file. Readers only ever read through this, so the bytes a
/// reader touches are counted (<see cref="BytesRead"/>) and tests can feed it truncated or mutated
/// copies from memory.
/// </summary>
public abstract class ByteSource : IDisposable
{
    private long _bytesRead;

    protected ByteSource(string path, long length)
    {
        Path = path;
        Length = length;
    }

    /// <summary>The path reported in errors and records.</summary>
    public string Path { get; }

    public long Length { get; }

    /// <summary>Total bytes returned by reads so far.</summary>
    public long BytesRead => Interlocked.Read(ref _bytesRead);

    /// <summary>Reads up to <paramref name="buffer"/>.Length bytes at <paramref name="offset"/>; fewer only at end of file.</summary>
    public async ValueTask<int> ReadAtAsync(long offset, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        if (offset < 0 || offset > Length) throw new ArgumentOutOfRangeException(nameof(offset));
        var want = (int)Math.Min(buffer.Length, Length - offset);
        var total = 0;
        while (total < want)
        {
            var n = await ReadCoreAsync(offset + total, buffer.Slice(total, want - total), cancellationToken).ConfigureAwait(false);
            if (n <= 0) break;
            total += n;
        }
        Interlocked.Add(ref _bytesRead, total);
        return total;
    }

    /// <summary>Reads exactly <paramref name="buffer"/>.Length bytes or throws CKPT_TRUNCATED naming the offset.</summary>
    public async ValueTask ReadExactlyAtAsync(long offset, Memory<byte> buffer, string what, CancellationToken cancellationToken)
    {
        if (offset < 0 || offset > Length || buffer.Length > Length - offset)
        {
            throw CheckpointErrors.Truncated(Path, offset, $"{what}: needs {buffer.Length} bytes at offset {offset} but the file is {Length} bytes long");
        }
        var n = await ReadAtAsync(offset, buffer, cancellationToken).ConfigureAwait(false);
        if (n != buffer.Length)
        {
            throw CheckpointErrors.Truncated(Path, offset + n, $"{what}: file ended after {n} of {buffer.Length} bytes");
        }
    }

    protected abstract ValueTask<int> ReadCoreAsync(long offset, Memory<byte> buffer, CancellationToken cancellationToken);

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
    }
}
