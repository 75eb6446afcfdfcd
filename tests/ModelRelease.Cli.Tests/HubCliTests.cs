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

        var again = await Cli.RunAsync("publish", folder, "--repo", "cli/gguf", "--path-in-repo", "gguf", "--json");
        Assert.Equal(0, again.ExitCode);
        using (var doc = JsonDocument.Parse(again.Out))
        {
            Assert.False(doc.RootElement.GetProperty("committed").GetBoolean()); // nothing to commit: every file is there
            Assert.Equal(commit, doc.RootElement.GetProperty("commitOid").GetString());
        }

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
        var refused = await Cli.RunAsync("publish", bad, "--repo", "cli/bad", "--json");
        Assert.Equal(1, refused.ExitCode);
        using (var doc = JsonDocument.Parse(refused.Out))
        {
            Assert.False(doc.RootElement.GetProperty("passed").GetBoolean());
            var file = Assert.Single(doc.RootElement.GetProperty("files").EnumerateArray());
            Assert.True(file.GetProperty("refused").GetBoolean());
            Assert.Matches("^(ST|CKPT)_[A-Z_]+$", file.GetProperty("validation").GetProperty("findings")[0].GetProperty("code").GetString());
        }
        Assert.False(_hub.Statistics.Requests.ContainsKey("commit"));
        var forced = await Cli.RunAsync("publish", bad, "--repo", "cli/bad", "--force", "--json");
        Assert.True(forced.ExitCode == 0, forced.Error);
        using var published = JsonDocument.Parse(forced.Out);
        Assert.True(published.RootElement.GetProperty("committed").GetBoolean());
    }

    [Fact]
    public async Task The_main_job_runs_end_to_end_against_the_embedded_hub()
    {
        var result = await Cli.RunAsync("release", Fixtures.Path("safetensors/fluxml_sharded"), "--repo", "example/fluxml-tiny", "--version", "1.0.0", "--embedded-hub", "--allow-unfinished-card", "--json");
        Assert.True(result.ExitCode == 0, result.Out + result.Error);
        using var doc = JsonDocument.Parse(result.Out);
        var report = doc.RootElement;
        Assert.Equal("Released", report.GetProperty("outcome").GetString());
        Assert.NotEqual(_hub.BaseAddress.ToString(), report.GetProperty("endpoint").GetString()); // the embedded hub, not HF_ENDPOINT's
        Assert.False(_hub.Statistics.Requests.ContainsKey("commit"));
        Assert.Equal(8, report.GetProperty("plan").GetProperty("files").GetArrayLength()); // 6 shards, the index and the card
        Assert.Equal(1, report.GetProperty("gate").GetProperty("checkpointCount").GetInt32()); // the set counts once
        Assert.Equal("Written", report.GetProperty("card").GetProperty("origin").GetString());
        Assert.Equal(("v1.0.0", true), (report.GetProperty("tag").GetProperty("name").GetString(), report.GetProperty("tag").GetProperty("created").GetBoolean()));
        Assert.True(report.GetProperty("verification").GetProperty("identical").GetBoolean());
        Assert.DoesNotContain(Token, result.Out + result.Error);
    }

    [Fact]
    public async Task The_main_job_refuses_an_unfinished_card_and_publishes_a_finished_one()
    {
        var fixture = Fixtures.Path("safetensors/fluxml_model.safetensors");
        var draft = Path.Combine(_work, "draft.md");
        var made = await Cli.RunAsync("card", "new", fixture, "--repo", "cli/carded-release", "--license", "mit", "--out", draft);
        Assert.True(made.ExitCode == 0, made.Error);
        var refused = await Cli.RunAsync("release", fixture, "--repo", "cli/carded-release", "--card", draft, "--json");
        Assert.Equal(1, refused.ExitCode);
        using (var doc = JsonDocument.Parse(refused.Out))
        {
            var report = doc.RootElement;
            Assert.Equal("Refused", report.GetProperty("outcome").GetString());
            Assert.Contains(report.GetProperty("findings").EnumerateArray(), f => f.GetProperty("code").GetString() == "RELEASE_CARD_INVALID");
            Assert.Contains(report.GetProperty("card").GetProperty("validation").GetProperty("findings").EnumerateArray(), f => f.GetProperty("code").GetString() == "CARD_UNFINISHED");
            Assert.Equal(JsonValueKind.Null, report.GetProperty("publish").ValueKind);
        }
        Assert.False(_hub.Statistics.Requests.ContainsKey("commit"));

        var card = Path.Combine(_work, "card.md");
        await File.WriteAllTextAsync(card, "---\nlicense: mit\nlanguage: en\ntags: [test]\n---\n# Tiny\n\n- **Parameters:** 1.48K\n\n## Model Details\nA tiny model.\n## Uses\nTests.\n## Bias, Risks, and Limitations\nNone known.\n## How to Get Started with the Model\nDownload it.\n## Training Details\nNone.\n## Evaluation\nNone.\n");
        var released = await Cli.RunAsync("release", fixture, "--repo", "cli/carded-release", "--card", card, "--json");
        Assert.True(released.ExitCode == 0, released.Out + released.Error);
        using (var doc = JsonDocument.Parse(released.Out))
        {
            Assert.Equal(("Released", "Given"), (doc.RootElement.GetProperty("outcome").GetString(), doc.RootElement.GetProperty("card").GetProperty("origin").GetString()));
        }
        var shown = await Cli.RunAsync("card", "show", "--repo", "cli/carded-release", "--revision", "v1.0.0", "--text");
        Assert.Equal(await File.ReadAllTextAsync(card), shown.Out);

        var wrongCount = await Cli.RunAsync("release", Fixtures.Path("gguf/basic-types.gguf"), "--repo", "cli/wrong-count", "--card", card, "--json");
        Assert.Equal(1, wrongCount.ExitCode);
        using (var doc = JsonDocument.Parse(wrongCount.Out))
        {
            Assert.Contains(doc.RootElement.GetProperty("card").GetProperty("validation").GetProperty("findings").EnumerateArray(), f => f.GetProperty("code").GetString() == "CARD_PARAMETER_MISMATCH");
        }
    }

    [Fact]
    public async Task The_main_job_stops_before_publishing_when_a_check_fails()
    {
        var result = await Cli.RunAsync("release", Fixtures.Path("gguf/basic-types.gguf"), "--repo", "example/x", "--expected-params", "2K", "--tolerance", "1%", "--embedded-hub", "--no-card", "--json");
        Assert.Equal(1, result.ExitCode);
        using var doc = JsonDocument.Parse(result.Out);
        Assert.Equal("Refused", doc.RootElement.GetProperty("outcome").GetString());
        var error = Assert.Single(doc.RootElement.GetProperty("findings").EnumerateArray(), f => f.GetProperty("severity").GetString() == "Error");
        Assert.Equal("RELEASE_CHECKPOINT_REFUSED", error.GetProperty("code").GetString());
        Assert.Contains(doc.RootElement.GetProperty("gate").GetProperty("files")[0].GetProperty("validation").GetProperty("findings").EnumerateArray(), f => f.GetProperty("code").GetString() == "CKPT_PARAMETER_COUNT");
        Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("publish").ValueKind);
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
        using var verdict = JsonDocument.Parse(online.Out);
        Assert.Contains(Assert.Single(verdict.RootElement.EnumerateArray()).GetProperty("findings").EnumerateArray(), f => f.GetProperty("code").GetString() == "CARD_HUB_REJECTED");
        Assert.True(_hub.Statistics.Requests.ContainsKey("validate-yaml"));
    }
}
