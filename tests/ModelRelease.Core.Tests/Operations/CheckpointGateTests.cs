using ModelRelease.Core.Checkpoints;
using ModelRelease.Core.Checkpoints.Validation;
using ModelRelease.Core.Operations;
using ModelRelease.Core.Operations.Gate;
using ModelRelease.Core.Tests.Support;

namespace ModelRelease.Core.Tests.Operations;

/// <summary>The one checkpoint gate, through its records: roles, refusals and the verdict.</summary>
public sealed class CheckpointGateTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mr-gate-").FullName;
    private readonly ModelReleaseSession _session;

    public CheckpointGateTests() => _session = new ModelReleaseSession(new ModelReleaseSessionOptions { CacheFolder = Path.Combine(_dir, "cache") });

    public void Dispose()
    {
        _session.Dispose();
        Directory.Delete(_dir, true);
    }

    private Task<CheckpointGateResult> Check(CheckpointGateOptions options) => _session.Gate.CheckAsync(options, null, Run.Timeout(60));

    [Fact]
    public async Task A_trainer_output_folder_passes_with_its_training_state_recognised_and_scanned()
    {
        var folder = ReleaseFolders.Trainer(Path.Combine(_dir, "trainer"));
        var gate = await Check(new CheckpointGateOptions { Inputs = [folder], Recurse = true, Validation = new CheckpointValidationOptions { Deep = true } });

        Assert.True(gate.Passed, string.Join("\n", gate.Files.SelectMany(f => f.Findings).Concat(gate.Findings)));
        var roles = gate.Files.ToDictionary(f => Path.GetFileName(f.Path), f => f.Role);
        Assert.Equal(FileRole.Checkpoint, roles["model.safetensors"]);
        Assert.Equal(FileRole.TrainingState, roles["training_args.bin"]);
        Assert.Equal(FileRole.TrainingState, roles["optimizer.pt"]);
        Assert.Equal(FileRole.TrainingState, roles["scheduler.pt"]);
        Assert.Equal(FileRole.TrainingState, roles["rng_state.pth"]);
        Assert.Equal(FileRole.Tokenizer, roles["tokenizer.json"]);
        Assert.Equal(FileRole.Config, roles["trainer_state.json"]);
        Assert.Equal(1, gate.CheckpointCount);
        var validation = Assert.Single(gate.Validations);
        Assert.True(validation.IsValid);
        // training_args.bin names transformers' classes: not refused, but said.
        var args = gate.Files.Single(f => Path.GetFileName(f.Path) == "training_args.bin");
        var note = Assert.Single(args.Findings);
        Assert.Equal((FindingSeverity.Info, GateCodes.PickleGlobals), (note.Severity, note.Code));
        Assert.Contains("transformers.training_args.TrainingArguments", note.Message);
    }

    [Theory]
    [InlineData("pytorch_model.bin")]
    [InlineData("model.ckpt")]
    [InlineData("model.pt")]
    [InlineData("weights.pth")]
    public async Task A_hostile_pickle_is_refused_whatever_its_checkpoint_name(string name)
    {
        var path = ReleaseFolders.Hostile(Path.Combine(_dir, "hostile"), name);
        var gate = await Check(new CheckpointGateOptions { Inputs = [path] });

        Assert.False(gate.Passed);
        var file = Assert.Single(gate.Files);
        Assert.Equal((FileRole.Checkpoint, true), (file.Role, file.Refused));
        Assert.Contains(file.Validation!.Findings, f => f.Code == "PT_UNSAFE_GLOBAL" && f.Message.Contains("os.system", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_hostile_pickle_under_a_name_that_says_nothing_is_read_by_its_content()
    {
        var path = ReleaseFolders.Hostile(Path.Combine(_dir, "renamed"), "data.dat");
        var gate = await Check(new CheckpointGateOptions { Inputs = [path], RequireCheckpoint = false });
        var file = Assert.Single(gate.Files);
        Assert.Equal((FileRole.Pickle, true), (file.Role, file.Refused));
        Assert.Equal(GateCodes.PickleUnsafe, Assert.Single(file.Findings).Code);
        Assert.False(gate.Passed);
    }

    [Fact]
    public async Task A_training_state_file_that_calls_os_system_after_a_harmless_class_is_refused()
    {
        var folder = ReleaseFolders.Trainer(Path.Combine(_dir, "trainer-hostile"));
        File.WriteAllBytes(Path.Combine(folder, "training_args.bin"), ReleaseFolders.HostileTrainingArguments());
        var gate = await Check(new CheckpointGateOptions { Inputs = [folder], Recurse = true });
        Assert.False(gate.Passed);
        var args = gate.Files.Single(f => Path.GetFileName(f.Path) == "training_args.bin");
        Assert.True(args.Refused);
        var finding = Assert.Single(args.Findings);
        Assert.Equal(GateCodes.PickleUnsafe, finding.Code);
        Assert.Contains("os.system", finding.Message);
    }

    [Fact]
    public async Task Force_lets_a_refused_file_through_and_says_so()
    {
        var path = ReleaseFolders.Hostile(Path.Combine(_dir, "forced"), "pytorch_model.bin");
        var gate = await Check(new CheckpointGateOptions { Inputs = [path], Force = true });
        Assert.Equal((false, true, 1), (gate.Passed, gate.Forced, gate.RefusedCount));
    }

    [Fact]
    public async Task An_empty_folder_or_a_folder_of_companions_is_a_failure_never_a_pass()
    {
        var empty = Directory.CreateDirectory(Path.Combine(_dir, "empty")).FullName;
        var gate = await Check(new CheckpointGateOptions { Inputs = [empty] });
        Assert.False(gate.Passed);
        var finding = Assert.Single(gate.Findings);
        Assert.Equal((FindingSeverity.Error, GateCodes.NoCheckpoints, empty), (finding.Severity, finding.Code, finding.Path));

        var companions = Directory.CreateDirectory(Path.Combine(_dir, "companions")).FullName;
        File.WriteAllBytes(Path.Combine(companions, "training_args.bin"), PyTorch.TorchZipBuilder.Build("training_args", ReleaseFolders.TrainingArgumentsPickle()));
        File.WriteAllText(Path.Combine(companions, "config.json"), "{}");
        var recursive = await Check(new CheckpointGateOptions { Inputs = [companions], Recurse = true });
        Assert.False(recursive.Passed);
        Assert.Equal(GateCodes.NoCheckpoints, Assert.Single(recursive.Findings).Code);
        Assert.Equal(0, recursive.CheckpointCount);

        // A publish of a card or a config alone needs no checkpoint.
        Assert.True((await Check(new CheckpointGateOptions { Inputs = [Path.Combine(companions, "config.json")], RequireCheckpoint = false })).Passed);
    }

    [Fact]
    public async Task A_sharded_pytorch_set_is_one_checkpoint_and_its_shards_are_checked_through_it()
    {
        var index = ReleaseFolders.ShardedPyTorch(Path.Combine(_dir, "sharded"));
        var gate = await Check(new CheckpointGateOptions { Inputs = [Path.GetDirectoryName(index)!], Validation = new CheckpointValidationOptions { Deep = true } });

        Assert.True(gate.Passed, string.Join("\n", gate.Validations.SelectMany(v => v.Findings)));
        var validation = Assert.Single(gate.Validations);
        Assert.Equal((index, CheckpointFormat.PyTorch, 15L), (validation.Path, validation.Format!.Value, validation.ParameterCount!.Value));
        Assert.Equal([ReleaseFolders.Shard1, ReleaseFolders.Shard2], gate.Files.Where(f => f.Role == FileRole.Shard).Select(f => Path.GetFileName(f.Path)));
        Assert.All(gate.Files.Where(f => f.Role == FileRole.Shard), f => Assert.Equal(index, f.CoveredBy));
    }

    [Fact]
    public async Task A_failed_validation_given_with_the_input_refuses_its_checkpoint()
    {
        var file = Path.Combine(_dir, "model.safetensors");
        File.Copy(Fixtures.Path("safetensors/fluxml_model.safetensors"), file);
        var failed = new CheckpointValidation { Path = file, IsValid = false, Findings = [new Finding(FindingSeverity.Error, "TENSOR_NAN", "NaN") { Path = file }] };
        var gate = await Check(new CheckpointGateOptions { Inputs = [file], Given = new Dictionary<string, CheckpointValidation> { [file] = failed } });
        var judged = Assert.Single(gate.Files);
        Assert.True(judged.Validation!.IsValid); // the header is fine …
        Assert.True(judged.Refused);             // … but the user's own (deep) check failed
        Assert.Equal([GateCodes.ValidationFailed, "TENSOR_NAN"], judged.Findings.Select(f => f.Code));
    }

    [Fact]
    public async Task A_file_the_user_names_is_read_as_a_checkpoint_when_validate_asks_and_is_data_in_a_publish()
    {
        var file = Path.Combine(_dir, "weights.dat");
        File.Copy(Fixtures.Path("safetensors/fluxml_model.safetensors"), file);
        var validate = await Check(new CheckpointGateOptions { Inputs = [file], ReadNamedFiles = true });
        Assert.True(validate.Passed);
        Assert.Equal(FileRole.Checkpoint, Assert.Single(validate.Files).Role);

        var publish = await Check(new CheckpointGateOptions { Inputs = [file], RequireCheckpoint = false });
        Assert.Equal((true, FileRole.Other), (publish.Passed, Assert.Single(publish.Files).Role));

        var missing = await Check(new CheckpointGateOptions { Inputs = [Path.Combine(_dir, "missing.dat")], ReadNamedFiles = true });
        Assert.Contains(Assert.Single(missing.Validations).Findings, f => f.Code == "CKPT_NOT_FOUND");
    }

    [Fact]
    public async Task Include_and_exclude_choose_the_files_of_a_folder()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_dir, "globs")).FullName;
        File.Copy(Fixtures.Path("gguf/basic-types.gguf"), Path.Combine(folder, "a.gguf"));
        File.Copy(Fixtures.Path("onnx/tiny_mlp.onnx"), Path.Combine(folder, "b.onnx"));
        ReleaseFolders.Hostile(folder, "evil.pt");
        var gate = await Check(new CheckpointGateOptions { Inputs = [folder], Exclude = ["evil.*"] });
        Assert.True(gate.Passed);
        Assert.Equal(["a.gguf", "b.onnx"], gate.Files.Select(f => Path.GetFileName(f.Path)));
        var only = await Check(new CheckpointGateOptions { Inputs = [folder], Include = ["*.onnx"] });
        Assert.Equal(["b.onnx"], only.Files.Select(f => Path.GetFileName(f.Path)));
    }
}
