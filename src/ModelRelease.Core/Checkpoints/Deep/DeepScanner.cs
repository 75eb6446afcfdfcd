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

    /// <summary>
    /// Overlapping tensors (views of one storage) are scanned for at most this many times the bytes of the files they
    /// are in (plus 64 MiB): past that, the remaining views are left unscanned with a TENSOR_SCAN_LIMIT warning, so a
    /// header that names one storage through a hundred thousand views cannot make the scan read it a hundred thousand times.
    /// </summary>
    public int MaxOverlapFactor { get; init; } = 4;

    /// <summary>Bytes of scanning allowed on top of <see cref="MaxOverlapFactor"/> times a file's length.</summary>
    public long OverlapAllowance { get; init; } = 64L << 20;

    public async Task<DeepScanResult> ScanAsync(Checkpoint checkpoint, bool computeSha256, IProgress<DeepScanProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var table = new TensorScanTable(checkpoint);
        var findings = new List<Finding>();
        var records = VerifyArchiveCrc && checkpoint.Format == CheckpointFormat.PyTorch && checkpoint.Shards.Count == 0 // a sharded set's path is its index, not an archive
            ? await RecordCrcCheck.ForArchiveAsync(checkpoint, findings, cancellationToken).ConfigureAwait(false)
            : [];
        // The file of the checkpoint is opened even without tensors in it when it is hashed or its records are checked.
        var used = new bool[table.Files.Count];
        for (var i = 0; i < table.Count; i++) used[table.File[i]] |= table.Length(i) > 0;
        used[0] |= computeSha256 || records.Count > 0;

        var handles = new SafeFileHandle?[table.Files.Count];
        try
        {
            var lengths = new long[table.Files.Count];
            for (var f = 0; f < table.Files.Count; f++)
            {
                if (!used[f]) continue;
                handles[f] = File.OpenHandle(table.Files[f], FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, FileOptions.SequentialScan);
                lengths[f] = RandomAccess.GetLength(handles[f]!);
            }
            var owners = Plan(table, lengths, findings);

            string? sha = null;
            long bytesRead;
            if (computeSha256)
            {
                (bytesRead, sha) = await SequentialAsync(table, owners, records, handles, lengths, findings, progress, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                bytesRead = await ParallelAsync(table, owners, records, handles, lengths, findings, progress, cancellationToken).ConfigureAwait(false);
            }
            bytesRead += await InflateAsync(records, handles[0], cancellationToken).ConfigureAwait(false);
            foreach (var record in records)
            {
                if (record.Verdict() is { } finding) findings.Add(finding);
            }

            var tensors = checkpoint.Tensors;
            var scans = new List<TensorScan>(tensors.Count);
            var nonFinite = new List<Finding>();
            for (var i = 0; i < tensors.Count; i++)
            {
                var t = tensors[i];
                var s = table.ToScan(i, t);
                scans.Add(s);
                if (s.NaNCount > 0)
                {
                    findings.Add(new Finding(FindingSeverity.Error, "TENSOR_NAN", $"{s.NaNCount} of {s.ElementCount} {s.DType} elements are NaN") { Tensor = s.Name, Path = t.File ?? checkpoint.Path });
                }
                if (s.PositiveInfinityCount + s.NegativeInfinityCount > 0)
                {
                    nonFinite.Add(new Finding(FindingSeverity.Error, "TENSOR_INF", $"{s.PositiveInfinityCount} +Inf and {s.NegativeInfinityCount} -Inf among {s.ElementCount} {s.DType} elements") { Tensor = s.Name, Path = t.File ?? checkpoint.Path });
                }
            }
            findings.AddRange(nonFinite);
            return new DeepScanResult(scans, findings, sha, bytesRead) { RecordsVerified = records.Count(r => r.Verified) };
        }
        finally
        {
            foreach (var h in handles) h?.Dispose();
        }
    }

    /// <summary>
    /// The tensors to read, per file, in offset order: tensors naming exactly the same bytes as an earlier one (tied
    /// weights) share its counts instead; tensors reaching past the end of their file are a CKPT_TRUNCATED finding; views
    /// past the overlap bound are left out (TENSOR_SCAN_LIMIT).
    /// </summary>
    private List<int>[] Plan(TensorScanTable table, long[] lengths, List<Finding> findings)
    {
        var order = new List<int>(table.Count);
        for (var i = 0; i < table.Count; i++)
        {
            if (table.Length(i) > 0) order.Add(i);
        }
        order.Sort((a, b) =>
        {
            var c = table.File[a].CompareTo(table.File[b]);
            if (c == 0) c = table.Start[a].CompareTo(table.Start[b]);
            if (c == 0) c = table.End[a].CompareTo(table.End[b]);
            if (c == 0) c = table.Kind(a).CompareTo(table.Kind(b));
            return c != 0 ? c : a.CompareTo(b);
        });
        var owners = new List<int>[table.Files.Count];
        for (var f = 0; f < owners.Length; f++) owners[f] = [];
        var budgets = new long[table.Files.Count];
        for (var f = 0; f < budgets.Length; f++) budgets[f] = CheckedMath.Add(CheckedMath.Multiply(lengths[f], MaxOverlapFactor) ?? long.MaxValue / 2, OverlapAllowance) ?? long.MaxValue;
        var previous = -1;
        var skipped = 0L;
        var firstSkipped = -1;
        foreach (var i in order)
        {
            if (previous >= 0 && table.File[i] == table.File[previous] && table.Start[i] == table.Start[previous] && table.End[i] == table.End[previous] && table.Kind(i) == table.Kind(previous))
            {
                table.Owner[i] = table.Owner[previous];
                continue;
            }
            previous = i;
            var f = table.File[i];
            budgets[f] -= Math.Min(table.Length(i), Math.Max(0, lengths[f] - table.Start[i]));
            if (budgets[f] < 0)
            {
                table.Skipped[i] = true;
                if (skipped++ == 0) firstSkipped = i;
                continue;
            }
            owners[f].Add(i);
        }
        for (var f = 0; f < owners.Length; f++)
        {
            var list = owners[f];
            var beyond = list.FindIndex(i => table.End[i] > lengths[f]);
            if (beyond < 0) continue;
            findings.Add(new Finding(FindingSeverity.Error, CheckpointCodes.Truncated,
                $"tensor data runs to offset {list.Max(i => table.End[i])} but the file is {lengths[f]} bytes long")
            { Path = table.Files[f], Offset = lengths[f], Tensor = TensorName(table, list[beyond]) });
        }
        if (skipped > 0)
        {
            findings.Add(new Finding(FindingSeverity.Warning, "TENSOR_SCAN_LIMIT",
                $"{skipped} tensors overlap others so much that scanning them would read their file more than {MaxOverlapFactor} times over; they were not scanned for NaN/Inf")
            { Path = table.Files[table.File[firstSkipped]], Tensor = TensorName(table, firstSkipped) });
        }
        return owners;
    }

    private static string TensorName(TensorScanTable table, int i) => table.Tensors[i].Name;

    /// <summary>
    /// One piece of work on the parallel path: a slice of a file, and the tensors whose bytes it holds — a run of
    /// whole tensors (<c>Members[From..To)</c>), or one part of a large tensor cut on element boundaries, or the
    /// tensors riding on one piece of an archive record (<see cref="Riders"/>).
    /// </summary>
    private sealed record Piece(int File, long Start, long End, int From, int To, RecordCrcCheck? Record = null, int Index = 0)
    {
        public List<int>? Riders { get; init; }
    }

    private async Task<long> ParallelAsync(
        TensorScanTable table, List<int>[] owners, IReadOnlyList<RecordCrcCheck> records, SafeFileHandle?[] handles,
        long[] lengths, List<Finding> findings, IProgress<DeepScanProgress>? progress, CancellationToken cancellationToken)
    {
        // Stored archive records are cut into BlockSize pieces (their CRC-32 is joined from the pieces'); a
        // tensor inside one rides on the pieces that hold it, so every byte is read once.
        var pieces = new List<Piece>();
        var recordPieces = new Dictionary<RecordCrcCheck, List<Piece>>();
        var stored = records.Where(r => r.IsStored).ToList(); // in data order, all in the checkpoint's own file (index 0)
        foreach (var record in stored)
        {
            var count = record.UsePieces(BlockSize);
            var list = new List<Piece>(count);
            for (var i = 0; i < count; i++)
            {
                var start = record.Start + (long)i * BlockSize;
                list.Add(new Piece(0, start, Math.Min(record.End, start + BlockSize), 0, 0, record, i) { Riders = [] });
            }
            recordPieces[record] = list;
            pieces.AddRange(list);
        }

        // Whole small tensors are grouped into pieces of up to BlockSize bytes; a larger tensor is cut into pieces of
        // its own that start on its element boundaries.
        var members = new List<int>();
        for (var f = 0; f < owners.Length; f++)
        {
            var list = owners[f];
            for (var k = 0; k < list.Count;)
            {
                var i = list[k];
                if (f == 0 && RecordHolding(stored, table, i) is { } record)
                {
                    var recordList = recordPieces[record];
                    var first = (int)((table.Start[i] - record.Start) / BlockSize);
                    var last = (int)((table.End[i] - 1 - record.Start) / BlockSize);
                    for (var p = first; p <= last; p++) recordList[p].Riders!.Add(i);
                    k++;
                    continue;
                }
                var end = Math.Min(table.End[i], lengths[f]);
                if (table.Length(i) > BlockSize)
                {
                    var size = table.ElementSize(i);
                    var step = Math.Max(size, BlockSize / size * size);
                    members.Add(i);
                    for (var start = table.Start[i]; start < end; start += step)
                    {
                        pieces.Add(new Piece(f, start, Math.Min(end, start + step), members.Count - 1, members.Count));
                    }
                    k++;
                    continue;
                }
                var groupStart = table.Start[i];
                var groupEnd = end;
                var from = members.Count;
                members.Add(i);
                k++;
                while (k < list.Count)
                {
                    var j = list[k];
                    var jEnd = Math.Min(table.End[j], lengths[f]);
                    if (table.Length(j) > BlockSize || Math.Max(groupEnd, jEnd) - groupStart > BlockSize || (f == 0 && RecordHolding(stored, table, j) is not null)) break;
                    groupEnd = Math.Max(groupEnd, jEnd);
                    members.Add(j);
                    k++;
                }
                if (groupEnd > groupStart) pieces.Add(new Piece(f, groupStart, groupEnd, from, members.Count));
            }
        }
        var total = pieces.Sum(p => p.End - p.Start);
        // Workers read synchronously: a positional read from the page cache is a memory copy, and an
        // asynchronous read would add a thread-pool hop per block for nothing.
        var shared = new WorkQueue(pieces, members.ToArray(), table, handles, total, progress, cancellationToken);
        var workers = Enumerable.Range(0, Math.Max(1, Math.Min(MaxParallelism, pieces.Count)))
            .Select(_ => Task.Factory.StartNew(() => Work(shared, BlockSize), cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default))
            .ToList();
        await Task.WhenAll(workers).ConfigureAwait(false);

        foreach (var (file, offset, tensor) in shared.TruncatedAt.OrderBy(t => t.Offset).Take(1))
        {
            findings.Add(new Finding(FindingSeverity.Error, CheckpointCodes.Truncated, $"the file ended at offset {offset} while tensor data was read") { Path = table.Files[file], Offset = offset, Tensor = tensor < 0 ? null : TensorName(table, tensor) });
        }
        return shared.Done;
    }

    /// <summary>
    /// The stored record that wholly holds tensor <paramref name="i"/>'s bytes, when the record's pieces start on the
    /// tensor's element boundaries; otherwise the tensor gets pieces of its own. <paramref name="stored"/> is in data
    /// order, so the candidate is the last record starting at or before the tensor.
    /// </summary>
    private RecordCrcCheck? RecordHolding(List<RecordCrcCheck> stored, TensorScanTable table, int i)
    {
        var size = table.ElementSize(i);
        if (stored.Count == 0 || BlockSize % size != 0) return null;
        int lo = 0, hi = stored.Count - 1, found = -1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            if (stored[mid].Start <= table.Start[i]) { found = mid; lo = mid + 1; }
            else hi = mid - 1;
        }
        if (found < 0) return null;
        var record = stored[found];
        return table.End[i] <= record.End && (table.Start[i] - record.Start) % size == 0 ? record : null;
    }

    private sealed class WorkQueue(List<Piece> pieces, int[] members, TensorScanTable table, SafeFileHandle?[] handles, long total, IProgress<DeepScanProgress>? progress, CancellationToken cancellationToken)
    {
        private int _next = -1;
        private long _done;

        public List<Piece> Pieces { get; } = pieces;
        public int[] Members { get; } = members;
        public TensorScanTable Table { get; } = table;
        public SafeFileHandle?[] Handles { get; } = handles;
        public long Total { get; } = total;
        public IProgress<DeepScanProgress>? Progress { get; } = progress;
        public CancellationToken CancellationToken { get; } = cancellationToken;
        public System.Collections.Concurrent.ConcurrentBag<(int File, long Offset, int Tensor)> TruncatedAt { get; } = [];
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
        var table = queue.Table;
        try
        {
            int p;
            while ((p = queue.Take()) < queue.Pieces.Count)
            {
                queue.CancellationToken.ThrowIfCancellationRequested();
                var piece = queue.Pieces[p];
                var length = (int)(piece.End - piece.Start);
                var handle = queue.Handles[piece.File]!;
                var n = 0;
                while (n < length)
                {
                    var r = RandomAccess.Read(handle, buffer.AsSpan(n, length - n), piece.Start + n);
                    if (r == 0) break;
                    n += r;
                }
                var readEnd = piece.Start + n;
                piece.Record?.SetPiece(piece.Index, buffer.AsSpan(0, n));
                var first = -1;
                void Scan(int i)
                {
                    if (first < 0 && table.End[i] > readEnd) first = i;
                    var from = Math.Max(table.Start[i], piece.Start);
                    var to = Math.Min(table.End[i], readEnd);
                    if (to > from) table.ConsumeAligned(i, buffer.AsSpan((int)(from - piece.Start), (int)(to - from)));
                }
                if (piece.Riders is { } riders)
                {
                    foreach (var i in riders) Scan(i);
                }
                else
                {
                    for (var m = piece.From; m < piece.To; m++) Scan(queue.Members[m]);
                }
                if (n < length) queue.TruncatedAt.Add((piece.File, readEnd, first));
                var d = queue.AddDone(n);
                queue.Progress?.Report(new DeepScanProgress(queue.Table.Files[piece.File], d, queue.Total));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task<(long Read, string? Sha256)> SequentialAsync(
        TensorScanTable table, List<int>[] owners, IReadOnlyList<RecordCrcCheck> records, SafeFileHandle?[] handles,
        long[] lengths, List<Finding> findings, IProgress<DeepScanProgress>? progress, CancellationToken cancellationToken)
    {
        var plans = new List<(int File, List<int> Tensors, List<RecordCrcCheck> Records, long Start, long End, bool Hash)>();
        for (var f = 0; f < owners.Length; f++)
        {
            if (handles[f] is null) continue;
            var hash = f == 0;
            var stored = f == 0 ? records.Where(r => r.IsStored).ToList() : [];
            var list = owners[f];
            var first = list.Count == 0 ? long.MaxValue : table.Start[list[0]];
            var last = list.Count == 0 ? 0 : list.Max(i => table.End[i]);
            if (stored.Count > 0)
            {
                first = Math.Min(first, stored.Min(r => r.Start));
                last = Math.Max(last, stored.Max(r => r.End));
            }
            var start = hash || first == long.MaxValue ? 0 : first;
            var end = hash ? lengths[f] : Math.Min(last, lengths[f]);
            plans.Add((f, list, stored, start, end, hash));
        }
        var total = plans.Sum(p => Math.Max(0, p.End - p.Start));
        long done = 0;
        string? sha = null;
        foreach (var plan in plans)
        {
            using var hasher = plan.Hash ? IncrementalHash.CreateHash(HashAlgorithmName.SHA256) : null;
            var next = 0;         // tensors before this index have started
            var active = new List<int>();
            var recordCursor = 0; // records before this index end before the current block
            var position = plan.Start;
            try
            {
                await FileHasher.ForEachBlockAsync(handles[plan.File]!, plan.Start, plan.End - plan.Start, BlockSize, block =>
                {
                    var blockStart = position;
                    var blockEnd = position + block.Length;
                    hasher?.AppendData(block.Span);
                    while (next < plan.Tensors.Count && table.Start[plan.Tensors[next]] < blockEnd) active.Add(plan.Tensors[next++]);
                    for (var k = 0; k < active.Count;)
                    {
                        var i = active[k];
                        var from = Math.Max(table.Start[i], blockStart);
                        var to = Math.Min(table.End[i], blockEnd);
                        if (to > from) table.Consume(i, block.Span[(int)(from - blockStart)..(int)(to - blockStart)]);
                        if (table.End[i] <= blockEnd)
                        {
                            active[k] = active[^1];
                            active.RemoveAt(active.Count - 1);
                        }
                        else
                        {
                            k++;
                        }
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
                    progress?.Report(new DeepScanProgress(table.Files[plan.File], done, total));
                }, cancellationToken).ConfigureAwait(false);
                if (hasher is not null) sha = Hex.Lower(hasher.GetHashAndReset());
            }
            catch (EndOfStreamException ex)
            {
                var first = plan.Tensors.FirstOrDefault(i => table.End[i] > position, -1);
                findings.Add(new Finding(FindingSeverity.Error, CheckpointCodes.Truncated, "the file ended while its data was read: " + ex.Message)
                { Path = table.Files[plan.File], Offset = position, Tensor = first < 0 ? null : TensorName(table, first) });
            }
        }
        return (done, sha);
    }

    /// <summary>
    /// Inflates each deflated archive record through one fixed buffer and computes its CRC-32; a record that
    /// is not valid deflate data, or inflates to another size than its directory entry says, is a finding.
    /// Returns the compressed bytes read.
    /// </summary>
    private async Task<long> InflateAsync(IReadOnlyList<RecordCrcCheck> records, SafeFileHandle? handle, CancellationToken cancellationToken)
    {
        long read = 0;
        foreach (var record in records.Where(r => r.IsDeflated))
        {
            var crc = new System.IO.Hashing.Crc32();
            var expected = record.Span.Entry.UncompressedSize;
            try
            {
                var produced = await ZipRecordInflater.InflateAsync(record.File, handle!, record.Span, BlockSize,
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
