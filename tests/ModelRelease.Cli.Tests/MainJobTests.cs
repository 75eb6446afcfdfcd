using System.Security.Cryptography;
using System.Text.Json;

namespace ModelRelease.Cli.Tests;

/// <summary>
/// The README's main job, read from README.md as it is written, on the example model the repository carries
/// (examples/pico-lm): nothing from ../shared. Results are read back from the Hub as records (JSON), not from
/// what the release prints.
/// </summary>
[Collection("hub environment")]
public sealed class MainJobTests : IAsyncLifetime
{
    private const string Token = "hf_MainJobTestToken1234567890";
    private const string Repo = "example/pico-lm";
    private static readonly string[] Isolated = ["HF_ENDPOINT", "HF_TOKEN", "HUGGING_FACE_HUB_TOKEN", "HUGGINGFACE_API_KEY", "HF_HOME", "HF_TOKEN_PATH", "XDG_CACHE_HOME"];
    private readonly Dictionary<string, string?> _saved = Isolated.ToDictionary(n => n, Environment.GetEnvironmentVariable);
    private HubEmulator.HubEmulator _hub = null!;
    private string _work = "";

    public async Task InitializeAsync()
    {
        _work = Directory.CreateTempSubdirectory("mr-main-job-").FullName;
        foreach (var name in Isolated) Environment.SetEnvironmentVariable(name, null);
        // No token file, no hash cache of the user's: both live in the test's own folder.
        Environment.SetEnvironmentVariable("HF_HOME", Path.Combine(_work, "hf-home"));
        Environment.SetEnvironmentVariable("XDG_CACHE_HOME", Path.Combine(_work, "cache"));
        _hub = await HubEmulator.HubEmulator.StartAsync(new HubEmulator.HubEmulatorOptions { DataDirectory = Path.Combine(_work, "hub"), Tokens = new Dictionary<string, string> { [Token] = "main-job" }, Organizations = ["example"] });
    }

    public async Task DisposeAsync()
    {
        await _hub.DisposeAsync();
        foreach (var (name, value) in _saved) Environment.SetEnvironmentVariable(name, value);
        Directory.Delete(_work, true);
    }

    [Fact]
    public async Task The_readme_main_job_releases_the_example_model_with_a_finished_card_to_its_embedded_hub_even_with_a_token_exported()
    {
        // A user with HF_TOKEN (and a Hub) configured runs the demo: it must not go there (--embedded-hub).
        Environment.SetEnvironmentVariable("HF_ENDPOINT", _hub.BaseAddress.ToString());
        Environment.SetEnvironmentVariable("HF_TOKEN", Token);
        var model = Path.Combine(RepositoryRoot, "examples", "pico-lm", "model");

        var released = await Cli.RunAsync([.. ReadmeMainJob(), "--json"]);
        Assert.True(released.ExitCode == 0, released.Out + released.Error);
        Assert.Empty(_hub.Statistics.Requests); // nothing reached the configured Hub
        Assert.DoesNotContain(Token, released.Out + released.Error);

        string card;
        using (var doc = JsonDocument.Parse(released.Out))
        {
            var report = doc.RootElement;
            Assert.Equal("Released", report.GetProperty("outcome").GetString());
            Assert.False(report.GetProperty("isPublicHub").GetBoolean());
            Assert.NotEqual(_hub.BaseAddress.ToString(), report.GetProperty("endpoint").GetString());
            var files = report.GetProperty("publish").GetProperty("files").EnumerateArray().ToDictionary(f => f.GetProperty("pathInRepo").GetString()!);
            Assert.Equal(["README.md", "config.json", "model.safetensors"], files.Keys.Order(StringComparer.Ordinal));
            Assert.Equal(Sha256(Path.Combine(model, "model.safetensors")), files["model.safetensors"].GetProperty("sha256").GetString());
            Assert.True(files["model.safetensors"].GetProperty("isLfs").GetBoolean());
            Assert.Equal("v1.0.0", report.GetProperty("tag").GetProperty("name").GetString());
            Assert.True(report.GetProperty("verification").GetProperty("identical").GetBoolean());
            // The card the release wrote is kept in the cache folder (here the test's own), where the user can open it.
            card = report.GetProperty("card").GetProperty("path").GetString()!;
            Assert.StartsWith(Path.Combine(_work, "cache", "modelrelease", "releases"), card);
            Assert.True(report.GetProperty("card").GetProperty("validation").GetProperty("isValid").GetBoolean());
        }

        // The published card passes 'card test' against the checkpoint, and carries the example's facts.
        var test = await Cli.RunAsync("card", "test", card, "--checkpoint", Path.Combine(model, "model.safetensors"), "--json");
        Assert.True(test.ExitCode == 0, test.Out + test.Error);
        using (var doc = JsonDocument.Parse(test.Out))
        {
            var verdict = Assert.Single(doc.RootElement.EnumerateArray());
            Assert.True(verdict.GetProperty("isValid").GetBoolean());
            Assert.Empty(verdict.GetProperty("findings").EnumerateArray());
        }
        var shown = await Cli.RunAsync("card", "show", card, "--json");
        using (var doc = JsonDocument.Parse(shown.Out))
        {
            var metadata = doc.RootElement.GetProperty("metadata");
            Assert.Equal("mit", metadata.GetProperty("license").GetString());
            Assert.Equal(["en"], metadata.GetProperty("language").EnumerateArray().Select(l => l.GetString()));
            var metrics = metadata.GetProperty("model-index")[0].GetProperty("results")[0].GetProperty("metrics");
            Assert.Equal(["bits_per_byte", "perplexity"], metrics.EnumerateArray().Select(m => m.GetProperty("type").GetString()));
        }
    }

    [Fact]
    public async Task The_readme_main_job_runs_with_no_token_and_no_hub_configured()
    {
        // Nothing configured (no endpoint, no token, an empty HF_HOME): the release runs against the embedded hub emulator.
        var released = await Cli.RunAsync(ReadmeMainJob());
        Assert.True(released.ExitCode == 0, released.Out + released.Error);
        Assert.Empty(_hub.Statistics.Requests);
    }

    [Fact]
    public void The_readme_main_job_names_only_files_the_repository_carries()
    {
        var args = ReadmeMainJobAsWritten();
        Assert.Equal("release", args[0]);
        Assert.Contains("--embedded-hub", args); // an exported HF_TOKEN never sends the demo to huggingface.co
        Assert.DoesNotContain(args, a => a.Contains("shared", StringComparison.Ordinal));
        var paths = args.Where(a => a.StartsWith("examples/", StringComparison.Ordinal)).ToList();
        Assert.Equal(4, paths.Count); // the model folder, the training config, the metrics and the sections
        foreach (var path in paths)
        {
            var full = Path.Combine(RepositoryRoot, path);
            Assert.True(File.Exists(full) || Directory.Exists(full), $"{path} is not in the repository");
        }
    }

    /// <summary>The arguments after <c>--</c> of the README's <c>dotnet run --project src/ModelRelease.Cli -- release …</c> line.</summary>
    private static string[] ReadmeMainJobAsWritten()
    {
        const string run = "dotnet run --project src/ModelRelease.Cli -- ";
        var line = Assert.Single(File.ReadAllLines(Path.Combine(RepositoryRoot, "README.md")), l => l.StartsWith(run + "release ", StringComparison.Ordinal));
        return line[run.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>The README's main job with its paths (relative to the checkout) made absolute.</summary>
    private static string[] ReadmeMainJob() =>
        ReadmeMainJobAsWritten().Select(a => a.StartsWith("examples/", StringComparison.Ordinal) ? Path.Combine(RepositoryRoot, a) : a).ToArray();

    private static string RepositoryRoot { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ModelRelease.slnx"))) return dir.FullName;
        }
        throw new InvalidOperationException("ModelRelease.slnx not found above " + AppContext.BaseDirectory);
    }

    private static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
