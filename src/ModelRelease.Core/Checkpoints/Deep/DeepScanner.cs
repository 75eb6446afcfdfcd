using System.Buffers;
using System.Security.Cryptography;
using Microsoft.Win32.SafeHandles;
using ModelRelease.Core.Checkpoints.Common;
using ModelRelease.Core.Checkpoints.PyTorch;
using ModelRelease.Core.Checkpoints.PyTorch.Zip;
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
/// <item>A PyTorch zip is read record by record instead: every record's bytes (data.pkl, version,
/// byteorder, data/N, …) are read once, each tensor scans the part that holds it, and the record's CRC-32
/// is computed in the same pass and checked against the central directory. Deflated records are
/// inflated through a fixed buffer.</item>
/// </list>
/// </summary>
public sealed class DeepScanner
{
    /// <summary>Bytes per read: small enough that the scan finds the bytes still in the CPU cache.</summary>
    public int BlockSize { get; init; } = 1 << 20;

    /// <summary>Readers working at once on the parallel path.</summary>
    public int MaxParallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>Check the CRC-32 of every record of a PyTorch zip (on by default; off only to measure what it costs).</summary>
    public bool VerifyArchiveCrc { get; init; } = true;

    public async Task<DeepScanResult> ScanAsync(Checkpoint checkpoint, bool computeSha256, IProgress<DeepScanProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var bigEndian = checkpoint.ByteOrder == "big";
        var states = checkpoint.Tensors.Select(t => new TensorScanState(t, checkpoint.Format, bigEndian)).ToList();
        var findings = new List<Finding>();
        var files = states.GroupBy(s => s.Tensor.File ?? checkpoint.Path, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Where(s => s.Tensor.ByteLength > 0).OrderBy(s => s.Tensor.ByteOffset).ToList(), StringComparer.Ordinal);
        var records = VerifyArchiveCrc && checkpoint.Format == CheckpointFormat.PyTorch && checkpoint.Shards.Count == 0 // a sharded set's path is its index, not an archive
            ? await RecordCrcCheck.ForArchiveAsync(checkpoint, findings, cancellationToken).ConfigureAwait(false)
            : [];
        if ((computeSha256 || records.Count > 0) && !files.ContainsKey(checkpoint.Path)) files[checkpoint.Path] = [];

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
                (bytesRead, sha) = await SequentialAsync(checkpoint.Path, files, records, handles, lengths, findings, progress, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                bytesRead = await ParallelAsync(files, records, handles, lengths, findings, progress, cancellationToken).ConfigureAwait(false);
            }
            bytesRead += await InflateAsync(records, handles, cancellationToken).ConfigureAwait(false);
            foreach (var record in records)
            {
                if (record.Verdict() is { } finding) findings.Add(finding);
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
            return new DeepScanResult(scans, findings, sha, bytesRead) { RecordsVerified = records.Count(r => r.Verified) };
        }
        finally
        {
            foreach (var h in handles.Values) h.Dispose();
        }
    }

    private static string PathOf(Checkpoint checkpoint, string tensor) =>
        checkpoint.Tensors.FirstOrDefault(t => t.Name == tensor)?.File ?? checkpoint.Path;

    /// <summary>
    /// One piece of work on the parallel path: a slice of the file, the tensors whose bytes it holds (each
    /// starting on an element boundary within it), and the archive record it is piece <c>Index</c> of.
    /// </summary>
    private sealed record Piece(string File, long Start, long End, List<TensorScanState> Owners, RecordCrcCheck? Record = null, int Index = 0);

    private async Task<long> ParallelAsync(
        Dictionary<string, List<TensorScanState>> files, IReadOnlyList<RecordCrcCheck> records, Dictionary<string, SafeFileHandle> handles,
        Dictionary<string, long> lengths, List<Finding> findings, IProgress<DeepScanProgress>? progress, CancellationToken cancellationToken)
    {
        // Stored archive records are cut into BlockSize pieces (their CRC-32 is joined from the pieces'); a
        // tensor inside one rides on the pieces that hold it, so every byte is read once.
        var pieces = new List<Piece>();
        var recordPieces = new Dictionary<RecordCrcCheck, List<Piece>>();
        var stored = records.Where(r => r.IsStored).ToList(); // in data order
        foreach (var record in stored)
        {
            var count = record.UsePieces(BlockSize);
            var list = new List<Piece>(count);
            for (var i = 0; i < count; i++)
            {
                var start = record.Start + (long)i * BlockSize;
                list.Add(new Piece(record.File, start, Math.Min(record.End, start + BlockSize), [], record, i));
            }
            recordPieces[record] = list;
            pieces.AddRange(list);
        }

        // Tensors naming exactly the same bytes (tied weights) are scanned once and their counts shared.
        var followers = new Dictionary<TensorScanState, List<TensorScanState>>();
        foreach (var (file, tensors) in files)
        {
            foreach (var group in tensors.GroupBy(s => (s.Tensor.ByteOffset, s.Tensor.ByteLength, s.Kind)))
            {
                var owner = group.First();
                followers[owner] = group.Skip(1).ToList();
                if (RecordHolding(stored, file, owner) is { } record)
                {
                    var list = recordPieces[record];
                    var first = (int)((owner.Tensor.ByteOffset - record.Start) / BlockSize);
                    var last = (int)((owner.End - 1 - record.Start) / BlockSize);
                    for (var i = first; i <= last; i++) list[i].Owners.Add(owner);
                    continue;
                }
                var end = Math.Min(owner.End, lengths[file]);
                var step = Math.Max(owner.ElementSize, BlockSize / owner.ElementSize * owner.ElementSize);
                for (var start = owner.Tensor.ByteOffset; start < end; start += step)
                {
                    pieces.Add(new Piece(file, start, Math.Min(end, start + step), [owner]));
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

    /// <summary>
    /// The stored record of <paramref name="file"/> that wholly holds <paramref name="owner"/>'s bytes, when
    /// the record's pieces start on the tensor's element boundaries; otherwise the tensor gets pieces of its own.
    /// <paramref name="stored"/> is in data order, so the candidate is the last record starting at or before the tensor.
    /// </summary>
    private RecordCrcCheck? RecordHolding(List<RecordCrcCheck> stored, string file, TensorScanState owner)
    {
        if (stored.Count == 0 || BlockSize % owner.ElementSize != 0) return null;
        int lo = 0, hi = stored.Count - 1, found = -1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            if (stored[mid].Start <= owner.Tensor.ByteOffset) { found = mid; lo = mid + 1; }
            else hi = mid - 1;
        }
        if (found < 0) return null;
        var record = stored[found];
        return record.File == file && owner.End <= record.End && (owner.Tensor.ByteOffset - record.Start) % owner.ElementSize == 0 ? record : null;
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
        public System.Collections.Concurrent.ConcurrentBag<(string File, long Offset, string? Tensor)> TruncatedAt { get; } = [];
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
                if (n < length) queue.TruncatedAt.Add((piece.File, piece.Start + n, piece.Owners.FirstOrDefault()?.Tensor.Name));
                piece.Record?.SetPiece(piece.Index, buffer.AsSpan(0, n));
                foreach (var owner in piece.Owners)
                {
                    var from = Math.Max(owner.Tensor.ByteOffset, piece.Start);
                    var to = Math.Min(owner.End, piece.Start + n);
                    if (to > from) owner.ConsumeAligned(buffer.AsSpan((int)(from - piece.Start), (int)(to - from)));
                }
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
        string hashedFile, Dictionary<string, List<TensorScanState>> files, IReadOnlyList<RecordCrcCheck> records, Dictionary<string, SafeFileHandle> handles,
        Dictionary<string, long> lengths, List<Finding> findings, IProgress<DeepScanProgress>? progress, CancellationToken cancellationToken)
    {
        var plans = files.Select(kv =>
        {
            var hash = kv.Key == hashedFile;
            var stored = records.Where(r => r.IsStored && r.File == kv.Key).ToList();
            var starts = kv.Value.Select(s => s.Tensor.ByteOffset).Concat(stored.Select(r => r.Start)).ToList();
            var ends = kv.Value.Select(s => s.End).Concat(stored.Select(r => r.End)).ToList();
            var start = hash || starts.Count == 0 ? 0 : starts.Min();
            var end = hash ? lengths[kv.Key] : ends.Count == 0 ? 0 : Math.Min(ends.Max(), lengths[kv.Key]);
            return (File: kv.Key, Tensors: kv.Value, Records: stored, Start: start, End: end, Hash: hash);
        }).ToList();
        var total = plans.Sum(p => p.End - p.Start);
        long done = 0;
        string? sha = null;
        foreach (var plan in plans)
        {
            using var hasher = plan.Hash ? IncrementalHash.CreateHash(HashAlgorithmName.SHA256) : null;
            var cursor = 0;       // tensors before this index end before the current block
            var recordCursor = 0; // records likewise
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
                    while (recordCursor < plan.Records.Count && plan.Records[recordCursor].End <= blockStart) recordCursor++;
                    for (var i = recordCursor; i < plan.Records.Count; i++)
                    {
                        var r = plan.Records[i];
                        if (r.Start >= blockEnd) break;
                        if (r.End <= blockStart) continue;
                        var from = Math.Max(r.Start, blockStart);
                        var to = Math.Min(r.End, blockEnd);
                        r.Append(block.Span[(int)(from - blockStart)..(int)(to - blockStart)]);
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

    /// <summary>
    /// Inflates each deflated archive record through one fixed buffer and computes its CRC-32; a record that
    /// is not valid deflate data, or inflates to another size than its directory entry says, is a finding.
    /// Returns the compressed bytes read.
    /// </summary>
    private async Task<long> InflateAsync(IReadOnlyList<RecordCrcCheck> records, Dictionary<string, SafeFileHandle> handles, CancellationToken cancellationToken)
    {
        long read = 0;
        foreach (var record in records.Where(r => r.IsDeflated))
        {
            var crc = new System.IO.Hashing.Crc32();
            var expected = record.Span.Entry.UncompressedSize;
            try
            {
                var produced = await ZipRecordInflater.InflateAsync(record.File, handles[record.File], record.Span, BlockSize,
                    bytes => crc.Append(bytes.Span), cancellationToken).ConfigureAwait(false);
                if (produced != expected)
                {
                    record.Fail(PyTorchCodes.Zip, produced > expected
                        ? $"inflates to more than the {expected} bytes the central directory gives (stopped there)"
                        : $"inflates to only {produced} bytes but the central directory gives {expected}", record.Start);
                }
                else
                {
                    record.SetInflated(crc.GetCurrentHashAsUInt32(), produced);
                }
            }
            catch (CheckpointFormatException ex)
            {
                record.Fail(ex.Code, ex.Detail, ex.Offset ?? record.Start);
            }
            read += record.End - record.Start;
        }
        return read;
    }
}
