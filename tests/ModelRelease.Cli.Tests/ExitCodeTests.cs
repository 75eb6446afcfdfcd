using System.CommandLine;
using ModelRelease.Core.Tests.Support;
using ModelRelease.HubEmulator;

namespace ModelRelease.Cli.Tests;

/// <summary>
/// Every command's exit codes, as records: 0 when it did its job, 1 when the job failed (a failed check, something
/// the Hub or the cache does not have), 2 for a usage error. <see cref="Cases"/> holds one record per command of the
/// tree; a command added later without a record fails <see cref="Every_command_has_its_exit_code_record"/>.
/// The runs go against an emulator in this process (HF_ENDPOINT and HF_TOKEN point at it), in order, since later
/// records use what earlier ones made (cli/exit: a repository with a tagged file).
/// </summary>
[Collection("hub environment")]
public sealed class ExitCodeTests : IAsyncLifetime
{
    private const string Token = "hf_CliExitCodes1234567890";
    private HubEmulator.HubEmulator _hub = null!;
    private string _data = "";
    private static readonly string Work = Path.Combine(TestEnvironment.Root, "exit-codes");

    /// <summary>
    /// One command's exit codes: the arguments that succeed (0), that fail (1; null for a command with no failure of
    /// its own, such as version) and that misuse it (2). {work} is replaced by a scratch folder, {gguf} by a fixture.
    /// </summary>
    public sealed record ExitCodeCase(string Command, string[] Ok, string[]? Failure, string[] Usage);

    private static readonly string Gguf = Fixtures.Path("gguf/basic-types.gguf");
    private static string Example(string name) => Path.Combine(RepoRoot(), "examples", "pico-lm", name);

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ModelRelease.slnx"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("ModelRelease.slnx not found above " + AppContext.BaseDirectory);
    }

    private static readonly string Pico = Example("model/model.safetensors");
    private static readonly string Truncated = Path.Combine(Work, "truncated.safetensors");
    private static readonly string Card = Path.Combine(Work, "card", "README.md");
    private static readonly string Registry = Path.Combine(Work, "weights-registry.json");

    public static readonly ExitCodeCase[] Cases =
    [
        new("modelrelease version", [], null, ["extra-word"]),
        new("modelrelease completion", ["bash"], null, ["fish"]),
        new("modelrelease env", [], null, ["--no-such"]),
        new("modelrelease hub", ["--help"], null, ["--no-such"]),
        new("modelrelease inspect", [Gguf], [Truncated], [Path.Combine(Work, "missing.gguf")]),
        new("modelrelease validate", [Gguf], [Truncated], [Path.Combine(Work, "missing.gguf")]),
        new("modelrelease params", [Gguf], ["--expected", "5K", Gguf], ["--expected", "many", Gguf]),
        new("modelrelease compare", [Gguf, Gguf], [Gguf, Truncated], [Gguf]),
        new("modelrelease card new", [Pico, "--repo", "cli/exit", "--version", "1.2.0", "--license", "apache-2.0", "--language", "en", "--tag", "text-generation", "--config", Example("training.yaml"), "--metrics", Example("metrics.json"), "--sections", Example("card-sections.json"), "-o", Card], [Gguf, "--repo", "cli/exit", "--license", "mit", "-o", Card, "--no-hash"], [Path.Combine(Work, "missing.gguf"), "--license", "mit"]),
        new("modelrelease card show", [Card], [Gguf], [Path.Combine(Work, "missing.md")]),
        new("modelrelease card set", [Card, "--license", "apache-2.0"], [Gguf, "--license", "mit"], [Path.Combine(Work, "missing.md"), "--license", "mit"]),
        new("modelrelease card test", [Card], [Card, "--checkpoint", Gguf], [Path.Combine(Work, "missing.md")]),
        new("modelrelease name new", ["v", "-f", "version=1.2.0"], ["v", "-f", "major=1"], []),
        new("modelrelease name parse", ["v1.2"], ["no version here", "--template", "v"], []),
        new("modelrelease weights resolve", ["-r", Registry, "-m", "m", "--package-version", "1.0.0"], ["-r", Registry, "-m", "m", "--package-version", "0.0.1"], ["-r", Registry]),
        new("modelrelease weights export-python", ["-r", Registry], ["-r", Path.Combine(Work, "card", "README.md")], []),
        new("modelrelease repo create", ["cli/exit", "--private"], ["cli/exit"], ["cli/bad--name"]),
        new("modelrelease publish", [Gguf, "--repo", "cli/exit"], [Path.Combine(Work, "empty"), "--repo", "cli/exit"], [Gguf]),
        new("modelrelease tag", ["--repo", "cli/exit", "--version", "1.0.0"], ["--repo", "cli/exit", "--version", "1.0.1", "--revision", "no-such-branch"], ["--repo", "cli/exit", "--version", "not-a-version!"]),
        new("modelrelease tags", ["--repo", "cli/exit"], ["--repo", "cli/missing"], []),
        new("modelrelease files", ["--repo", "cli/exit"], ["--repo", "cli/missing"], []),
        new("modelrelease download", ["cli/exit", "--revision", "v1.0.0", "--quiet"], ["cli/exit", "--revision", "v9.9.9", "--quiet"], []),
        new("modelrelease cache ls", [], null, ["--older-than", "soon"]),
        new("modelrelease cache rm", ["cli/exit", "--dry-run"], null, ["--older-than", "soon"]),
        new("modelrelease release", [Gguf, "--repo", "cli/exit", "--version", "1.1.0", "--no-card", "--what-if"], [Truncated, "--repo", "cli/exit", "--version", "1.2.0", "--no-card", "--what-if"], [Path.Combine(Work, "missing.gguf"), "--repo", "cli/exit", "--version", "1.3.0", "--no-card"]),
        new("modelrelease repo settings", ["cli/exit", "--visibility", "public"], ["cli/missing", "--visibility", "public"], ["cli/exit", "--visibility", "hidden"]),
        new("modelrelease repo delete-files", ["basic-types.gguf", "--repo", "cli/exit"], ["nothing/*.bin", "--repo", "cli/exit"], ["basic-types.gguf"]),
        new("modelrelease repo delete-tag", ["v1.0.0", "--repo", "cli/exit"], ["v1.0.0", "--repo", "cli/exit"], ["--repo", "cli/exit"]),
        new("modelrelease repo delete", ["cli/exit", "--yes"], ["cli/exit", "--yes"], ["cli/exit"]),
        new("modelrelease whoami", [], null, ["extra-word"]),
        new("modelrelease logout", [], null, ["extra-word"]),
        new("modelrelease login", ["--help"], null, ["extra-word"]), // the token comes on standard input: Login_reads_… below
    ];

    public static TheoryData<string> CaseNames()
    {
        var data = new TheoryData<string>();
        foreach (var c in Cases) data.Add(c.Command);
        return data;
    }

    public async Task InitializeAsync()
    {
        _data = Directory.CreateTempSubdirectory("mr-cli-exit-").FullName;
        _hub = await HubEmulator.HubEmulator.StartAsync(new HubEmulatorOptions { DataDirectory = _data, Tokens = new Dictionary<string, string> { [Token] = "cli" }, AnyNamespace = true });
        Environment.SetEnvironmentVariable("HF_ENDPOINT", _hub.BaseAddress.ToString());
        Environment.SetEnvironmentVariable("HF_TOKEN", Token);
        Directory.CreateDirectory(Path.Combine(Work, "empty"));
        Directory.CreateDirectory(Path.GetDirectoryName(Card)!);
        await File.WriteAllBytesAsync(Truncated, File.ReadAllBytes(Fixtures.Path("safetensors/fluxml_model.safetensors"))[..300]);
        await File.WriteAllTextAsync(Registry, """
            { "schemaVersion": 1, "models": { "m": { "repoId": "cli/exit", "file": "m.gguf", "latest": "1.0", "versions": { "1.0": { "tag": "weights-v1.0", "sha256": "0000000000000000000000000000000000000000000000000000000000000000", "size": 1, "publishedAt": "2025-01-01T00:00:00Z", "packageVersions": ">=1.0" } } } } }
            """);
    }

    public async Task DisposeAsync()
    {
        Environment.SetEnvironmentVariable("HF_ENDPOINT", null);
        Environment.SetEnvironmentVariable("HF_TOKEN", null);
        await _hub.DisposeAsync();
        Directory.Delete(_data, true);
    }

    [Fact]
    public void Every_command_has_its_exit_code_record()
    {
        var root = CliApp.BuildRoot(new CliConsole(TextWriter.Null, TextWriter.Null));
        var commands = CliApp.Walk(root).Where(c => c.Action is not null && c != root).Select(c => CliApp.PathOf(c, root)).Order(StringComparer.Ordinal);
        Assert.Equal(commands, Cases.Select(c => c.Command).Order(StringComparer.Ordinal));
    }

    /// <summary>All the records in order (later ones use what earlier ones made): each run's exit code is what its record says.</summary>
    [Fact]
    public async Task Each_command_exits_0_on_success_1_on_failure_and_2_on_misuse()
    {
        var seen = new List<string>();
        foreach (var c in Cases)
        {
            var words = c.Command.Split(' ')[1..];
            var ok = await Cli.RunAsync([.. words, .. c.Ok]);
            Check(seen, c.Command, "ok", 0, ok);
            if (c.Failure is { } failure) Check(seen, c.Command, "failure", 1, await Cli.RunAsync([.. words, .. failure]));
            var usage = await Cli.RunAsync([.. words, .. c.Usage, .. c.Usage.Length == 0 ? ["--no-such-option"] : Array.Empty<string>()]);
            Check(seen, c.Command, "usage", 2, usage);
            if (usage.ExitCode == 2) Assert.StartsWith(c.Command + ": ", usage.Error);
        }
        Assert.True(seen.Count == 0, string.Join("\n", seen));
    }

    private static void Check(List<string> seen, string command, string what, int expected, Cli.Result r)
    {
        if (r.ExitCode != expected) seen.Add($"{command} ({what}): exit {r.ExitCode}, expected {expected}: {r.Error.Trim()}");
        Assert.DoesNotContain(Token, r.Out + r.Error);
    }

    [Fact]
    public async Task Login_reads_the_token_from_standard_input_and_exits_1_when_the_Hub_refuses_it_2_without_one()
    {
        async Task<Cli.Result> Login(string input)
        {
            var stdout = new StringWriter();
            var stderr = new StringWriter();
            var code = await CliApp.RunAsync(["login"], new CliConsole(stdout, stderr, new StringReader(input)), CancellationToken.None);
            return new Cli.Result(code, stdout.ToString(), stderr.ToString());
        }
        var saved = Environment.GetEnvironmentVariable("HF_HOME");
        Environment.SetEnvironmentVariable("HF_HOME", Directory.CreateTempSubdirectory("mr-cli-login-").FullName);
        try
        {
            Assert.Equal(0, (await Login(Token + "\n")).ExitCode);
            Assert.Equal(1, (await Login("hf_WrongToken000000000000\n")).ExitCode);
            Assert.Equal(2, (await Login("")).ExitCode);
            Assert.Equal(0, (await Cli.RunAsync("logout")).ExitCode);
        }
        finally
        {
            Environment.SetEnvironmentVariable("HF_HOME", saved);
        }
    }
}
