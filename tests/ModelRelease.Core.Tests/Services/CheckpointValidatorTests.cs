using ModelRelease.Core.Checkpoints;
using ModelRelease.Core.Checkpoints.Common;
using ModelRelease.Core.Checkpoints.Validation;

namespace ModelRelease.Core.Tests.Services;

public class CheckpointValidatorTests
{
    /// <summary>A reader that claims every file and returns a prepared checkpoint (or throws a prepared error).</summary>
    private sealed class FixedReader(Func<string, Checkpoint> make) : ICheckpointFormatReader
    {
        public string Name => "fixed";
        public bool Recognizes(ReadOnlySpan<byte> head, string path) => true;
        public Task<Checkpoint> ReadAsync(ByteSource source, CheckpointReadContext context, CancellationToken cancellationToken) => Task.FromResult(make(source.Path));
    }

    private static CheckpointValidator For(Checkpoint checkpoint) =>
        new(new CheckpointInspector(readers: [new FixedReader(_ => checkpoint)]));

    [Fact]
    public async Task A_clean_checkpoint_is_valid_and_reports_its_hash_and_count()
    {
        using var synth = new SyntheticCheckpoint();
        var cp = synth.Add("w", "F32", [4], SyntheticCheckpoint.F32(1, 2, 3, 4)).Write();
        var v = await For(cp).ValidateAsync(cp.Path, new CheckpointValidationOptions { ComputeSha256 = true, Deep = true, ExpectedParameterCount = 4 });
        Assert.True(v.IsValid, string.Join("; ", v.Findings));
        Assert.Equal(64, v.Sha256!.Length);
        Assert.Equal(4, v.ParameterCount);
        Assert.True(v.Deep);
        Assert.Single(v.TensorScans);
    }

    [Fact]
    public async Task Failed_checks_are_findings_not_exceptions()
    {
        using var synth = new SyntheticCheckpoint();
        var cp = synth.Add("w", "F32", [4], SyntheticCheckpoint.F32(1, float.NaN, 3, 4)).Write();
        var v = await For(cp).ValidateAsync(cp.Path, new CheckpointValidationOptions
        {
            Deep = true,
            ExpectedSha256 = new string('0', 64),
            ExpectedParameterCount = 1000,
            ParameterTolerance = 0.01,
        });
        Assert.False(v.IsValid);
        Assert.Equal(["CKPT_PARAMETER_COUNT", "CKPT_SHA256_MISMATCH", "TENSOR_NAN"], v.Findings.Select(f => f.Code).Order(StringComparer.Ordinal).ToArray());
        Assert.All(v.Findings, f => Assert.Equal(FindingSeverity.Error, f.Severity));
        Assert.Equal("w", v.Findings.Single(f => f.Code == "TENSOR_NAN").Tensor);
    }

    [Fact]
    public async Task Implausible_parameter_counts_are_errors()
    {
        using var synth = new SyntheticCheckpoint();
        var cp = synth.Add("w", "F32", [1], SyntheticCheckpoint.F32(1)).Write() with { ParameterCount = long.MaxValue / 2 };
        var v = await For(cp).ValidateAsync(cp.Path, new CheckpointValidationOptions());
        Assert.Contains(v.Findings, f => f.Code == "CKPT_IMPLAUSIBLE_PARAMETERS" && f.Severity == FindingSeverity.Error);
    }

    [Fact]
    public async Task An_unreadable_header_is_an_invalid_result_with_the_readers_code()
    {
        var error = CheckpointErrors.Invalid("ST_OFFSET", "/nowhere/x.safetensors", 123, "gap", "layer.0");
        var validator = new CheckpointValidator(new CheckpointInspector(readers: [new FixedReader(_ => throw error)]));
        var path = Path.GetTempFileName();
        try
        {
            var v = await validator.ValidateAsync(path, new CheckpointValidationOptions());
            Assert.False(v.IsValid);
            var f = Assert.Single(v.Findings);
            Assert.Equal(("ST_OFFSET", 123L, "layer.0"), (f.Code, f.Offset!.Value, f.Tensor!));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
