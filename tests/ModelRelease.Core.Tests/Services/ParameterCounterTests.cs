using ModelRelease.Core.Checkpoints.Parameters;

namespace ModelRelease.Core.Tests.Services;

public class ParameterCounterTests
{
    private static TensorInfo T(string name, string dtype, long[] shape, string? key = null, long offset = 0, long[]? stride = null) => new()
    {
        Name = name, DType = dtype, Shape = shape, ElementCount = shape.Aggregate(1L, (a, b) => a * b), StorageKey = key, StorageOffset = offset, Stride = stride,
    };

    private static Checkpoint Cp(CheckpointFormat format, params TensorInfo[] tensors) => new()
    {
        Path = "/x/model.pt", Format = format, Length = 1 << 20, Tensors = tensors, ParameterCount = tensors.Sum(t => t.ElementCount),
        Storages = tensors.Where(t => t.StorageKey is not null).GroupBy(t => t.StorageKey).Select(g => new StorageInfo { Key = g.Key!, DType = g.First().DType, ElementCount = g.Max(t => t.StorageOffset + t.ElementCount) }).ToList(),
    };

    [Fact]
    public void Tied_weights_count_once_in_unique_but_views_count_separately()
    {
        var cp = Cp(CheckpointFormat.PyTorch,
            T("emb.weight", "float32", [10, 4], "0", 0, [4, 1]),
            T("lm_head.weight", "float32", [10, 4], "0", 0, [4, 1]),   // tied: same view
            T("qkv.q", "float32", [2, 4], "1", 0, [4, 1]),
            T("qkv.k", "float32", [2, 4], "1", 8, [4, 1]),             // another view of the same storage
            T("norm.bias", "bfloat16", [4], "2", 0, [1]));
        var r = ParameterCounter.Measure(cp);
        Assert.Equal(40 + 40 + 8 + 8 + 4, r.Total);
        Assert.Equal(40 + 8 + 8 + 4, r.Unique);
        Assert.Equal(40 + 16 + 4, r.StorageElements);
        Assert.Equal(96, r.ByDType["float32"]);
        Assert.Equal(4, r.ByDType["bfloat16"]);
        Assert.Equal(40, r.ByGroup["emb"]);
        Assert.Equal(16, r.ByGroup["qkv"]);
        Assert.Null(r.WithinTolerance);
    }

    [Theory]
    [InlineData("100", "0", true)]
    [InlineData("101", "0.01", true)]
    [InlineData("102", "1%", false)]
    [InlineData("98", "2%", false)]
    [InlineData("98", "3%", true)]
    public void Expected_count_and_tolerance(string expected, string tolerance, bool within)
    {
        var cp = Cp(CheckpointFormat.Safetensors, T("a.w", "F32", [100]));
        Assert.True(ToleranceText.TryParse(tolerance, out var tol));
        var r = ParameterCounter.Measure(cp, ParameterCountText.Parse(expected), tol);
        Assert.Equal(within, r.WithinTolerance);
        Assert.Equal((100.0 - long.Parse(expected)) / long.Parse(expected), r.Deviation!.Value, 9);
    }

    [Fact]
    public void Formats_without_shared_storage_have_unique_equal_total()
    {
        var cp = Cp(CheckpointFormat.Gguf, T("blk.0.attn_q.weight", "Q4_K", [256, 256]), T("output_norm.weight", "F32", [256]));
        var r = ParameterCounter.Measure(cp);
        Assert.Equal(r.Total, r.Unique);
        Assert.Null(r.StorageElements);
        Assert.Equal(65536, r.ByGroup["blk"]);
    }
}
