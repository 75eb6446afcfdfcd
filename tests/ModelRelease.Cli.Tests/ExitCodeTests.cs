using System.CommandLine;
using ModelRelease.Core.Tests.Support;
using ModelRelease.HubEmulator;

namespace ModelRelease.Cli.Tests;

/// <summary>
/// Every command's exit codes, as records: 0 when it did its job, 1 when the job failed (a failed check, something
/// the Hub or the cache does not have), 2 for a usage error. <see cref="Cases"/> holds one record per command of the
/// tree; a command added later without a record fails <see cref="Every_command_has_its_exit_code_record"/>.
/// The runs go against an emulator in this process (HF_ENDPOINT and HF_TOKEN point at it), in order, since later
/// records use what earlier ones made (cli/exit: a repository with a tagged file). The registry records run against
/// SQLite registries in scratch stores (<see cref="PrepareStoresAsync"/>).
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
    private static readonly string Published = Path.Combine(Work, "weights-published.json");
    private static readonly string WeightsCache = Path.Combine(Work, "weights-cache");

    // The governed store of the registry records, and two stores edited by hand after one parameter set.
    private static readonly string StoreRoot = Path.Combine(Work, "store");
    private static readonly string[] Store = ["--root", StoreRoot];
    private static readonly string EditedAudit = Path.Combine(Work, "store-edited-audit");
    private static readonly string EditedParameters = Path.Combine(Work, "store-edited-parameters");
    private static readonly string Never = Path.Combine(Work, "never"); // a folder no run may create
    private static readonly string Performance = Path.Combine(Work, "performance.json");
    private static readonly string TestResults = Path.Combine(Work, "test-results.xml");

    /// <summary>registry add's arguments for a version of <paramref name="component"/> (weights: the pico checkpoint; fid 10.5, under the policy's 12).</summary>
    private static string[] Registered(string component, string version) =>
        [.. Store, "-c", component, "-v", version, "-a", "diffusion", "-w", Pico, "-p", Performance, "-d", $"{component} {version}"];

    /// <summary>registry promote|demote's arguments: move <paramref name="component"/> <paramref name="version"/> to <paramref name="to"/>.</summary>
    private static string[] Moved(string component, string version, string to) => [.. Store, "-c", component, "-v", version, "--to", to, "-r", $"to {to}"];

    private static string[] NoiseSet(string id, string lambda = "0.1") =>
        ["-k", "noise", "--id", id, "--value", "base_noise_lambda=" + lambda, "--effective-date", "2023-06-01", "--approved-by", "alice"];

    private const string CommitMessage = "[BASE] FEAT: sharper faces\n\nPerformance impact: fid -0.6\nReviewed-by: alice";

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
        new("modelrelease tags", ["--repo", "cli/exit", "--family", "v"], ["--repo", "cli/missing"], ["--repo", "cli/exit", "--family", "nightly"]),
        new("modelrelease files", ["--repo", "cli/exit"], ["--repo", "cli/missing"], []),
        new("modelrelease download", ["cli/exit", "--revision", "v1.0.0", "--quiet"], ["cli/exit", "--revision", "v9.9.9", "--quiet"], []),
        new("modelrelease branch create", ["exp-fp16", "--repo", "cli/exit"], ["exp-int8", "--repo", "cli/exit", "--from", "no-such-branch"], ["--repo", "cli/exit"]),
        new("modelrelease branch list", ["--repo", "cli/exit"], ["--repo", "cli/missing"], ["cli/exit"]),
        new("modelrelease branch delete", ["exp-fp16", "--repo", "cli/exit"], ["exp-fp16", "--repo", "cli/exit"], ["--repo", "cli/exit"]),
        new("modelrelease version bump", ["--repo", "cli/exit", "--increment", "minor", "--print", "next"], ["--repo", "cli/missing", "--increment", "minor"], ["--repo", "cli/exit", "--family", "nightly", "--increment", "minor"]),
        new("modelrelease weights publish", ["-r", Published, "-m", "basic", "-f", Gguf, "--version", "1.0", "--packages", ">=1.0", "--repo", "cli/exit"], ["-r", Published, "-m", "basic", "-f", Truncated, "--version", "1.1", "--packages", ">=1.0"], ["-r", Published, "-m", "basic", "-f", Gguf, "--version", "not-a-version!", "--packages", ">=1.0"]),
        new("modelrelease weights verify", ["-r", Published], ["-r", Registry], ["--model", "basic"]), // Registry's m names a tag weights-v1.0 whose m.gguf the Hub lacks
        new("modelrelease weights download", ["-r", Published, "-m", "basic", "--cache", WeightsCache], ["-r", Registry, "-m", "m", "--cache", WeightsCache], ["-r", Published, "-m", "basic", "--package-version", "not-a-version!"]),
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

        // The governed lifecycle, on Store, where residual 1.0.0 then 1.1.0 went to production; base is added here.
        new("modelrelease registry add", Registered("base", "1.0.0"), Registered("base", "1.0.0"), Registered("base", "not-a-version!")),
        new("modelrelease registry list", [.. Store], [.. Store, "--registry", Card], [.. Store, "--status", "hidden"]), // Card is not a database
        new("modelrelease registry promote", [.. Moved("base", "1.0.0", "testing"), "--test-results", TestResults], [.. Moved("base", "1.0.0", "production"), "--approver", "alice"], Moved("base", "1.0.0", "hidden")),
        new("modelrelease registry demote", Moved("base", "1.0.0", "development"), Moved("base", "1.0.0", "development"), [.. Store, "-c", "base", "-v", "1.0.0", "--to", "development"]),
        new("modelrelease registry sweep", [.. Store], [.. Store, "--policy", TestResults], [.. Store, "--policy", Path.Combine(Work, "missing-policy.json")]),
        new("modelrelease registry rollback", [.. Store, "-c", "residual", "-r", "artifacts in portraits since 1.1.0"], [.. Store, "-c", "base", "-r", "base was never in production"], [.. Store, "-c", "residual"]),
        new("modelrelease registry traffic", [.. Store, "-c", "residual"], [.. Store, "-c", "base"], [.. Store, "-c", "residual", "--share", "forty"]),
        new("modelrelease registry param set", [.. Store, .. NoiseSet("noise-1")], [.. Store, .. NoiseSet("noise-1")], [.. Store, .. NoiseSet("noise-2", lambda: "high")]),
        new("modelrelease registry param get", [.. Store, "-k", "noise"], [.. Store, "-k", "noise", "--as-of", "2000-01-01"], [.. Store, "--as-of", "June"]),
        new("modelrelease registry verify", [.. Store], ["--root", EditedAudit], [.. Store, "--registry"]),
        new("modelrelease registry log", [.. Store, "-c", "base"], ["--root", Path.Combine(Work, "no-store")], [.. Store, "-v", "not-a-version!"]),
        new("modelrelease registry audit", [.. Store, "-o", Path.Combine(Work, "audit")], ["--root", EditedParameters, "-o", Path.Combine(Work, "audit-flagged")], [.. Store, "-q", "2023Q5"]),
        new("modelrelease registry compare", [.. Store, "-c", "residual", "-v", "1.1.0"], [.. Store, "-c", "base", "-v", "9.9.9"], [.. Store, "-c", "base", "-v", "1.0.0", "--previous", "not-a-version!"]),
        new("modelrelease registry check-commit", ["-m", CommitMessage], ["-m", "fix stuff"], [Path.Combine(Work, "missing-COMMIT_EDITMSG")]),
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
        await PrepareStoresAsync();
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

    /// <summary>
    /// The registry records' stores, made anew: Store with a policy (base and residual, fid at most 12, one approver),
    /// where residual 1.0.0 and then 1.1.0 went through every gate to production (so there is a version to roll back to);
    /// EditedAudit and EditedParameters, each with one parameter set, then edited by hand: a line of the audit mirror
    /// (verify finds it), the parameter file (the audit flags it).
    /// </summary>
    private static async Task PrepareStoresAsync()
    {
        foreach (var root in new[] { StoreRoot, EditedAudit, EditedParameters })
        {
            if (Directory.Exists(root)) Directory.Delete(root, true);
            Directory.CreateDirectory(Path.Combine(root, "config"));
            await File.WriteAllTextAsync(Path.Combine(root, "config", "model_policy.json"), """
                { "schemaVersion": 1, "prefix": "cli", "approvers": ["alice", "bob"], "requiredApprovals": 1, "gracePeriodDays": 30,
                  "components": { "base": { "metrics": { "fid": { "direction": "lower", "threshold": 12.0 } } },
                                  "residual": { "metrics": { "fid": { "direction": "lower", "threshold": 12.0 } } } } }
                """);
        }
        await File.WriteAllTextAsync(Performance, """{ "schemaVersion": 1, "dataset": "eval-2023-06", "metrics": { "fid": { "value": 10.5, "direction": "lower" } } }""");
        await File.WriteAllTextAsync(TestResults, """<testsuites><testsuite name="model" tests="3" failures="0" errors="0" skipped="0"/></testsuites>""");
        foreach (var version in new[] { "1.0.0", "1.1.0" })
        {
            await PrepareAsync(["registry", "add", .. Registered("residual", version)]);
            await PrepareAsync(["registry", "promote", .. Moved("residual", version, "testing"), "--test-results", TestResults]);
            await PrepareAsync(["registry", "promote", .. Moved("residual", version, "staging")]);
            await PrepareAsync(["registry", "promote", .. Moved("residual", version, "production"), "--approver", "alice"]);
        }
        foreach (var root in new[] { EditedAudit, EditedParameters }) await PrepareAsync(["registry", "param", "set", "--root", root, .. NoiseSet("noise-1")]);
        var mirror = Path.Combine(EditedAudit, "models", "registry", "audit.jsonl");
        await File.WriteAllTextAsync(mirror, (await File.ReadAllTextAsync(mirror)).Replace("noise-1", "noise-9", StringComparison.Ordinal));
        var parameters = Path.Combine(EditedParameters, "config", "parameters", "noise_parameters.json");
        await File.WriteAllTextAsync(parameters, (await File.ReadAllTextAsync(parameters)).Replace("0.1", "0.2", StringComparison.Ordinal));

        static async Task PrepareAsync(string[] args)
        {
            var r = await Cli.RunAsync(args);
            if (r.ExitCode != 0) throw new InvalidOperationException($"preparing the stores: modelrelease {string.Join(' ', args)}: exit {r.ExitCode}: {r.Error}");
        }
    }

    /// <summary>
    /// Every option that takes a version, given one the version reader cannot read: bad usage (exit 2) naming the option
    /// and the reader's code, before anything is read or written (the registry is not created, the Hub sees no write).
    /// </summary>
    public static TheoryData<string[]> MalformedVersions() => new(Malformed);

    private static readonly string[][] Malformed =
    [
        ["tag", "--repo", "cli/exit", "--version", "not-a-version!"],
        ["release", Gguf, "--repo", "cli/exit", "--version", "1.2.3.4", "--no-card"],
        ["version", "bump", "--from", "v1.x", "--increment", "minor"],
        ["weights", "publish", "-r", Path.Combine(Never, "weights.json"), "-m", "basic", "-f", Gguf, "--version", "one", "--packages", ">=1.0", "--repo", "cli/exit"],
        ["weights", "resolve", "-r", Registry, "-m", "m", "--package-version", "1!2.0"],
        ["weights", "download", "-r", Registry, "-m", "m", "--package-version", "latest"],
        ["registry", "add", "--root", Never, "-c", "base", "-v", "1.0.0.0", "-a", "diffusion", "-w", Pico, "-p", Performance, "-d", "base"],
        ["registry", "list", "--root", Never, "-v", "x"],
        ["registry", "promote", "--root", Never, "-c", "base", "-v", "v1.O", "--to", "testing", "-r", "why"],
        ["registry", "demote", "--root", Never, "-c", "base", "-v", "", "--to", "development", "-r", "why"],
        ["registry", "rollback", "--root", Never, "-c", "base", "-r", "why", "-v", "1.0-"],
        ["registry", "log", "--root", Never, "-v", "99999999999.0"],
        ["registry", "compare", "--root", Never, "-c", "base", "-v", "1.0.0", "--previous", "0.x"],
    ];

    [Theory]
    [MemberData(nameof(MalformedVersions))]
    public async Task A_version_the_reader_cannot_read_is_misuse_for_every_command_that_takes_one(string[] args)
    {
        var r = await Cli.RunAsync(args);

        Assert.Equal(2, r.ExitCode);
        Assert.Matches(@"^modelrelease [a-z ]+: --[a-z-]+ '[^']*': .+ \[VER_[A-Z]+\]\r?\n", r.Error);
        Assert.False(Directory.Exists(Never));
        Assert.Equal(1, (await Cli.RunAsync("files", "--repo", "cli/exit")).ExitCode); // this test's Hub is new: nothing created cli/exit
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
