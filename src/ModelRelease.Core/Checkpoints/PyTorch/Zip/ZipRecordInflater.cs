using System.Buffers;
using System.IO.Compression;
using Microsoft.Win32.SafeHandles;
using ModelRelease.Core.Checkpoints.Common;

namespace ModelRelease.Core.Checkpoints.PyTorch.Zip;

/// <summary>
/// Streams a deflated record's inflated bytes through one fixed buffer, so memory never depends on a
/// size the archive claims; stops as soon as the output passes the size the central directory gives.
/// </summary>
public static class ZipRecordInflater
{
    /// <summary>
    /// The inflated bytes of <paramref name="span"/> as a forward-only source of <paramref name="length"/> bytes, inflated
    /// as they are read (the pickle machine reads data.pkl through it): the pull counterpart of <see cref="InflateAsync"/>.
    /// </summary>
    public static InflatedRecordSource Open(ByteSource archive, ZipRecordSpan span, long length) => new(archive, span, length);

    /// <summary>
    /// Hands the inflated bytes of <paramref name="span"/> to <paramref name="consume"/> in order and
    /// returns how many there were; a result above <c>UncompressedSize</c> means the record inflates to
    /// more than its directory entry says (reading stopped there). Bad deflate data is PT_ZIP (the
    /// exception's detail does not repeat the record's name).
    /// </summary>
    public static async Task<long> InflateAsync(string path, SafeFileHandle handle, ZipRecordSpan span, int bufferSize, Action<ReadOnlyMemory<byte>> consume, CancellationToken cancellationToken)
    {
        var limit = span.Entry.UncompressedSize;
        var buffer = ArrayPool<byte>.Shared.Rent(bufferSize);
        try
        {
            using var inflater = new DeflateStream(new FileRangeStream(handle, span.DataOffset, span.DataEnd), CompressionMode.Decompress);
            long produced = 0;
            while (produced <= limit)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var n = await inflater.ReadAsync(buffer.AsMemory(0, bufferSize), cancellationToken).ConfigureAwait(false);
                if (n == 0) break;
                var keep = (int)Math.Min(n, limit - produced);
                if (keep > 0) consume(buffer.AsMemory(0, keep));
                produced += n;
            }
            return produced;
        }
        catch (InvalidDataException ex)
        {
            throw new CheckpointFormatException(CheckpointErrorKind.Invalid, PyTorchCodes.Zip, path, $"not valid deflate data: {ex.Message}", span.DataOffset, innerException: ex);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
