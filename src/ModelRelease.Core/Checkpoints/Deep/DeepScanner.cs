using System.Buffers;
using System.Security.Cryptography;
using Microsoft.Win32.SafeHandles;
using ModelRelease.Core.Checkpoints.Common;
using ModelRelease.Core.Hashing;

namespace ModelRelease.Core.Checkpoints.Deep;

/// <summary>
/// Streams a checkpoint's tensor data once with constant memory, counting NaN and infinities per tensor
/// for F16, BF16, F32 and F64, and noticing truncation.
/// <list type="bullet">
/// <item>Without a hash, the tensor ranges are cut into element-aligned pieces that all cores scan in
/// parallel, each with its own small buffer (tensors that are the same bytes, such as tied weights, are
/// read once).</item>
/// <item>With a hash, the file is streamed once in order and hashed in the same pass, so a deep check
/// with a hash reads every byte exactly once.</item>
/// </list>
/// </summary>
public sealed class DeepScanner
{
    /// <summary>Bytes per read: small enough that the scan finds the bytes still in the CPU cache.</summary>
    public int BlockSize { get; init; } = 1 << 20;

    /// <summary>Readers working at once on the parallel path.</summary>
    public int MaxParallelism { get; init; } = Environment.ProcessorCount;

    public async Task<DeepScanResult> ScanAsync(Checkpoint checkpoint, bool computeSha256, IProgress<DeepScanProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var bigEndian = checkpoint.ByteOrder == "big";
        var states = checkpoint.Tensors.Select(t => new TensorScanState(t, checkpoint.Format, bigEndian)).ToList();
        var findings = new List<Finding>();
        var files = states.GroupBy(s => s.Tensor.File ?? checkpoint.Path, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Where(s => s.Tensor.ByteLength > 0).OrderBy(s => s.Tensor.ByteOffset).ToList(), StringComparer.Ordinal);
        if (computeSha256 && !files.ContainsKey(checkpoint.Path)) files[checkpoint.Path] = [];

        var handles = new Dictionary<string, SafeFileHandle>(StringComparer.Ordinal);
        try
        {
            var lengths = new Dictionary<string, long>(StringComparer.Ordinal);
            foreach (var file in files.Keys)
            {
                var handle = File.OpenHandle(file, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, FileOptions.SequentialScan);
                handles[file] = handle;
                lengths[file] = RandomAccess.GetLength(handle);
                var beyond = files[file].FirstOrDefault(s => s.End > lengths[file]);
                if (beyond is not null)
                {
                    findings.Add(new Finding(FindingSeverity.Error, "CKPT_TRUNCATED",
                        $"tensor data runs to offset {files[file].Max(s => s.End)} but the file is {lengths[file]} bytes long")
                    { Path = file, Offset = lengths[file], Tensor = beyond.Tensor.Name });
                }
            }

            string? sha = null;
            long bytesRead;
            if (computeSha256)
            {
                (bytesRead, sha) = await SequentialAsync(checkpoint.Path, files, handles, lengths, findings, progress, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                bytesRead = await ParallelAsync(files, handles, lengths, findings, progress, cancellationToken).ConfigureAwait(false);
            }

            var scans = states.Select(s => s.ToScan()).ToList();
            foreach (var s in scans.Where(s => s.NaNCount > 0))
            {
                findings.Add(new Finding(FindingSeverity.Error, "TENSOR_NAN", $"{s.NaNCount} of {s.ElementCount} {s.DType} elements are NaN") { Tensor = s.Name, Path = PathOf(checkpoint, s.Name) });
            }
            foreach (var s in scans.Where(s => s.PositiveInfinityCount + s.NegativeInfinityCount > 0))
            {
                findings.Add(new Finding(FindingSeverity.Error, "TENSOR_INF", $"{s.PositiveInfinityCount} +Inf and {s.NegativeInfinityCount} -Inf among {s.ElementCount} {s.DType} elements") { Tensor = s.Name, Path = PathOf(checkpoint, s.Name) });
            }
            return new DeepScanResult(scans, findings, sha, bytesRead);
        }
        finally
        {
            foreach (var h in handles.Values) h.Dispose();
        }
    }

    private static string PathOf(Checkpoint checkpoint, string tensor) =>
        checkpoint.Tensors.FirstOrDefault(t => t.Name == tensor)?.File ?? checkpoint.Path;

    /// <summary>One piece of work on the parallel path: an element-aligned slice of one distinct tensor range.</summary>
    private sealed record Piece(string File, TensorScanState Owner, long Start, long End);

    private async Task<long> ParallelAsync(
        Dictionary<string, List<TensorScanState>> files, Dictionary<string, SafeFileHandle> handles, Dictionary<string, long> lengths,
        List<Finding> findings, IProgress<DeepScanProgress>? progress, CancellationToken cancellationToken)
    {
        // Tensors naming exactly the same bytes (tied weights) are scanned once and their counts shared.
        var pieces = new List<Piece>();
        var followers = new Dictionary<TensorScanState, List<TensorScanState>>();
        foreach (var (file, tensors) in files)
        {
            foreach (var group in tensors.GroupBy(s => (s.Tensor.ByteOffset, s.Tensor.ByteLength, s.Kind)))
            {
                var owner = group.First();
                followers[owner] = group.Skip(1).ToList();
                var end = Math.Min(owner.End, lengths[file]);
                var step = Math.Max(owner.ElementSize, BlockSize / owner.ElementSize * owner.ElementSize);
                for (var start = owner.Tensor.ByteOffset; start < end; start += step)
                {
                    pieces.Add(new Piece(file, owner, start, Math.Min(end, start + step)));
                }
            }
        }
        var total = pieces.Sum(p => p.End - p.Start);
        // Workers read synchronously: a positional read from the page cache is a memory copy, and an
        // asynchronous read would add a thread-pool hop per block for nothing.
        var shared = new WorkQueue(pieces, handles, total, progress, cancellationToken);
        var workers = Enumerable.Range(0, Math.Max(1, Math.Min(MaxParallelism, pieces.Count)))
            .Select(_ => Task.Factory.StartNew(() => Work(shared, BlockSize), cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default))
            .ToList();
        await Task.WhenAll(workers).ConfigureAwait(false);

        var done = shared.Done;
        foreach (var (file, offset, tensor) in shared.TruncatedAt.OrderBy(t => t.Offset).Take(1))
        {
            findings.Add(new Finding(FindingSeverity.Error, "CKPT_TRUNCATED", $"the file ended at offset {offset} while tensor data was read") { Path = file, Offset = offset, Tensor = tensor });
        }
        foreach (var (owner, others) in followers)
        {
            foreach (var other in others) other.CopyCountsFrom(owner);
        }
        return done;
    }

    private sealed class WorkQueue(List<Piece> pieces, Dictionary<string, SafeFileHandle> handles, long total, IProgress<DeepScanProgress>? progress, CancellationToken cancellationToken)
    {
        private int _next = -1;
        private long _done;

        public List<Piece> Pieces { get; } = pieces;
        public Dictionary<string, SafeFileHandle> Handles { get; } = handles;
        public long Total { get; } = total;
        public IProgress<DeepScanProgress>? Progress { get; } = progress;
        public CancellationToken CancellationToken { get; } = cancellationToken;
        public System.Collections.Concurrent.ConcurrentBag<(string File, long Offset, string Tensor)> TruncatedAt { get; } = [];
        public long Done => Interlocked.Read(ref _done);

        public int Take() => Interlocked.Increment(ref _next);

        public long AddDone(long n) => Interlocked.Add(ref _done, n);
    }

    /// <summary>One worker of the parallel path: takes pieces until none are left. Compiled fully optimised
    /// at once: it runs a single long loop, which tiered compilation would leave unoptimised.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static void Work(WorkQueue queue, int blockSize)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(blockSize);
        try
        {
            int i;
            while ((i = queue.Take()) < queue.Pieces.Count)
            {
                queue.CancellationToken.ThrowIfCancellationRequested();
                var piece = queue.Pieces[i];
                var length = (int)(piece.End - piece.Start);
                var handle = queue.Handles[piece.File];
                var n = 0;
                while (n < length)
                {
                    var r = RandomAccess.Read(handle, buffer.AsSpan(n, length - n), piece.Start + n);
                    if (r == 0) break;
                    n += r;
                }
                if (n < length) queue.TruncatedAt.Add((piece.File, piece.Start + n, piece.Owner.Tensor.Name));
                piece.Owner.ConsumeAligned(buffer.AsSpan(0, n));
                var d = queue.AddDone(n);
                queue.Progress?.Report(new DeepScanProgress(piece.File, d, queue.Total));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task<(long Read, string? Sha256)> SequentialAsync(
        string hashedFile, Dictionary<string, List<TensorScanState>> files, Dictionary<string, SafeFileHandle> handles, Dictionary<string, long> lengths,
        List<Finding> findings, IProgress<DeepScanProgress>? progress, CancellationToken cancellationToken)
    {
        var plans = files.Select(kv =>
        {
            var hash = kv.Key == hashedFile;
            var start = hash || kv.Value.Count == 0 ? 0 : kv.Value.Min(s => s.Tensor.ByteOffset);
            var end = hash ? lengths[kv.Key] : kv.Value.Count == 0 ? 0 : Math.Min(kv.Value.Max(s => s.End), lengths[kv.Key]);
            return (File: kv.Key, Tensors: kv.Value, Start: start, End: end, Hash: hash);
        }).ToList();
        var total = plans.Sum(p => p.End - p.Start);
        long done = 0;
        string? sha = null;
        foreach (var plan in plans)
        {
            using var hasher = plan.Hash ? IncrementalHash.CreateHash(HashAlgorithmName.SHA256) : null;
            var cursor = 0; // tensors before this index end before the current block
            var position = plan.Start;
            try
            {
                await FileHasher.ForEachBlockAsync(handles[plan.File], plan.Start, plan.End - plan.Start, BlockSize, block =>
                {
                    var blockStart = position;
                    var blockEnd = position + block.Length;
                    hasher?.AppendData(block.Span);
                    while (cursor < plan.Tensors.Count && plan.Tensors[cursor].End <= blockStart) cursor++;
                    for (var i = cursor; i < plan.Tensors.Count; i++)
                    {
                        var s = plan.Tensors[i];
                        if (s.Tensor.ByteOffset >= blockEnd) break;
                        if (s.End <= blockStart) continue;
                        var from = Math.Max(s.Tensor.ByteOffset, blockStart);
                        var to = Math.Min(s.End, blockEnd);
                        s.Consume(block.Span[(int)(from - blockStart)..(int)(to - blockStart)]);
                    }
                    position = blockEnd;
                    done += block.Length;
                    progress?.Report(new DeepScanProgress(plan.File, done, total));
                }, cancellationToken).ConfigureAwait(false);
                if (hasher is not null) sha = Hex.Lower(hasher.GetHashAndReset());
            }
            catch (EndOfStreamException ex)
            {
                var first = plan.Tensors.FirstOrDefault(s => s.End > position);
                findings.Add(new Finding(FindingSeverity.Error, "CKPT_TRUNCATED", "the file ended while its data was read: " + ex.Message)
                { Path = plan.File, Offset = position, Tensor = first?.Tensor.Name });
            }
        }
        return (done, sha);
    }
}
