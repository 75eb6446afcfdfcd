using System.CommandLine;
using System.Security.Cryptography;
using ModelRelease.Cli.Output;
using ModelRelease.Core;
using ModelRelease.Core.Cards;
using ModelRelease.Core.Hub;
using ModelRelease.Core.Operations;
using ModelRelease.Core.Operations.Release;
using ModelRelease.HubEmulator;

namespace ModelRelease.Cli.Commands;

/// <summary>
/// <c>modelrelease release PATH... --repo org/name --version 1.0.0</c> (Publish-ModelRelease): maps the options to a
/// <see cref="ReleaseOptions"/>, runs the core's <see cref="ReleaseJob"/> and renders its <see cref="ReleaseReport"/>.
/// The one thing only the CLI does is host the embedded hub emulator (--embedded-hub, or when no endpoint and no
/// token are configured), so the README's main job needs no token and no network.
/// </summary>
internal static class ReleaseCommand
{
    public static Command Create(CliConsole console)
    {
        var paths = new Argument<string[]>("path") { Description = "Checkpoint files and folders to release (every file in a folder is published; .git/ and .cache/ are left out).", Arity = ArgumentArity.ZeroOrMore };
        var repo = new Option<string?>("--repo") { Description = "The repository, namespace/name (not with --manifest, whose variants name theirs)." };
        var manifest = new Option<string?>("--manifest") { Description = "A family's release manifest (release.yaml): every variant is checked first, then each is released to its own repository." };
        var change = new Option<string[]>("--change") { Description = "What changed in this release (the card's changelog entry, and CHANGELOG.md's with --local-repository); repeatable." };
        var push = new Option<bool>("--push") { Description = "With --local-repository: push the branch and the tag to the branch's remote." };
        var type = HubOptions.RepoType();
        var endpoint = HubOptions.Endpoint();
        var verbose = HubOptions.Verbose();
        var json = CommonOptions.Json();
        var version = new Option<string?>("--version") { Description = "The release version (default 1.0.0; with --manifest, the manifest's); tagged v<version>. v1.2, 1.2 and 2.0.0rc1 are read as 1.2.0, 1.2.0 and 2.0.0-rc.1, and a note says so." }.ReadsVersion();
        var expected = new Option<string?>("--expected-params") { Description = "The parameter count each checkpoint must have (15.8M, 1.2B)." };
        var tolerance = new Option<string?>("--tolerance") { Description = "Allowed deviation from --expected-params (1%)." };
        var embeddedHub = new Option<bool>("--embedded-hub", "--local-hub") { Description = "Release to a hub emulator started for this run (no token, no network), even when HF_TOKEN or HF_ENDPOINT is set. Without any endpoint or token it is used anyway." };
        var message = new Option<string?>("--message", "-m") { Description = "The commit's title (default: Release v<version>)." };
        var card = new Option<string?>("--card") { Description = "The model card to publish as README.md; it must pass 'card test' (with the checkpoint's parameter count) or nothing is published. Without it a card is written from the checkpoints." };
        var policy = new Option<string?>("--policy") { Description = "The card gate's policy (YAML: required_metadata, required_sections, unfinished_phrases)." };
        var allowUnfinished = new Option<bool>("--allow-unfinished-card") { Description = "Publish the card the release writes even when it is unfinished (a warning instead of a refusal)." };
        var cardFolder = new Option<string?>("--card-folder") { Description = "Where the written card is kept (default: $XDG_CACHE_HOME/modelrelease/releases/<repo>/v<version>/)." };
        var license = new Option<string?>("--license") { Description = "The license of the written card (a Hub license id)." };
        var language = CardInputOptions.Language();
        var config = CardInputOptions.Config();
        var metrics = CardInputOptions.Metrics();
        var sections = CardInputOptions.Sections();
        var noCard = new Option<bool>("--no-card") { Description = "Neither write nor check a model card (a README.md in a folder is still published as it is)." };
        var include = new Option<string[]>("--include") { Description = "Glob of files to take from folders; repeatable." };
        var exclude = new Option<string[]>("--exclude") { Description = "Glob of files to leave out; repeatable." };
        var isPrivate = new Option<bool>("--private") { Description = "Create the repository as private when it does not exist." };
        var force = new Option<bool>("--force") { Description = "Move an existing tag to the release's commit. It never lets a file through the checkpoint gate: that is --allow-refused-checkpoint." };
        var allowRefused = new Option<bool>("--allow-refused-checkpoint") { Description = "Publish even when a file fails the checkpoint gate (a pickle that runs code, a truncated file, a name that lies); the findings stay in the report as warnings." };
        var local = new Option<string?>("--local-repository") { Description = "Also tag this local git repository (at HEAD); it must be a clean git repository." };
        var whatIf = new Option<bool>("--what-if") { Description = "Run every check and print the whole plan (files, card verdict, commit, tag); write nothing." };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "No progress on standard error (notices and errors still show)." };
        var command = new Command("release", "Validate, count, document, publish, tag and verify a release end to end; every check is made before the first write.")
        {
            paths, repo, manifest, type, endpoint, version, change, push, expected, tolerance, card, policy, allowUnfinished, cardFolder, license, language, config, metrics, sections, noCard,
            include, exclude, isPrivate, force, allowRefused, local, whatIf, embeddedHub, message, quiet, json, verbose,
        };
        command.SetAction(async (parse, ct) =>
        {
            if (parse.GetValue(manifest) is { } manifestFile)
            {
                if (parse.GetValue(repo) is not null || parse.GetValue(paths) is { Length: > 0 }) throw new UsageException("--manifest names every variant's files and repository; give no paths and no --repo with it.");
                if ((parse.GetValue(card) ?? parse.GetValue(config) ?? parse.GetValue(metrics) ?? parse.GetValue(sections) ?? parse.GetValue(license) ?? parse.GetValue(expected)) is not null)
                {
                    throw new UsageException("with --manifest, the card, config, metrics, license and expected counts come from the manifest.");
                }
                return await ReleaseFamilyAsync(console, parse, Path.GetFullPath(manifestFile), parse.GetValue(version), parse.GetValue(change) ?? [], parse.GetValue(isPrivate), parse.GetValue(force), parse.GetValue(allowRefused),
                    parse.GetValue(allowUnfinished), parse.GetValue(local) is { } lf ? Path.GetFullPath(lf) : null, parse.GetValue(push), parse.GetValue(whatIf), parse.GetValue(embeddedHub), endpoint, verbose, json, ct).ConfigureAwait(false);
            }
            if (parse.GetValue(repo) is not { } repoText) throw new UsageException("give --repo (or --manifest).");
            if (parse.GetValue(paths) is not { Length: > 0 }) throw new UsageException("give the files and folders to release (or --manifest).");
            var semver = await ReadVersionAsync(console, parse.GetValue(version) ?? "1.0.0").ConfigureAwait(false);
            var repoRef = HubOptions.RepoRef(repoText, parse.GetValue(type)!);
            var inputs = CommonOptions.FullPaths(parse.GetValue(paths)!);
            foreach (var missing in inputs.Where(i => !File.Exists(i) && !Directory.Exists(i))) throw new UsageException($"'{missing}' does not exist");
            var writes = parse.GetValue(card) is null && !parse.GetValue(noCard);
            if (!writes && (parse.GetValue(config) ?? parse.GetValue(metrics) ?? parse.GetValue(sections) ?? parse.GetValue(license)) is not null)
            {
                throw new UsageException("--license, --config, --metrics and --sections fill the card 'release' writes; with --card or --no-card no card is written.");
            }
            var want = CommonOptions.ParseCount(parse.GetValue(expected), "--expected-params");
            var options = new ReleaseOptions
            {
                Paths = inputs,
                Include = parse.GetValue(include) ?? [],
                Exclude = parse.GetValue(exclude) ?? [],
                Repo = repoRef,
                Version = semver,
                CommitMessage = parse.GetValue(message),
                ExpectedParameterCount = want,
                Tolerance = CommonOptions.ParseTolerance(parse.GetValue(tolerance)),
                CardPath = parse.GetValue(card) is { } c ? Path.GetFullPath(c) : null,
                NoCard = parse.GetValue(noCard),
                CardPolicy = parse.GetValue(policy) is { } p ? CardPolicy.Load(Path.GetFullPath(p)) : null,
                AllowUnfinishedCard = parse.GetValue(allowUnfinished),
                CardFolder = parse.GetValue(cardFolder) is { } f ? Path.GetFullPath(f) : null,
                License = parse.GetValue(license),
                Language = parse.GetValue(language) ?? [],
                ConfigPath = parse.GetValue(config) is { } cfg ? Path.GetFullPath(cfg) : null,
                MetricsPath = parse.GetValue(metrics) is { } m ? Path.GetFullPath(m) : null,
                Sections = CardInputOptions.ReadSections(parse.GetValue(sections), new Dictionary<string, string>()),
                Private = parse.GetValue(isPrivate),
                Force = parse.GetValue(force),
                AllowRefusedCheckpoint = parse.GetValue(allowRefused),
                LocalRepository = parse.GetValue(local) is { } l ? Path.GetFullPath(l) : null,
                WhatIf = parse.GetValue(whatIf),
                Changes = parse.GetValue(change) ?? [],
                Push = parse.GetValue(push),
            };

            // Where to release: the configured Hub, or a hub emulator that lives as long as this command.
            var embedded = parse.GetValue(embeddedHub) || (parse.GetValue(endpoint) is null && !SessionEnvironment.ConfiguresHub(Environment.GetEnvironmentVariable));
            if (embedded && parse.GetValue(endpoint) is not null) throw new UsageException("--embedded-hub and --endpoint name two hubs; give one.");
            await using var hub = embedded ? await EmbeddedHub.StartAsync([repoRef.Id.Split('/')[0]], ct).ConfigureAwait(false) : null;
            if (hub is not null) await Notice(console, $"releasing to a hub emulator started for this run at {hub.Endpoint} (no token, no network; it stops when the release ends)").ConfigureAwait(false);
            using var session = CliSession.Open(console, parse, endpoint, verbose, hub?.Connection);

            // Every step on its own line, and each part that moves bytes (deep scan, sha256, hashing, uploading,
            // downloading back) with its own rate and time left.
            var bar = ConsoleProgress.For(console, session, "release", parse.GetValue(quiet));
            var progress = new SyncProgress<ReleaseProgress>(p =>
            {
                if (p.Stage == ReleaseStage.Notice) Notice(console, p.Message).GetAwaiter().GetResult();
                else if (p.BytesTotal > 0) bar.Report(p.BytesDone, p.BytesTotal, $"{p.Stage.ToString().ToLowerInvariant()}: {p.Activity ?? p.Message}");
                else if (p.Activity is null) bar.Step(p.Stage.ToString().ToLowerInvariant(), p.Message);
            });
            var report = await session.Release.RunAsync(options, OperationDeciders.Always, progress, ct).ConfigureAwait(false);
            bar.Complete();
            await console.Out.WriteAsync(parse.GetValue(json) ? Json.Serialize(report) + "\n" : ReleaseRendering.Render(report)).ConfigureAwait(false);
            if (report.Outcome is ReleaseOutcome.Refused) await console.Error.WriteLineAsync($"modelrelease: the release was refused before its first write ({report.ErrorCount} error(s)); nothing was published").ConfigureAwait(false);
            return report.Outcome is ReleaseOutcome.Released or ReleaseOutcome.Planned ? CliApp.Ok : CliApp.CheckFailed;
        });
        return command;
    }

    /// <summary>--version read by the one reader of versions: a loose form is read and the reading noted; one that is not a version was bad usage while parsing (ReadsVersion).</summary>
    private static async Task<SemanticVersion> ReadVersionAsync(CliConsole console, string text)
    {
        var parsed = Core.Releases.Versions.VersionParser.Parse(text);
        if (parsed.Note is { } note) await console.Error.WriteLineAsync($"modelrelease: note: --version {PrintableText.Escape(note)}").ConfigureAwait(false);
        return parsed.Version;
    }

    private static async Task<int> ReleaseFamilyAsync(CliConsole console, ParseResult parse, string manifestPath, string? versionText, string[] changes, bool isPrivate, bool force, bool allowRefused, bool allowUnfinished,
        string? local, bool push, bool whatIf, bool embeddedWanted, Option<string?> endpoint, Option<bool> verbose, Option<bool> json, CancellationToken ct)
    {
        var options = new FamilyReleaseOptions
        {
            ManifestPath = manifestPath,
            Version = versionText is null ? null : await ReadVersionAsync(console, versionText).ConfigureAwait(false),
            Changes = changes,
            Private = isPrivate,
            Force = force,
            AllowRefusedCheckpoint = allowRefused,
            AllowUnfinishedCard = allowUnfinished,
            LocalRepository = local,
            Push = push,
            WhatIf = whatIf,
        };
        var embedded = embeddedWanted || (parse.GetValue(endpoint) is null && !SessionEnvironment.ConfiguresHub(Environment.GetEnvironmentVariable));
        if (embedded && parse.GetValue(endpoint) is not null) throw new UsageException("--embedded-hub and --endpoint name two hubs; give one.");
        // The embedded hub's one user is a member of every variant's namespace (the manifest is read for them first).
        var namespaces = embedded ? (await Core.Releases.Manifests.ReleaseManifestReader.ReadAsync(manifestPath, ct).ConfigureAwait(false)).Variants.Select(v => v.Repository.Split('/')[0]).Distinct().ToList() : [];
        await using var hub = embedded ? await EmbeddedHub.StartAsync(namespaces, ct).ConfigureAwait(false) : null;
        if (hub is not null) await Notice(console, $"releasing to a hub emulator started for this run at {hub.Endpoint} (no token, no network; it stops when the release ends)").ConfigureAwait(false);
        using var session = CliSession.Open(console, parse, endpoint, verbose, hub?.Connection);
        var bar = new ConsoleProgress(console, "release");
        var progress = new SyncProgress<ReleaseProgress>(p =>
        {
            if (p.Stage == ReleaseStage.Notice) Notice(console, p.Message).GetAwaiter().GetResult();
            else if (p.BytesTotal > 0) bar.Report(p.BytesDone, p.BytesTotal);
            else if (console.ErrorIsTerminal) lock (console.Error) console.Error.WriteLine($"{p.Stage}: {p.Message}");
        });
        var report = await session.FamilyRelease.RunAsync(options, OperationDeciders.Always, progress, ct).ConfigureAwait(false);
        await console.Out.WriteAsync(parse.GetValue(json) ? Json.Serialize(report) + "\n" : ReleaseRendering.Render(report)).ConfigureAwait(false);
        if (report.Outcome is ReleaseOutcome.Refused) await console.Error.WriteLineAsync($"modelrelease: the family release was refused before its first write ({report.ErrorCount} error(s)); nothing was published").ConfigureAwait(false);
        return report.Outcome is ReleaseOutcome.Released or ReleaseOutcome.Planned ? CliApp.Ok : CliApp.CheckFailed;
    }

    private static async Task Notice(CliConsole console, string text)
    {
        await console.Error.WriteLineAsync("modelrelease: notice: " + text).ConfigureAwait(false);
    }

    /// <summary>The hub emulator the CLI hosts for one release: its own data folder and token, its one user a member of the repository's namespace.</summary>
    private sealed class EmbeddedHub : IAsyncDisposable
    {
        private readonly HubEmulator.HubEmulator _hub;
        private readonly string _data;

        private EmbeddedHub(HubEmulator.HubEmulator hub, string data, string token)
        {
            _hub = hub;
            _data = data;
            Connection = new HubConnection { Endpoint = hub.BaseAddress.ToString(), ExplicitToken = token, ExplicitTokenSource = "the embedded hub", RequireToken = false };
        }

        public HubConnection Connection { get; }

        public Uri Endpoint => _hub.BaseAddress;

        public static async Task<EmbeddedHub> StartAsync(IReadOnlyList<string> namespaces, CancellationToken ct)
        {
            var data = Directory.CreateTempSubdirectory("modelrelease-hub-").FullName;
            var token = "hf_" + Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();
            var hub = await HubEmulator.HubEmulator.StartAsync(new HubEmulatorOptions
            {
                DataDirectory = data,
                Tokens = new Dictionary<string, string> { [token] = "release" },
                Organizations = namespaces,
            }, ct).ConfigureAwait(false);
            return new EmbeddedHub(hub, data, token);
        }

        public async ValueTask DisposeAsync()
        {
            await _hub.DisposeAsync().ConfigureAwait(false);
            try { Directory.Delete(_data, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}
