using ModelRelease.Core.Checkpoints.Gguf;
using ModelRelease.Core.Tests.Support;

namespace ModelRelease.Core.Tests.Gguf;

/// <summary>Truncated and bit-flipped copies of every GGUF fixture only ever give typed errors (or read).</summary>
public class GgufBadInputTests
{
    public static TheoryData<string> Files => Fixtures.TheoryOf("gguf");

    internal static readonly HashSet<string> AllowedCodes = new(
        typeof(GgufCodes).GetFields().Select(f => (string)f.GetRawConstantValue()!)
            .Concat(["CKPT_TRUNCATED", "CKPT_EMPTY", "CKPT_UNRECOGNIZED"]));

    [Theory]
    [MemberData(nameof(Files))]
    public async Task Every_truncation_is_a_typed_error(string file)
    {
        var bytes = File.ReadAllBytes(Fixtures.Path(file));
        var truth = Fixtures.Entry(file).GetProperty("ground_truth");
        // A cut reads only when it keeps every tensor's data (it may drop padding after the last one).
        var dataEnd = truth.GetProperty("tensors").EnumerateArray()
            .Select(t => t.GetProperty("absolute_offset").GetInt64() + t.GetProperty("n_bytes").GetInt64())
            .DefaultIfEmpty(bytes.Length).Max();
        var readable = BadInput.TruncationPoints(bytes.Length).Count(cut => cut >= dataEnd);

        var outcome = await BadInput.TruncationsAsync(file, bytes);
        Assert.Equal(readable, outcome.Read);
        Assert.Equal(outcome.Cases - readable, outcome.Typed);
        Assert.All(outcome.Codes.Keys, c => Assert.Contains(c, AllowedCodes));
        Assert.Contains("CKPT_TRUNCATED", outcome.Codes.Keys);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public async Task Every_header_flip_is_read_or_a_typed_error(string file)
    {
        var bytes = File.ReadAllBytes(Fixtures.Path(file));
        var region = (int)Math.Min(bytes.Length, Fixtures.Entry(file).GetProperty("ground_truth").GetProperty("data_section_start").GetInt64());
        // Large vocabularies make each read ~ms: fewer cases for them keeps the suite quick.
        var count = bytes.Length > 100_000 ? 150 : 400;
        var outcome = await BadInput.FlipsAsync(file, bytes, region, count, seed: 3);
        Assert.Equal(outcome.Cases, outcome.Typed + outcome.Read);
        Assert.All(outcome.Codes.Keys, c => Assert.Contains(c, AllowedCodes));
    }

    [Fact]
    public async Task Flips_in_the_fixed_header_fields_are_caught()
    {
        // Magic, version, counts: the first 24 bytes.
        var bytes = File.ReadAllBytes(Fixtures.Path("gguf/basic-types.gguf"));
        var outcome = await BadInput.FlipsAsync("gguf/basic-types.gguf", bytes, 24, count: 200, seed: 5);
        // A flip can leave a structurally valid file: tensor_count 13 → 12 drops the last tensor info and the
        // header still checks out (only a GGUF_TRAILING_BYTES warning tells). With this seed exactly one case does that.
        Assert.True(outcome.Read <= 1, $"{outcome.Read} of {outcome.Cases} flips of magic/version/counts were read");
        Assert.All(outcome.Codes.Keys, c => Assert.Contains(c, AllowedCodes));
    }
}
