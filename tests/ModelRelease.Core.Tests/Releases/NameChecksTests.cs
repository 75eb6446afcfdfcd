using ModelRelease.Core.Checkpoints;
using ModelRelease.Core.Releases.Names;
using ModelRelease.Core.Tests.Support;

namespace ModelRelease.Core.Tests.Releases;

public sealed class NameChecksTests
{
    private static async Task<Checkpoint> Read(string fixture) => await new CheckpointInspector().InspectAsync(Fixtures.Path(fixture));

    [Fact]
    public async Task A_GGUF_named_q8_0_that_holds_F16_is_a_finding()
    {
        var checkpoint = await Read("gguf/ollama_llama-2-tiny-random.gguf");
        Assert.Equal("MOSTLY_F16", checkpoint.FileType);
        var finding = Assert.Single(NameChecks.GgufQuantization("tiny-llama-q8_0.gguf", checkpoint.FileType, "/models/tiny-llama-q8_0.gguf"));
        Assert.Equal((FindingSeverity.Error, NameCodes.QuantizationMismatch, "/models/tiny-llama-q8_0.gguf"), (finding.Severity, finding.Code, finding.Path));
        Assert.Contains("Q8_0", finding.Message);
        Assert.Contains("MOSTLY_F16", finding.Message);
        Assert.Empty(NameChecks.GgufQuantization("tiny-llama-f16.gguf", checkpoint.FileType));
        Assert.Empty(NameChecks.GgufQuantization("tiny-llama-FP16.gguf", checkpoint.FileType));
        // The checkpoint's own name says no quantization: nothing to check.
        Assert.Empty(NameChecks.GgufQuantization(checkpoint));
    }

    [Theory]
    [InlineData("tiny-q4_k_m.gguf", "MOSTLY_Q4_K_M", null)]
    [InlineData("Tiny-Q4_K_M-00001-of-00002.gguf", "MOSTLY_Q4_K_M", null)]
    [InlineData("tiny-q4_k.gguf", "MOSTLY_Q4_K_S", null)]
    [InlineData("tiny-q4_k_s.gguf", "MOSTLY_Q4_K_M", NameCodes.QuantizationMismatch)]
    [InlineData("tiny-bf16.gguf", "MOSTLY_F16", NameCodes.QuantizationMismatch)]
    [InlineData("tiny-q8_0.gguf", "MOSTLY_Q8_0 (guessed)", null)]
    [InlineData("tiny-f32.gguf", "ALL_F32", null)]
    [InlineData("tiny-q8_0.gguf", null, NameCodes.QuantizationUnverified)]
    [InlineData("tiny-q8_0-f16.gguf", "MOSTLY_F16", NameCodes.QuantizationAmbiguous)]
    [InlineData("tiny.gguf", "MOSTLY_F16", null)]
    [InlineData("q4_0_4_4-model.gguf", "MOSTLY_Q4_0_4_4", null)]
    public void Quantization_labels_are_checked_against_the_file_type(string name, string? fileType, string? code)
    {
        var findings = NameChecks.GgufQuantization(name, fileType);
        if (code is null) Assert.Empty(findings);
        else Assert.Equal(code, Assert.Single(findings).Code);
    }

    [Fact]
    public async Task A_matching_GGUF_name_is_clean()
    {
        var checkpoint = await Read("gguf/tiny-llama-q4km-mix.gguf");
        Assert.Empty(NameChecks.GgufQuantization("tiny-llama-q4_k_m.gguf", checkpoint.FileType));
        Assert.Empty(NameChecks.SizeLabel("672k", checkpoint.ParameterCount, 0.01));
    }

    [Fact]
    public async Task A_size_label_that_lies_is_a_finding()
    {
        var checkpoint = await Read("gguf/ollama_llama-2-tiny-random.gguf");
        Assert.Equal(513048, checkpoint.ParameterCount);
        var label = NameChecks.SizeLabelIn("ruvltra-3b-q4_k_m.gguf");
        Assert.Equal("3b", label);
        var finding = Assert.Single(NameChecks.SizeLabel(label!, checkpoint.ParameterCount));
        Assert.Equal((FindingSeverity.Error, NameCodes.SizeMismatch), (finding.Severity, finding.Code));
        Assert.Contains("3.00B", finding.Message.Replace("3B", "3.00B", StringComparison.Ordinal));
        Assert.Empty(NameChecks.SizeLabel("513k", checkpoint.ParameterCount, 0.01));
        Assert.Empty(NameChecks.SizeLabel("500K", checkpoint.ParameterCount, 0.05));
        Assert.Single(NameChecks.SizeLabel("500K", checkpoint.ParameterCount, 0.01));
    }

    [Theory]
    [InlineData("7b", 6_740_000_000L, 0.10, null)]
    [InlineData("135m", 134_515_008L, 0.01, null)]
    [InlineData("1.5B", 1_543_714_304L, 0.05, null)]
    [InlineData("3b", 513_048L, 0.10, NameCodes.SizeMismatch)]
    [InlineData("small", 30_000_000L, 0.10, NameCodes.SizeUnknown)]
    [InlineData("8x7b", 46_700_000_000L, 0.10, NameCodes.SizeUnknown)]
    public void Size_labels_against_counts(string label, long count, double tolerance, string? code)
    {
        var findings = NameChecks.SizeLabel(label, count, tolerance);
        if (code is null) Assert.Empty(findings);
        else Assert.Equal(code, Assert.Single(findings).Code);
    }

    [Fact]
    public void A_word_label_is_checked_against_its_expected_count()
    {
        var expected = new Dictionary<string, long> { ["small"] = 26_800, ["base"] = 90_400 };
        Assert.Empty(NameChecks.SizeLabel("small", 26_784, 0.01, expected));
        Assert.Equal(NameCodes.SizeMismatch, Assert.Single(NameChecks.SizeLabel("Base", 26_784, 0.01, expected)).Code);
        Assert.Throws<ArgumentOutOfRangeException>(() => NameChecks.SizeLabel("3b", 1, 2.0));
    }
}
