using System.Text.Json;
using ModelRelease.Core.Tests.Support;
using ModelRelease.HubEmulator;

namespace ModelRelease.Cli.Tests;

[CollectionDefinition("hub environment", DisableParallelization = true)]
public sealed class HubEnvironmentCollection;

/// <summary>The Hub commands of the CLI against a running emulator (HF_ENDPOINT and HF_TOKEN point at it).</summary>
[Collection("hub environment")]
public sealed class HubCliTests : IAsyncLifetime
{
    private const string Token = "hf_CliTestToken1234567890";
    private HubEmulator.HubEmulator _hub = null!;
    private string _data = "";
    private string _work = "";

    public async Task InitializeAsync()
    {
        _data = Directory.CreateTempSubdirectory("mr-cli-hub-").FullName;
        _work = Directory.CreateTempSubdirectory("mr-cli-work-").FullName;
        _hub = await HubEmulator.HubEmulator.StartAsync(new HubEmulatorOptions { DataDirectory = _data, Tokens = new Dictionary<string, string> { [Token] = "cli" }, AnyNamespace = true, ChunkSize = 1 << 20, MultipartThreshold = 1 << 20 });
        Environment.SetEnvironmentVariable("HF_ENDPOINT", _hub.BaseAddress.ToString());
        Environment.SetEnvironmentVariable("HF_TOKEN", Token);
    }

    public async Task DisposeAsync()
    {
        Environment.SetEnvironmentVariable("HF_ENDPOINT", null);
        Environment.SetEnvironmentVariable("HF_TOKEN", null);
        await _hub.DisposeAsync();
        Directory.Delete(_data, true);
        Directory.Delete(_work, true);
    }

    [Fact]
    public async Task Publish_what_if_writes_nothing_then_publish_tag_list_and_download()
    {
        var folder = Fixtures.Path("gguf");
        var plan = await Cli.RunAsync("publish", folder, "--repo", "cli/gguf", "--what-if", "--json");
        Assert.True(plan.ExitCode == 0, plan.Error);
        using (var doc = JsonDocument.Parse(plan.Out))
        {
            Assert.False(doc.RootElement.GetProperty("repoExists").GetBoolean());
            Assert.Equal(4, doc.RootElement.GetProperty("files").GetArrayLength());
        }
        Assert.False(_hub.Statistics.Requests.ContainsKey("commit"));

        var published = await Cli.RunAsync("publish", folder, "--repo", "cli/gguf", "-m", "GGUF files", "--path-in-repo", "gguf", "--json");
        Assert.True(published.ExitCode == 0, published.Error);
        string commit;
        using (var doc = JsonDocument.Parse(published.Out))
        {
            Assert.True(doc.RootElement.GetProperty("committed").GetBoolean());
            commit = doc.RootElement.GetProperty("commitOid").GetString()!;
        }

        var again = await Cli.RunAsync("publish", folder, "--repo", "cli/gguf", "--path-in-repo", "gguf");
        Assert.Equal(0, again.ExitCode);
        Assert.Contains("Nothing to commit", again.Out);

        Assert.Equal(0, (await Cli.RunAsync("tag", "--repo", "cli/gguf", "--version", "1.0.0", "--revision", commit)).ExitCode);
        Assert.Equal(0, (await Cli.RunAsync("tag", "--repo", "cli/gguf", "--version", "1.1.0", "--format", "Weights")).ExitCode);
        var tags = await Cli.RunAsync("tags", "--repo", "cli/gguf", "--json");
        using (var doc = JsonDocument.Parse(tags.Out))
        {
            Assert.Equal(["weights-v1.1", "v1.0.0"], doc.RootElement.EnumerateArray().Select(t => t.GetProperty("name").GetString()));
        }
        var conflict = await Cli.RunAsync("tag", "--repo", "cli/gguf", "--version", "1.1.0", "--format", "Weights", "--revision", "0000000"); 
        Assert.NotEqual(0, conflict.ExitCode);

        var files = await Cli.RunAsync("files", "--repo", "cli/gguf", "--recursive", "--json");
        using (var doc = JsonDocument.Parse(files.Out))
        {
            var gguf = doc.RootElement.EnumerateArray().Single(f => f.GetProperty("path").GetString() == "gguf/basic-types.gguf");
            Assert.Equal(Fixtures.Entry("gguf/basic-types.gguf").GetProperty("sha256").GetString(), gguf.GetProperty("lfsOid").GetString());
        }

        var target = Path.Combine(_work, "dl");
        var download = await Cli.RunAsync("download", "--repo", "cli/gguf", "--revision", "v1.0.0", "--file", "gguf/basic-types.gguf", "--to", target);
        Assert.True(download.ExitCode == 0, download.Error);
        Assert.Equal(File.ReadAllBytes(Fixtures.Path("gguf/basic-types.gguf")), File.ReadAllBytes(Path.Combine(target, "gguf", "basic-types.gguf")));
    }

    [Fact]
    public async Task Publish_refuses_an_invalid_checkpoint_unless_forced()
    {
        var bad = Path.Combine(_work, "bad");
        Directory.CreateDirectory(bad);
        File.WriteAllBytes(Path.Combine(bad, "broken.safetensors"), File.ReadAllBytes(Fixtures.Path("safetensors/fluxml_model.safetensors"))[..500]);
        var refused = await Cli.RunAsync("publish", bad, "--repo", "cli/bad");
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("nothing was published", refused.Error);
        Assert.Contains("fails validation", refused.Error);
        Assert.Matches("(ST|CKPT)_[A-Z_]+", refused.Error);
        var forced = await Cli.RunAsync("publish", bad, "--repo", "cli/bad", "--force");
        Assert.True(forced.ExitCode == 0, forced.Error);
    }

    [Fact]
    public async Task The_main_job_runs_end_to_end_against_the_embedded_hub()
    {
        var result = await Cli.RunAsync("release", Fixtures.Path("safetensors/fluxml_sharded"), "--repo", "example/fluxml-tiny", "--version", "1.0.0", "--local-hub");
        Assert.True(result.ExitCode == 0, result.Out + result.Error);
        Assert.Contains("embedded hub emulator", result.Out);
        Assert.Contains("Tagged v1.0.0", result.Out);
        Assert.Contains("Wrote the model card (README.md)", result.Out);
        Assert.Contains("Publishing 8 file(s)", result.Out); // 6 shards, the index and the card
        Assert.Contains("compared byte for byte with the local files: identical.", result.Out);
        Assert.Contains("Stopped the embedded hub emulator", result.Out);
        Assert.DoesNotContain(Token, result.Out + result.Error);
    }

    [Fact]
    public async Task The_main_job_refuses_an_unfinished_card_and_publishes_a_finished_one()
    {
        var fixture = Fixtures.Path("safetensors/fluxml_model.safetensors");
        var draft = Path.Combine(_work, "draft.md");
        var made = await Cli.RunAsync("card", "new", fixture, "--repo", "cli/carded-release", "--license", "mit", "--out", draft);
        Assert.True(made.ExitCode == 0, made.Error);
        var refused = await Cli.RunAsync("release", fixture, "--repo", "cli/carded-release", "--card", draft);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("CARD_UNFINISHED", refused.Out);
        Assert.Contains("nothing was published", refused.Error);
        Assert.DoesNotContain("4. Publishing", refused.Out);
        Assert.False(_hub.Statistics.Requests.ContainsKey("commit"));

        var card = Path.Combine(_work, "card.md");
        await File.WriteAllTextAsync(card, "---\nlicense: mit\nlanguage: en\ntags: [test]\n---\n# Tiny\n\n- **Parameters:** 1.48K\n\n## Model Details\nA tiny model.\n## Uses\nTests.\n## Bias, Risks, and Limitations\nNone known.\n## How to Get Started with the Model\nDownload it.\n## Training Details\nNone.\n## Evaluation\nNone.\n");
        var released = await Cli.RunAsync("release", fixture, "--repo", "cli/carded-release", "--card", card);
        Assert.True(released.ExitCode == 0, released.Out + released.Error);
        Assert.Contains("Checking the model card", released.Out);
        var shown = await Cli.RunAsync("card", "show", "--repo", "cli/carded-release", "--revision", "v1.0.0", "--text");
        Assert.Equal(await File.ReadAllTextAsync(card), shown.Out);

        var wrongCount = await Cli.RunAsync("release", Fixtures.Path("gguf/basic-types.gguf"), "--repo", "cli/wrong-count", "--card", card);
        Assert.Equal(1, wrongCount.ExitCode);
        Assert.Contains("CARD_PARAMETER_MISMATCH", wrongCount.Out);
    }

    [Fact]
    public async Task The_main_job_stops_before_publishing_when_a_check_fails()
    {
        var result = await Cli.RunAsync("release", Fixtures.Path("gguf/basic-types.gguf"), "--repo", "example/x", "--expected-params", "2K", "--tolerance", "1%", "--local-hub");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("nothing was published", result.Error);
        Assert.DoesNotContain("3. Publishing", result.Out);
    }

    [Fact]
    public async Task Card_show_reads_a_published_card_and_test_online_asks_validate_yaml()
    {
        var folder = Path.Combine(_work, "carded");
        Directory.CreateDirectory(folder);
        var text = "---\nlicense: mit\n---\n# Card\n";
        await File.WriteAllTextAsync(Path.Combine(folder, "README.md"), text);
        var published = await Cli.RunAsync("publish", folder, "--repo", "cli/carded");
        Assert.True(published.ExitCode == 0, published.Error);
        var shown = await Cli.RunAsync("card", "show", "--repo", "cli/carded", "--text");
        Assert.True(shown.ExitCode == 0, shown.Error);
        Assert.Equal(text, shown.Out);

        // A card the Hub refuses: publishing it changes nothing, and 'card test --online' says why.
        await File.WriteAllTextAsync(Path.Combine(folder, "README.md"), "---\nlicense: mit\nmodel-index: {name: x}\n---\n# Card\n");
        var refused = await Cli.RunAsync("publish", folder, "--repo", "cli/carded");
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("model-index", refused.Error);
        Assert.Equal(text, (await Cli.RunAsync("card", "show", "--repo", "cli/carded", "--text")).Out);
        var online = await Cli.RunAsync("card", "test", folder, "--online", "--json");
        Assert.Equal(1, online.ExitCode);
        Assert.Contains("CARD_HUB_REJECTED", online.Out);
        Assert.True(_hub.Statistics.Requests.ContainsKey("validate-yaml"));
    }
}
