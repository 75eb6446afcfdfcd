using System.Security.Cryptography;
using Microsoft.Win32.SafeHandles;
using ModelRelease.Core.Hashing;

namespace ModelRelease.Core.Checkpoints.Deep;

/// <summary>
/// Streams a checkpoint's tensor data once, in file order, with constant memory (two blocks), counting
/// NaN and infinities per tensor for F16, BF16, F32 and F64, and noticing truncation. When asked it
/// also hashes the checkpoint's own file in the same pass, so a deep check with a hash reads every
/// byte exactly once.
/// </summary>
public sealed class DeepScanner
{
    public int BlockSize { get; init; } = 4 << 20;

    private sealed record FilePlan(string File, List<TensorScanState> Tensors, bool Hash)
    {
        public long Start { get; set; }
        public long End { get; set; }
    }

    public async Task<DeepScanResult> ScanAsync(Checkpoint checkpoint, bool computeSha256, IProgress<DeepScanProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var bigEndian = checkpoint.ByteOrder == "big";
        var states = checkpoint.Tensors.Select(t => new TensorScanState(t, checkpoint.Format, bigEndian)).ToList();
        var plans = states
            .GroupBy(s => s.Tensor.File ?? checkpoint.Path, StringComparer.Ordinal)
            .Select(g => new FilePlan(g.Key, g.Where(s => s.Tensor.ByteLength > 0).OrderBy(s => s.Tensor.ByteOffset).ToList(), computeSha256 && g.Key == checkpoint.Path))
            .ToList();
        if (computeSha256 && !plans.Any(p => p.Hash)) plans.Add(new FilePlan(checkpoint.Path, [], true));

        var findings = new List<Finding>();
        var handles = new List<SafeFileHandle>();
        try
        {
            long total = 0;
            foreach (var plan in plans)
            {
                var handle = File.OpenHandle(plan.File, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, FileOptions.SequentialScan);
                handles.Add(handle);
                var length = RandomAccess.GetLength(handle);
                plan.Start = plan.Hash || plan.Tensors.Count == 0 ? 0 : plan.Tensors.Min(s => s.Tensor.ByteOffset);
                var wanted = plan.Tensors.Count == 0 ? 0 : plan.Tensors.Max(s => s.End);
                if (wanted > length)
                {
                    var first = plan.Tensors.First(s => s.End > length);
                    findings.Add(new Finding(FindingSeverity.Error, "CKPT_TRUNCATED", $"tensor data runs to offset {wanted} but the file is {length} bytes long")
                    { Path = plan.File, Offset = length, Tensor = first.Tensor.Name });
                }
                plan.End = plan.Hash ? length : Math.Min(wanted, length);
                total += plan.End - plan.Start;
            }

            string? sha = null;
            long done = 0;
            for (var p = 0; p < plans.Count; p++)
            {
                var plan = plans[p];
                var (read, hash, finding) = await StreamAsync(handles[p], plan, bytes =>
                {
                    done += bytes;
                    progress?.Report(new DeepScanProgress(plan.File, done, total));
                }, cancellationToken).ConfigureAwait(false);
                if (finding is not null) findings.Add(finding);
                if (plan.Hash && hash is not null) sha = hash;
                _ = read;
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
            return new DeepScanResult(scans, findings, sha, done);
        }
        finally
        {
            foreach (var h in handles) h.Dispose();
        }
    }

    private static string PathOf(Checkpoint checkpoint, string tensor) =>
        checkpoint.Tensors.FirstOrDefault(t => t.Name == tensor)?.File ?? checkpoint.Path;

    private async Task<(long Read, string? Sha256, Finding? Truncation)> StreamAsync(SafeFileHandle handle, FilePlan plan, Action<long> onBlock, CancellationToken cancellationToken)
    {
        using var sha = plan.Hash ? IncrementalHash.CreateHash(HashAlgorithmName.SHA256) : null;
        var cursor = 0; // tensors before this index end before the current block
        var position = plan.Start;
        try
        {
            await FileHasher.ForEachBlockAsync(handle, plan.Start, plan.End - plan.Start, BlockSize, block =>
            {
                var blockStart = position;
                var blockEnd = position + block.Length;
                sha?.AppendData(block.Span);
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
                onBlock(block.Length);
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (EndOfStreamException ex)
        {
            var first = plan.Tensors.FirstOrDefault(s => s.End > position);
            return (position - plan.Start, null, new Finding(FindingSeverity.Error, "CKPT_TRUNCATED", "the file ended while its data was read: " + ex.Message)
            { Path = plan.File, Offset = position, Tensor = first?.Tensor.Name });
        }
        return (position - plan.Start, sha is null ? null : Hex.Lower(sha.GetHashAndReset()), null);
    }
}
