using System.Buffers;
using System.Net;
using Microsoft.Win32.SafeHandles;

namespace ModelRelease.Core.Hub;

/// <summary>
/// A request body streamed from a range of a file in 1 MiB reads — never the whole file in memory —
/// reporting bytes as they go out. Made anew for every attempt of a retried request.
/// </summary>
public sealed class FileRangeContent(SafeFileHandle handle, long offset, long length, Action<long>? onBytes = null) : HttpContent
{
    private const int BlockSize = 1 << 20;

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(BlockSize, Math.Max(1, length)));
        try
        {
            long sent = 0;
            while (sent < length)
            {
                var want = (int)Math.Min(buffer.Length, length - sent);
                var n = await RandomAccess.ReadAsync(handle, buffer.AsMemory(0, want), offset + sent, cancellationToken).ConfigureAwait(false);
                if (n == 0) throw new IOException($"the file ended {length - sent} bytes early while it was being sent (it changed during the upload)");
                await stream.WriteAsync(buffer.AsMemory(0, n), cancellationToken).ConfigureAwait(false);
                sent += n;
                onBytes?.Invoke(n);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override bool TryComputeLength(out long size)
    {
        size = length;
        return true;
    }
}
