using ModelRelease.Core.Operations;
using ModelRelease.Core.Operations.Gate;
using ModelRelease.Core.Releases.Names;
using ModelRelease.Core.Tests.Support;

namespace ModelRelease.Core.Tests.Operations;

/// <summary>Names that lie are gate findings: a GGUF named for another quantization, a size label that is not the parameter count.</summary>
public sealed class GateNameTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mr-gate-names-").FullName;
    private readonly ModelReleaseSession _session;

    public GateNameTests() => _session = new ModelReleaseSession(new ModelReleaseSessionOptions { CacheFolder = Path.Combine(_dir, "cache") });

    public void Dispose()
    {
        _session.Dispose();
        Directory.Delete(_dir, true);
    }

    private string Copy(string fixture, string name)
    {
        var path = Path.Combine(_dir, name);
        File.Copy(Fixtures.Path(fixture), path, overwrite: true);
        return path;
    }

    private Task<CheckpointGateResult> Check(CheckpointGateOptions options) => _session.Gate.CheckAsync(options, null, Run.Timeout(60));

    [Fact]
    public async Task A_gguf_named_q8_0_that_holds_an_f16_model_is_refused_by_the_gate()
    {
        // The case: 513K parameters in F16, named as if quantized to Q8_0; it validates clean on its own.
        var lie = Copy("gguf/ollama_llama-2-tiny-random.gguf", "ruvltra-513k-q8_0.gguf");
        var gate = await Check(new CheckpointGateOptions { Inputs = [lie] });

        Assert.False(gate.Passed);
        var file = Assert.Single(gate.Files);
        Assert.True(file.Validation!.IsValid);
        Assert.True(file.Refused);
        var finding = Assert.Single(file.Findings);
        Assert.Equal((FindingSeverity.Error, NameCodes.QuantizationMismatch, lie), (finding.Severity, finding.Code, finding.Path));
        Assert.Contains("MOSTLY_F16", finding.Message);
    }

    [Fact]
    public async Task A_true_name_passes_and_its_size_label_is_checked_against_the_count()
    {
        var honest = Copy("gguf/ollama_llama-2-tiny-random.gguf", "ruvltra-513k-f16.gguf");
        var quantized = Copy("gguf/tiny-llama-q4km-mix.gguf", "ruvltra-672k-q4_k_m.gguf");
        var gate = await Check(new CheckpointGateOptions { Inputs = [honest, quantized] });
        Assert.True(gate.Passed, string.Join("\n", gate.Files.SelectMany(f => f.Findings)));
        Assert.All(gate.Files, f => Assert.Empty(f.Findings));

        var tooBig = Copy("gguf/tiny-llama-q4km-mix.gguf", "ruvltra-3b-q4_k_m.gguf");
        var refused = await Check(new CheckpointGateOptions { Inputs = [tooBig] });
        var finding = Assert.Single(Assert.Single(refused.Files).Findings);
        Assert.Equal((FindingSeverity.Error, NameCodes.SizeMismatch), (finding.Severity, finding.Code));
        Assert.Contains("3b", finding.Message);
        Assert.False(refused.Passed);
    }

    [Fact]
    public async Task A_word_label_is_checked_with_its_expected_count_and_not_without_one()
    {
        var small = Copy("safetensors/fluxml_model.safetensors", "model-small.safetensors");
        var count = (await _session.Inspector.InspectAsync(small, Run.Timeout())).ParameterCount;

        var right = await Check(new CheckpointGateOptions { Inputs = [small], SizeLabels = new Dictionary<string, long> { ["small"] = count } });
        Assert.True(right.Passed);

        var wrong = await Check(new CheckpointGateOptions { Inputs = [small], SizeLabels = new Dictionary<string, long> { ["small"] = count * 10 } });
        Assert.Equal(NameCodes.SizeMismatch, Assert.Single(Assert.Single(wrong.Files).Findings).Code);
        Assert.False(wrong.Passed);

        var unlabelled = await Check(new CheckpointGateOptions { Inputs = [small] });
        Assert.True(unlabelled.Passed); // a word is no count: nothing to check without one
        Assert.Empty(Assert.Single(unlabelled.Files).Findings);
    }

    [Fact]
    public async Task Checking_names_can_be_turned_off_and_force_lets_a_lie_through_with_its_finding()
    {
        var lie = Copy("gguf/ollama_llama-2-tiny-random.gguf", "model-q8_0.gguf");
        Assert.True((await Check(new CheckpointGateOptions { Inputs = [lie], CheckNames = false })).Passed);
        var forced = await Check(new CheckpointGateOptions { Inputs = [lie], Force = true });
        Assert.True(forced.Forced);
        Assert.Equal(NameCodes.QuantizationMismatch, Assert.Single(Assert.Single(forced.Files).Findings).Code);
    }
}
