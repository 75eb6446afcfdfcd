using System.Security.Cryptography;
using ModelRelease.Core.Checkpoints.Deep;

namespace ModelRelease.Core.Tests.Services;

public class DeepScannerTests
{
    [Theory]
    [InlineData(3)]      // blocks smaller than an element: every element straddles
    [InlineData(10)]
    [InlineData(4096)]
    public async Task Counts_non_finite_values_per_tensor_across_block_boundaries(int blockSize)
    {
        using var synth = new SyntheticCheckpoint(headerBytes: 13);
        var checkpoint = synth
            .Add("a.weight", "F32", [4], SyntheticCheckpoint.F32(1, float.NaN, float.PositiveInfinity, 2))
            .Add("b.weight", "F16", [3], SyntheticCheckpoint.F16(float.NegativeInfinity, 1, float.NaN))
            .Add("c.weight", "BF16", [2], SyntheticCheckpoint.BF16(1.5f, -2f))
            .Add("d.weight", "F64", [2], SyntheticCheckpoint.F64(double.NaN, double.NaN))
            .Add("e.ids", "I32", [2], [0xFF, 0xFF, 0x80, 0x7F, 0, 0, 0x80, 0xFF])
            .Write();
        var result = await new DeepScanner { BlockSize = blockSize }.ScanAsync(checkpoint, computeSha256: true);
        var scans = result.Scans.ToDictionary(s => s.Name);
        Assert.Equal((1, 1, 0L), (scans["a.weight"].NaNCount, scans["a.weight"].PositiveInfinityCount, scans["a.weight"].NegativeInfinityCount));
        Assert.Equal((1, 0, 1L), (scans["b.weight"].NaNCount, scans["b.weight"].PositiveInfinityCount, scans["b.weight"].NegativeInfinityCount));
        Assert.True(scans["c.weight"].IsFinite);
        Assert.Equal(2, scans["d.weight"].NaNCount);
        Assert.False(scans["e.ids"].Checked);
        Assert.Contains(result.Findings, f => f.Code == "TENSOR_NAN" && f.Tensor == "a.weight");
        Assert.Contains(result.Findings, f => f.Code == "TENSOR_INF" && f.Tensor == "b.weight");
        Assert.DoesNotContain(result.Findings, f => f.Tensor == "c.weight");
        Assert.Equal(Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(synth.FilePath))).ToLowerInvariant(), result.Sha256);
    }

    [Fact]
    public async Task A_truncated_file_is_a_finding_naming_the_tensor_and_offset()
    {
        using var synth = new SyntheticCheckpoint();
        var checkpoint = synth
            .Add("a", "F32", [2], SyntheticCheckpoint.F32(1, 2))
            .Add("b", "F32", [4], SyntheticCheckpoint.F32(1, 2, 3, 4))
            .Write(truncateBy: 5);
        var result = await new DeepScanner().ScanAsync(checkpoint, computeSha256: false);
        var f = Assert.Single(result.Findings, f => f.Code == "CKPT_TRUNCATED");
        Assert.Equal("b", f.Tensor);
        Assert.Equal(new FileInfo(synth.FilePath).Length, f.Offset);
    }

    [Fact]
    public async Task Reads_only_the_tensor_region_when_not_hashing()
    {
        using var synth = new SyntheticCheckpoint(headerBytes: 1000);
        var checkpoint = synth.Add("a", "F32", [8], SyntheticCheckpoint.F32(1, 2, 3, 4, 5, 6, 7, 8)).Write();
        var result = await new DeepScanner().ScanAsync(checkpoint, computeSha256: false);
        Assert.Equal(32, result.BytesRead);
        Assert.Null(result.Sha256);
    }

    [Fact]
    public async Task Cancellation_is_honoured()
    {
        using var synth = new SyntheticCheckpoint();
        var checkpoint = synth.Add("a", "F32", [1 << 20], new byte[4 << 20]).Write();
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new DeepScanner { BlockSize = 4096 }.ScanAsync(checkpoint, true, null, cts.Token));
    }

    [Fact]
    public async Task Tied_tensors_are_read_once_and_both_get_the_counts()
    {
        using var synth = new SyntheticCheckpoint();
        var checkpoint = synth.Add("emb.weight", "F32", [3], SyntheticCheckpoint.F32(1, float.NaN, 3)).AddView("lm_head.weight", "emb.weight").Write();
        var result = await new DeepScanner().ScanAsync(checkpoint, computeSha256: false);
        Assert.Equal(12, result.BytesRead);
        Assert.All(result.Scans, s => Assert.Equal(1, s.NaNCount));
        Assert.Equal(2, result.Findings.Count(f => f.Code == "TENSOR_NAN"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Overlapping_views_are_scanned_only_up_to_a_multiple_of_the_file(bool hash)
    {
        // One storage of 1,000 floats and 40 distinct views of most of it: scanning them all would read it 40 times over.
        using var synth = new SyntheticCheckpoint(headerBytes: 0);
        synth.Add("base", "F32", [1000], SyntheticCheckpoint.F32(Enumerable.Range(0, 1000).Select(i => i == 999 ? float.NaN : 1f).ToArray()));
        for (var v = 1; v <= 40; v++) synth.AddSlice($"view{v}", "base", fromElement: v, elements: 1000 - v);
        var checkpoint = synth.Write();
        var result = await new DeepScanner { MaxOverlapFactor = 3, OverlapAllowance = 0, BlockSize = 512 }.ScanAsync(checkpoint, hash);
        var scanned = result.Scans.Count(s => s.Checked);
        Assert.InRange(scanned, 3, 4); // the base and two or three views fill three times the file
        var limit = Assert.Single(result.Findings, f => f.Code == "TENSOR_SCAN_LIMIT");
        Assert.Equal(FindingSeverity.Warning, limit.Severity);
        Assert.All(result.Scans.Where(s => s.Checked), s => Assert.Equal(1, s.NaNCount));
        Assert.All(result.Scans.Where(s => !s.Checked), s => Assert.Equal(0, s.NaNCount));
    }

    [Fact]
    public async Task Parallel_and_in_order_paths_agree()
    {
        using var synth = new SyntheticCheckpoint(headerBytes: 3);
        var rng = new Random(7);
        for (var t = 0; t < 5; t++)
        {
            var values = Enumerable.Range(0, 10_000 + t * 977).Select(_ => rng.Next(50) == 0 ? float.NaN : rng.Next(70) == 0 ? float.NegativeInfinity : (float)rng.NextDouble()).ToArray();
            synth.Add($"t{t}", t % 2 == 0 ? "F32" : "F16", [values.Length], t % 2 == 0 ? SyntheticCheckpoint.F32(values) : SyntheticCheckpoint.F16(values));
        }
        var checkpoint = synth.Write();
        var parallel = await new DeepScanner { BlockSize = 1000, MaxParallelism = 3 }.ScanAsync(checkpoint, computeSha256: false);
        var ordered = await new DeepScanner { BlockSize = 1000 }.ScanAsync(checkpoint, computeSha256: true);
        Assert.Equal(ordered.Scans, parallel.Scans);
        Assert.Contains(parallel.Scans, s => s.NaNCount > 0 && s.NegativeInfinityCount > 0);
    }
}
