using ModelRelease.Core.Checkpoints.Common;

namespace ModelRelease.Core.Tests.Safetensors;

/// <summary>
/// A file of any length whose first bytes are <c>prefix</c> and the rest zeros, without allocating
/// it: shows a reader touches only the header (the ByteSource counts every byte read).
/// </summary>
internal sealed class LargeVirtualFile(string path, byte[] prefix, long length) : ByteSource(path, length)
{
    protected override ValueTask<int> ReadCoreAsync(long offset, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var n = (int)Math.Min(buffer.Length, Length - offset);
        var span = buffer.Span[..n];
        span.Clear();
        if (offset < prefix.Length)
        {
            var m = (int)Math.Min(n, prefix.Length - offset);
            prefix.AsSpan((int)offset, m).CopyTo(span);
        }
        return ValueTask.FromResult(n);
    }
}
