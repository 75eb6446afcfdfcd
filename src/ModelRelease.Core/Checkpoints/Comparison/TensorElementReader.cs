using System.Buffers;
using Microsoft.Win32.SafeHandles;
using ModelRelease.Core.Hashing;

namespace ModelRelease.Core.Checkpoints.Comparison;

/// <summary>
/// Reads a tensor's elements in row-major order (<see cref="TensorLayout"/>) into an <see cref="ElementSink"/>. A
/// contiguous range is streamed in blocks. A strided view is gathered run by run (a run is the longest contiguous tail
/// of its dimensions): from one read of its extent when that is at most <see cref="MaxExtentInMemory"/> bytes, else
/// through a window that moves forward through the file, or run by run once the view turns out to go backwards (a
/// transposed view), so no view makes the reader read the file more than once per element.
/// </summary>
internal sealed class TensorElementReader
{
    /// <summary>Bytes per read.</summary>
    public int BlockSize { get; init; } = 1 << 20;

    /// <summary>A strided view whose extent is at most this many bytes is read once and gathered in memory.</summary>
    public long MaxExtentInMemory { get; init; } = 64L << 20;

    public async Task ReadAsync(SafeFileHandle handle, TensorLayout layout, ElementSink sink, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        if (layout.Length == 0) return;
        if (layout.Stride is null)
        {
            await FileHasher.ForEachBlockAsync(handle, layout.Offset, layout.Length, BlockSize, block =>
            {
                sink.Append(block.Span);
                progress?.Report(block.Length);
            }, cancellationToken).ConfigureAwait(false);
        }
        else if (layout.Length <= MaxExtentInMemory)
        {
            await GatherInMemoryAsync(handle, layout, sink, progress, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await GatherThroughWindowAsync(handle, layout, sink, progress, cancellationToken).ConfigureAwait(false);
        }
        sink.Complete();
    }

    private static async Task GatherInMemoryAsync(SafeFileHandle handle, TensorLayout layout, ElementSink sink, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        var length = (int)layout.Length;
        var extent = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            await ReadExactlyAsync(handle, extent.AsMemory(0, length), layout.Offset, cancellationToken).ConfigureAwait(false);
            progress?.Report(length);
            var runs = new Runs(layout);
            var checkedAt = 0;
            do
            {
                if (++checkedAt % 65536 == 0) cancellationToken.ThrowIfCancellationRequested();
                sink.Append(extent.AsSpan((int)runs.Offset, (int)runs.RunBytes));
            }
            while (runs.MoveNext());
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(extent);
        }
    }

    private async Task GatherThroughWindowAsync(SafeFileHandle handle, TensorLayout layout, ElementSink sink, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        var window = ArrayPool<byte>.Shared.Rent(BlockSize);
        try
        {
            long windowStart = 0, windowEnd = 0, last = -1;
            var backwards = false;
            var end = layout.Offset + layout.Length;
            var runs = new Runs(layout);
            do
            {
                cancellationToken.ThrowIfCancellationRequested();
                var at = layout.Offset + runs.Offset;
                var bytes = runs.RunBytes;
                if (bytes >= BlockSize)
                {
                    await FileHasher.ForEachBlockAsync(handle, at, bytes, BlockSize, block =>
                    {
                        sink.Append(block.Span);
                        progress?.Report(block.Length);
                    }, cancellationToken).ConfigureAwait(false);
                    continue;
                }
                backwards |= at < last;
                last = at;
                if (at < windowStart || at + bytes > windowEnd)
                {
                    // Forward: refill the window from this run on. Backwards (a transposed view): read just the run.
                    var size = backwards ? (int)bytes : (int)Math.Min(BlockSize, end - at);
                    await ReadExactlyAsync(handle, window.AsMemory(0, size), at, cancellationToken).ConfigureAwait(false);
                    progress?.Report(size);
                    (windowStart, windowEnd) = (at, at + size);
                }
                sink.Append(window.AsSpan((int)(at - windowStart), (int)bytes));
            }
            while (runs.MoveNext());
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(window);
        }
    }

    private static async Task ReadExactlyAsync(SafeFileHandle handle, Memory<byte> buffer, long offset, CancellationToken cancellationToken)
    {
        var done = 0;
        while (done < buffer.Length)
        {
            var n = await RandomAccess.ReadAsync(handle, buffer[done..], offset + done, cancellationToken).ConfigureAwait(false);
            if (n <= 0) throw new EndOfStreamException($"the file ended at offset {offset + done}, {buffer.Length - done} bytes before the expected end at {offset + buffer.Length}");
            done += n;
        }
    }

    /// <summary>
    /// The runs of a strided view in row-major order: the trailing dimensions that are contiguous (stride equal to the
    /// elements after them) make one run of <see cref="RunBytes"/>; the leading ones are counted through like an odometer.
    /// </summary>
    private sealed class Runs
    {
        private readonly long[] _index;
        private readonly long[] _shape;
        private readonly long[] _step;

        public Runs(TensorLayout layout)
        {
            var shape = layout.Shape!;
            var stride = layout.Stride!;
            var outer = shape.Count;
            long run = 1;
            while (outer > 0 && (shape[outer - 1] == 1 || stride[outer - 1] == run))
            {
                run *= shape[outer - 1];
                outer--;
            }
            RunBytes = run * layout.ElementBytes;
            _index = new long[outer];
            _shape = new long[outer];
            _step = new long[outer];
            for (var d = 0; d < outer; d++)
            {
                _shape[d] = shape[d];
                _step[d] = stride[d] * layout.ElementBytes;
            }
        }

        /// <summary>Bytes of one run.</summary>
        public long RunBytes { get; }

        /// <summary>Offset of the current run from the view's first byte.</summary>
        public long Offset { get; private set; }

        public bool MoveNext()
        {
            for (var d = _index.Length - 1; d >= 0; d--)
            {
                Offset += _step[d];
                if (++_index[d] < _shape[d]) return true;
                Offset -= _shape[d] * _step[d];
                _index[d] = 0;
            }
            return false;
        }
    }
}
