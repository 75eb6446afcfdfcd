using System.Text.Json;
using ModelRelease.Core.Tests.Operations;
using ModelRelease.Core.Tests.Support;
using ModelRelease.HubEmulator;

namespace ModelRelease.Cli.Tests;

/// <summary>
/// The one gate and the release's checks as the CLI shows them, read from the records it prints with --json: the cases
/// issue 10 lists, each with the emulator's own account of what was written.
/// </summary>
[Collection("hub environment")]
public sealed class GateCliTests : IAsyncLifetime
{
    private const string Token = "hf_GateCliTestToken1234567890";
    private static readonly string[] WriteEndpoints = ["create", "delete", "upload", "part", "complete", "commit", "tag", "branch"];
    private HubEmulator.HubEmulator _hub = null!;
    private string _work = "";

    public async Task InitializeAsync()
    {
        _work = Directory.CreateTempSubdirectory("mr-cli-gate-").FullName;
        _hub = await HubEmulator.HubEmulator.StartAsync(new HubEmulatorOptions { DataDirectory = Path.Combine(_work, "hub"), Tokens = new Dictionary<string, string> { [Token] = "cli" }, Organizations = ["org"] });
        Environment.SetEnvironmentVariable("HF_ENDPOINT", _hub.BaseAddress.ToString());
        Environment.SetEnvironmentVariable("HF_TOKEN", Token);
    }

    public async Task DisposeAsync()
    {
        Environment.SetEnvironmentVariable("HF_ENDPOINT", null);
        Environment.SetEnvironmentVariable("HF_TOKEN", null);
        await _hub.DisposeAsync();
        Directory.Delete(_work, true);
    }

    private long Writes => WriteEndpoints.Sum(e => _hub.Statistics.Requests.GetValueOrDefault(e));

    private string Folder(string name, string fixture = "safetensors/fluxml_model.safetensors")
    {
        var dir = Directory.CreateDirectory(Path.Combine(_work, name)).FullName;
        File.Copy(Fixtures.Path(fixture), Path.Combine(dir, "model" + Path.GetExtension(fixture)), overwrite: true);
        File.WriteAllText(Path.Combine(dir, "config.json"), "{}\n");
        return dir;
    }

    private static JsonElement Json(Cli.Result result) => JsonDocument.Parse(result.Out).RootElement;

    private static IEnumerable<string> Codes(JsonElement findings, string severity = "Error") =>
        findings.EnumerateArray().Where(f => f.GetProperty("severity").GetString() == severity).Select(f => f.GetProperty("code").GetString()!);

    [Fact]
    public async Task A_second_release_of_the_same_version_with_other_weights_writes_nothing()
    {
        var first = await Cli.RunAsync("release", Folder("v1"), "--repo", "org/twice", "--version", "1.0.0", "--no-card", "--json");
        Assert.True(first.ExitCode == 0, first.Out + first.Error);
        var head = Json(first).GetProperty("publish").GetProperty("commitOid").GetString();
        var writes = Writes;

        var second = await Cli.RunAsync("release", Folder("v1-other", "safetensors/burn_boolean.safetensors"), "--repo", "org/twice", "--version", "1.0.0", "--no-card", "--json");

        Assert.Equal(1, second.ExitCode);
        var report = Json(second);
        Assert.Equal("Refused", report.GetProperty("outcome").GetString());
        Assert.Equal(["RELEASE_TAG_EXISTS"], Codes(report.GetProperty("findings")));
        Assert.Equal(writes, Writes);
        var tags = Json(await Cli.RunAsync("tags", "--repo", "org/twice", "--json"));
        Assert.Equal(head, Assert.Single(tags.EnumerateArray()).GetProperty("commitOid").GetString()); // the tag names the first release
        var files = Json(await Cli.RunAsync("files", "--repo", "org/twice", "--json"));
        Assert.Contains(files.EnumerateArray(), f => f.GetProperty("path").GetString() == "model.safetensors"); // main still holds the first weights
        Assert.DoesNotContain(files.EnumerateArray(), f => f.GetProperty("path").GetString() == "model.bin");
    }

    [Fact]
    public async Task A_local_repository_that_is_not_one_writes_nothing_in_release_and_in_tag()
    {
        var release = await Cli.RunAsync("release", Folder("local"), "--repo", "org/local", "--no-card", "--local-repository", "/not/a/repo", "--json");
        Assert.Equal(1, release.ExitCode);
        Assert.Equal(["RELEASE_LOCAL_REPOSITORY_NOT_FOUND"], Codes(Json(release).GetProperty("findings")));
        Assert.Equal(0, Writes);

        // tag: both places are read first, so the Hub tag is not made either.
        var published = await Cli.RunAsync("publish", Folder("local"), "--repo", "org/local-tag", "--json");
        Assert.True(published.ExitCode == 0, published.Error);
        var writes = Writes;
        var tag = await Cli.RunAsync("tag", "--repo", "org/local-tag", "--version", "1.0.0", "--local-repository", "/not/a/repo");
        Assert.Equal(1, tag.ExitCode);
        Assert.Equal(writes, Writes);
        Assert.Empty(Json(await Cli.RunAsync("tags", "--repo", "org/local-tag", "--json")).EnumerateArray());
    }

    [Theory]
    [InlineData("pytorch_model.bin")]
    [InlineData("model.ckpt")]
    public async Task A_hostile_pickle_named_like_weights_is_refused_by_validate_publish_and_release(string name)
    {
        var dir = Directory.CreateDirectory(Path.Combine(_work, "hostile-" + name)).FullName;
        var file = ReleaseFolders.Hostile(dir, name);

        var validate = await Cli.RunAsync("validate", file, "--json");
        Assert.Equal(1, validate.ExitCode);
        var validation = Assert.Single(Json(validate).EnumerateArray());
        Assert.False(validation.GetProperty("isValid").GetBoolean());
        Assert.Contains("PT_UNSAFE_GLOBAL", Codes(validation.GetProperty("findings")));

        var whatIf = await Cli.RunAsync("publish", dir, "--repo", "org/hostile", "--what-if", "--json");
        Assert.Equal(1, whatIf.ExitCode); // a what-if of a refused publish is refused too
        var publish = await Cli.RunAsync("publish", dir, "--repo", "org/hostile", "--json");
        Assert.Equal(1, publish.ExitCode);
        var gate = Json(publish);
        Assert.False(gate.GetProperty("passed").GetBoolean());
        Assert.Equal(name, Path.GetFileName(Assert.Single(gate.GetProperty("files").EnumerateArray(), f => f.GetProperty("refused").GetBoolean()).GetProperty("path").GetString()));

        var release = await Cli.RunAsync("release", dir, "--repo", "org/hostile", "--no-card", "--json");
        Assert.Equal(1, release.ExitCode);
        Assert.Contains("RELEASE_CHECKPOINT_REFUSED", Codes(Json(release).GetProperty("findings")));
        Assert.Equal(0, Writes);
    }

    [Fact]
    public async Task Release_force_moves_tags_only_and_allow_refused_checkpoint_is_what_lets_a_refused_file_through()
    {
        var dir = Folder("forced-release");
        ReleaseFolders.Hostile(dir, "pytorch_model.bin");

        var forced = await Cli.RunAsync("release", dir, "--repo", "org/forced-release", "--version", "1.0.0", "--no-card", "--force", "--json");
        Assert.Equal(1, forced.ExitCode);
        Assert.Contains("RELEASE_CHECKPOINT_REFUSED", Codes(Json(forced).GetProperty("findings")));
        Assert.Equal(0, Writes);

        var allowed = await Cli.RunAsync("release", dir, "--repo", "org/forced-release", "--version", "1.0.0", "--no-card", "--allow-refused-checkpoint", "--json");
        Assert.True(allowed.ExitCode == 0, allowed.Out + allowed.Error);
        Assert.Empty(Codes(Json(allowed).GetProperty("findings")));
        Assert.Contains("GATE_FORCED", Codes(Json(allowed).GetProperty("findings"), "Warning"));
    }

    [Fact]
    public async Task An_empty_folder_is_a_failed_check_never_a_pass()
    {
        var empty = Directory.CreateDirectory(Path.Combine(_work, "empty")).FullName;
        var validate = await Cli.RunAsync("validate", empty, "--json");
        Assert.Equal(1, validate.ExitCode);
        var entry = Assert.Single(Json(validate).EnumerateArray());
        Assert.Equal((empty, false), (entry.GetProperty("path").GetString(), entry.GetProperty("isValid").GetBoolean()));
        Assert.Equal(["CKPT_NO_CHECKPOINTS"], Codes(entry.GetProperty("findings")));

        Assert.Equal(1, (await Cli.RunAsync("validate", empty, "--quiet")).ExitCode);
        Assert.Equal(1, (await Cli.RunAsync("params", empty, "--json")).ExitCode);
        var release = await Cli.RunAsync("release", empty, "--repo", "org/empty", "--no-card", "--json");
        Assert.Equal(1, release.ExitCode);
        Assert.Contains("RELEASE_NO_CHECKPOINT", Codes(Json(release).GetProperty("findings")));
    }

    [Fact]
    public async Task A_trainer_output_folder_passes_validate_publish_and_release()
    {
        var trainer = ReleaseFolders.Trainer(Path.Combine(_work, "trainer"));

        var validate = await Cli.RunAsync("validate", trainer, "--json");
        Assert.True(validate.ExitCode == 0, validate.Out + validate.Error);
        Assert.Equal(["model.safetensors"], Json(validate).EnumerateArray().Select(v => Path.GetFileName(v.GetProperty("path").GetString())));

        var publish = await Cli.RunAsync("publish", trainer, "--repo", "org/trainer", "--json");
        Assert.True(publish.ExitCode == 0, publish.Out + publish.Error);
        Assert.Contains(Json(publish).GetProperty("files").EnumerateArray(), f => f.GetProperty("pathInRepo").GetString() == "training_args.bin");

        var release = await Cli.RunAsync("release", trainer, "--repo", "org/trainer", "--version", "0.1.0", "--no-card", "--json");
        Assert.True(release.ExitCode == 0, release.Out + release.Error);
        var roles = Json(release).GetProperty("gate").GetProperty("files").EnumerateArray()
            .ToDictionary(f => Path.GetFileName(f.GetProperty("path").GetString())!, f => f.GetProperty("role").GetString());
        Assert.Equal(("Checkpoint", "TrainingState", "TrainingState", "Tokenizer"), (roles["model.safetensors"], roles["training_args.bin"], roles["optimizer.pt"], roles["tokenizer.json"]));
    }

    [Fact]
    public async Task A_sharded_pytorch_index_is_recognised()
    {
        var index = ReleaseFolders.ShardedPyTorch(Path.Combine(_work, "sharded"));
        var inspect = await Cli.RunAsync("inspect", Path.GetDirectoryName(index)!, "--json");
        Assert.True(inspect.ExitCode == 0, inspect.Error);
        var checkpoint = Assert.Single(Json(inspect).EnumerateArray());
        Assert.Equal((index, "PyTorch", 2, 15L), (checkpoint.GetProperty("path").GetString(), checkpoint.GetProperty("format").GetString(), checkpoint.GetProperty("shards").GetArrayLength(), checkpoint.GetProperty("parameterCount").GetInt64()));

        var validate = await Cli.RunAsync("validate", Path.GetDirectoryName(index)!, "--deep", "--json");
        Assert.True(validate.ExitCode == 0, validate.Out + validate.Error);
        Assert.Equal(index, Assert.Single(Json(validate).EnumerateArray()).GetProperty("path").GetString());
    }

    [Fact]
    public async Task Validate_takes_include_and_exclude_globs()
    {
        var dir = Folder("globs");
        ReleaseFolders.Hostile(dir, "evil.pt");
        Assert.Equal(1, (await Cli.RunAsync("validate", dir, "--json")).ExitCode);
        var excluded = await Cli.RunAsync("validate", dir, "--exclude", "evil.*", "--json");
        Assert.True(excluded.ExitCode == 0, excluded.Out);
        Assert.Equal(["model.safetensors"], Json(excluded).EnumerateArray().Select(v => Path.GetFileName(v.GetProperty("path").GetString())));
        var included = await Cli.RunAsync("validate", dir, "--include", "*.pt", "--json");
        Assert.Equal(1, included.ExitCode);
    }

    [Fact]
    public async Task A_release_what_if_returns_the_whole_plan_and_writes_nothing()
    {
        var result = await Cli.RunAsync("release", Folder("whatif"), "--repo", "org/whatif", "--version", "2.0.0", "--license", "mit", "--allow-unfinished-card", "--what-if", "--json");
        Assert.True(result.ExitCode == 0, result.Out + result.Error);
        var report = Json(result);
        Assert.Equal("Planned", report.GetProperty("outcome").GetString());
        Assert.Equal(["README.md", "config.json", "model.safetensors"], report.GetProperty("plan").GetProperty("files").EnumerateArray().Select(f => f.GetProperty("pathInRepo").GetString()).Order(StringComparer.Ordinal));
        Assert.Equal(("v2.0.0", "Release v2.0.0"), (report.GetProperty("tagName").GetString(), report.GetProperty("commitMessage").GetString()));
        Assert.False(report.GetProperty("card").GetProperty("validation").GetProperty("isValid").GetBoolean()); // the verdict is in the plan
        Assert.False(report.GetProperty("card").GetProperty("written").GetBoolean());
        Assert.Equal(0, Writes);
    }

    [Fact]
    public async Task The_release_human_output_renders_the_report()
    {
        // The rendering is the thing under test here: the verdict line and the refusal's code.
        var refused = await Cli.RunAsync("release", Folder("human"), "--repo", "org/human", "--no-card", "--local-repository", "/not/a/repo");
        Assert.Equal(1, refused.ExitCode);
        Assert.StartsWith("Release org/human v1.0.0 at ", refused.Out);
        Assert.Contains("REFUSED before the first write", refused.Out);
        Assert.Contains("RELEASE_LOCAL_REPOSITORY_NOT_FOUND", refused.Out);
    }
}
