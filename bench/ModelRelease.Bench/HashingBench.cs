using System.Globalization;
using Microsoft.Win32.SafeHandles;
using ModelRelease.Core.Checkpoints;
using ModelRelease.Core.Checkpoints.Comparison;
using ModelRelease.Core.Checkpoints.Deep;
using ModelRelease.Core.Hashing;

namespace ModelRelease.Bench;

/// <summary>
/// Issue 8 (System.IO.Hashing): Compare-Checkpoint -Content with XxHash128 fingerprints against the same
/// comparison with SHA-256 (what it used before), and the deep scan of a PyTorch zip with and without the
/// CRC-32 check of every record, each pair measured in the same run on the same files.
/// </summary>
internal static class HashingBench
{
    /// <summary>SHA-256 per tensor, as Compare-Checkpoint fingerprinted before: the peer of the XxHash128 fingerprint.</summary>
    private sealed class Sha256Fingerprint(FileHasher hasher) : IRangeFingerprint
    {
        public async Task<string> ComputeAsync(SafeFileHandle handle, long offset, long length, IProgress<long>? bytesProgress, CancellationToken cancellationToken) =>
            Hex.Lower(await hasher.HashRangeAsync(handle, offset, length, bytesProgress, cancellationToken).ConfigureAwait(false));
    }

    public static async Task CompareAsync(string dir, double sizeGb, Action<string, bool, string> verdict)
    {
        var size = (long)(Math.Max(1, sizeGb) * (1L << 30));
        var folder = Path.Combine(dir, "compare-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(folder);
        try
        {
            Console.WriteLine($"== compare: Compare-Checkpoint -Content's core on two {size / (double)(1L << 30):F0} GiB safetensors checkpoints (one byte differs), XxHash128 against SHA-256");
            var a = BenchFiles.DenseSafetensors(folder, size, "reference.safetensors", seed: 5);
            var b = Path.Combine(folder, "difference.safetensors");
            File.Copy(a, b);
            var inspector = new CheckpointInspector();
            var left = await inspector.InspectAsync(a);
            var target = left.Tensors[left.Tensors.Count / 2];
            using (var fs = new FileStream(b, FileMode.Open, FileAccess.ReadWrite))
            {
                fs.Position = target.ByteOffset + target.ByteLength / 3;
                var x = fs.ReadByte();
                fs.Position--;
                fs.WriteByte((byte)(x ^ 0x01));
            }
            var right = await inspector.InspectAsync(b);
            Measure.Shell($"cat '{a}' '{b}' > /dev/null"); // into the page cache

            var xx = new CheckpointComparer(new XxHash128Fingerprint());
            var sha = new CheckpointComparer(new Sha256Fingerprint(new FileHasher()));
            CheckpointComparison? byXx = null, bySha = null;
            double bestXx = double.MaxValue, bestSha = double.MaxValue;
            for (var run = 0; run < 3; run++) // interleaved, so both see the same machine
            {
                bestSha = Math.Min(bestSha, await Measure.BestAsync(1, async () => bySha = await sha.CompareAsync(left, right, compareContent: true)));
                bestXx = Math.Min(bestXx, await Measure.BestAsync(1, async () => byXx = await xx.CompareAsync(left, right, compareContent: true)));
            }
            var read = 2 * left.Tensors.Sum(t => t.ByteLength);
            Console.WriteLine($"  {left.TensorCount} tensors, {read / (double)(1L << 30):F2} GiB read per comparison");
            Console.WriteLine($"  SHA-256 {bestSha:F3} s ({Measure.Rate(read, bestSha)}), XxHash128 {bestXx:F3} s ({Measure.Rate(read, bestXx)})");
            var found = byXx!.ContentChanged.Select(c => c.Name).SequenceEqual([target.Name]) && bySha!.ContentChanged.Select(c => c.Name).SequenceEqual([target.Name]);
            verdict("both find exactly the changed tensor", found, $"{target.Name}, {byXx.UnchangedCount} unchanged");
            verdict("XxHash128 compare >= 2x SHA-256 compare", bestSha / bestXx >= 2, $"{bestSha / bestXx:F2}x");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    public static void DeepZip(string dir, double sizeGb, Action<string, bool, string> verdict)
    {
        var size = (long)(sizeGb * (1L << 30));
        var path = BenchTorchZip.Write(dir, size);
        Console.WriteLine($"== deep-zip: deep scan of a {sizeGb} GiB PyTorch zip in the page cache (64 stored F32 records), with and without the CRC-32 of every record");
        Measure.Shell($"cat '{path}' > /dev/null");
        var cat = Measure.BestShell(3, $"cat '{path}' > /dev/null");
        Console.WriteLine($"  cat {cat:F3} s ({Measure.Rate(size, cat)})");
        int entries;
        using (var zip = System.IO.Compression.ZipFile.OpenRead(path)) entries = zip.Entries.Count;
        foreach (var (label, sha) in new[] { ("parallel (-Deep)", false), ("in order with SHA-256 (-Deep -Sha256)", true) })
        {
            var with = new List<string[]>();
            var without = new List<string[]>();
            for (var run = 0; run < 3; run++) // fresh processes (JIT included), interleaved
            {
                without.Add(Measure.Child("deep-zip-child", path, "nocrc", sha ? "sha" : "nosha").Split(' '));
                with.Add(Measure.Child("deep-zip-child", path, "crc", sha ? "sha" : "nosha").Split(' '));
            }
            static double Best(List<string[]> runs) => runs.Min(r => double.Parse(r[0], CultureInfo.InvariantCulture));
            var (crc, plain) = (Best(with), Best(without));
            var peak = with.Max(r => long.Parse(r[1], CultureInfo.InvariantCulture));
            var records = with.Min(r => int.Parse(r[3], CultureInfo.InvariantCulture));
            var findings = with.Concat(without).Max(r => int.Parse(r[4], CultureInfo.InvariantCulture));
            Console.WriteLine($"  {label}: without CRC {plain:F3} s ({Measure.Rate(size, plain)}), with CRC {crc:F3} s ({Measure.Rate(size, crc)}), {records} records verified, peak RSS {peak / (1 << 20)} MiB");
            verdict($"{label}: every record verified, no finding", records == entries && findings == 0, $"{records} of {entries} records, {findings} findings");
            verdict($"{label}: the CRC costs <= 20%", crc / plain <= 1.20, $"{crc / plain:F3}x the time without it");
            verdict($"{label}: peak memory < 100 MB", peak < 100_000_000, $"{peak / 1e6:F1} MB");
        }
    }

    /// <summary>One deep scan of the zip in a fresh process: seconds, peak RSS, bytes read, records verified, findings.</summary>
    public static async Task<int> DeepZipChildAsync(string path, bool crc, bool sha)
    {
        var cp = await new CheckpointInspector().InspectAsync(path);
        var sw = System.Diagnostics.Stopwatch.StartNew();
        var r = await new DeepScanner { VerifyArchiveCrc = crc }.ScanAsync(cp, computeSha256: sha);
        var seconds = sw.Elapsed.TotalSeconds;
        Console.WriteLine(string.Join(' ', seconds.ToString("R", CultureInfo.InvariantCulture), Measure.PeakRss(), r.BytesRead, r.RecordsVerified, r.Findings.Count));
        return 0;
    }
}
