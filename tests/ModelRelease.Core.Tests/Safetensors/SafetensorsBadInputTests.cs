using ModelRelease.Core.Checkpoints.Gguf;
using ModelRelease.Core.Checkpoints.Safetensors;
using ModelRelease.Core.Tests.Support;

namespace ModelRelease.Core.Tests.Safetensors;

/// <summary>Truncated and bit-flipped copies of every safetensors fixture (and the index) only ever give typed errors.</summary>
public class SafetensorsBadInputTests
{
    public static TheoryData<string> Files => Fixtures.TheoryOf("safetensors");

    /// <summary>Every code a damaged safetensors file may produce.</summary>
    internal static readonly HashSet<string> AllowedCodes = new(
        typeof(SafetensorsCodes).GetFields().Select(f => (string)f.GetRawConstantValue()!)
            .Concat(["CKPT_TRUNCATED", "CKPT_EMPTY", "CKPT_UNRECOGNIZED"]));

    [Theory]
    [MemberData(nameof(Files))]
    public async Task Every_truncation_is_a_typed_error(string file)
    {
        var bytes = File.ReadAllBytes(Fixtures.Path(file));
        var outcome = await BadInput.TruncationsAsync(file, bytes);
        // The tensors must cover the file exactly (reference rule 11), so no truncation reads.
        Assert.Equal(0, outcome.Read);
        Assert.Equal(outcome.Cases, outcome.Typed);
        Assert.All(outcome.Codes.Keys, c => Assert.Contains(c, AllowedCodes));
        Assert.Contains(SafetensorsCodes.HeaderLength, outcome.Codes.Keys);
        Assert.Contains("CKPT_TRUNCATED", outcome.Codes.Keys);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public async Task Every_header_flip_is_read_or_a_typed_error(string file)
    {
        var bytes = File.ReadAllBytes(Fixtures.Path(file));
        var region = (int)Fixtures.Entry(file).GetProperty("ground_truth").GetProperty("data_section_start").GetInt64();
        var outcome = await BadInput.FlipsAsync(file, bytes, region, count: 300, seed: 7);
        Assert.Equal(outcome.Cases, outcome.Typed + outcome.Read);
        Assert.All(outcome.Codes.Keys, c => Assert.Contains(c, AllowedCodes));
        Assert.True(outcome.Typed > outcome.Cases / 2, $"only {outcome.Typed} of {outcome.Cases} flips were caught");
    }

    [Fact]
    public async Task Damaged_index_files_give_typed_errors()
    {
        const string index = "safetensors/fluxml_sharded/model.safetensors.index.json";
        var siblings = Directory.GetFiles(Path.GetDirectoryName(Fixtures.Path(index))!, "*.safetensors")
            .ToDictionary(p => "safetensors/fluxml_sharded/" + Path.GetFileName(p), File.ReadAllBytes);
        var bytes = File.ReadAllBytes(Fixtures.Path(index));

        var cuts = await BadInput.TruncationsAsync(index, bytes, siblings);
        Assert.Equal(0, cuts.Read);
        Assert.All(cuts.Codes.Keys, c => Assert.Contains(c, AllowedCodes));

        var flips = await BadInput.FlipsAsync(index, bytes, bytes.Length, count: 300, seed: 11, siblings: siblings);
        Assert.Equal(flips.Cases, flips.Typed + flips.Read);
        Assert.All(flips.Codes.Keys, c => Assert.Contains(c, AllowedCodes));
    }

    [Fact]
    public async Task A_damaged_shard_is_reported_against_the_shard()
    {
        const string index = "safetensors/fluxml_sharded/model.safetensors.index.json";
        var siblings = Directory.GetFiles(Path.GetDirectoryName(Fixtures.Path(index))!, "*.safetensors")
            .ToDictionary(p => "safetensors/fluxml_sharded/" + Path.GetFileName(p), File.ReadAllBytes);
        const string shard = "safetensors/fluxml_sharded/model-00003-of-00006.safetensors";
        siblings[shard] = siblings[shard][..^1];
        var ex = await Assert.ThrowsAsync<CheckpointFormatException>(() => BadInput.ReadAsync(index, File.ReadAllBytes(Fixtures.Path(index)), siblings));
        Assert.Equal("CKPT_TRUNCATED", ex.Code);
        Assert.Equal(shard, ex.FilePath);
    }

    [Fact]
    public void Codes_do_not_overlap_with_gguf() =>
        Assert.Empty(AllowedCodes.Intersect(typeof(GgufCodes).GetFields().Select(f => (string)f.GetRawConstantValue()!)));
}
