namespace ModelRelease.Core.Checkpoints.Common;

/// <summary>Bytes in memory presented as a file (tests, fuzzing, embedded records).</summary>
public sealed class MemoryByteSource(string path, ReadOnlyMemory<byte> bytes) : ByteSource(path, bytes.Length)
{
    protected override ValueTask<int> ReadCoreAsync(long offset, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var n = (int)Math.Min(buffer.Length, bytes.Length - offset);
        bytes.Span.Slice((int)offset, n).CopyTo(buffer.Span);
        return ValueTask.FromResult(n);
    }
}
