using System.CommandLine;
using System.Security.Cryptography;
using ModelRelease.Cli.Output;
using ModelRelease.Core;
using ModelRelease.Core.Cards;
using ModelRelease.Core.Checkpoints;
using ModelRelease.Core.Checkpoints.Parameters;
using ModelRelease.Core.Checkpoints.Validation;
using ModelRelease.Core.Hashing;
using ModelRelease.Core.Hub;
using ModelRelease.Core.Hub.Download;
using ModelRelease.Core.Hub.Publishing;
using ModelRelease.Core.Releases;
using ModelRelease.HubEmulator;

namespace ModelRelease.Cli.Commands;

/// <summary>
/// <c>modelrelease release PATH... --repo org/name --version 1.0.0</c>: the whole release in one command —
/// validate (deep), count parameters, write or check the model card, publish, tag, download the release back and
/// compare every byte. With no
/// endpoint and no token (or --local-hub) it runs against the embedded hub emulator, started and stopped here.
/// </summary>
internal static class ReleaseCommand
{
    public static Command Create(CliConsole console)
    {
        var paths = new Argument<string[]>("path") { Description = "Checkpoint files and folders to release (every file in a folder is published).", Arity = ArgumentArity.OneOrMore };
        var repo = HubOptions.Repo();
        var type = HubOptions.RepoType();
        var endpoint = HubOptions.Endpoint();
        var verbose = HubOptions.Verbose();
        var version = new Option<string>("--version") { Description = "The release version; tagged v<version>.", DefaultValueFactory = _ => "1.0.0" };
        var expected = new Option<string?>("--expected-params") { Description = "The parameter count each checkpoint must have (15.8M, 1.2B)." };
        var tolerance = new Option<string?>("--tolerance") { Description = "Allowed deviation from --expected-params (1%)." };
        var localHub = new Option<bool>("--local-hub") { Description = "Use the embedded hub emulator even when a token or endpoint is configured." };
        var message = new Option<string?>("--message", "-m") { Description = "The commit's title (default: Release v<version>)." };
        var card = new Option<string?>("--card") { Description = "The model card to publish as README.md; it must pass 'card test' (with the checkpoint's parameter count) or nothing is published. Without it a card is written from the checkpoints." };
        var license = new Option<string?>("--license") { Description = "The license of the written card (a Hub license id)." };
        var language = CardInputOptions.Language();
        var config = CardInputOptions.Config();
        var metrics = CardInputOptions.Metrics();
        var sections = CardInputOptions.Sections();
        var noCard = new Option<bool>("--no-card") { Description = "Neither write nor check a model card (a README.md in a folder is still published as it is)." };
        var command = new Command("release", "Validate, count, document, publish, tag and verify a release end to end (against the embedded hub when no Hub is configured).")
        {
            paths, repo, type, endpoint, version, expected, tolerance, card, license, language, config, metrics, sections, noCard, localHub, message, verbose,
        };
        command.SetAction(async (parse, ct) =>
        {
            var out_ = console.Out;
            SemanticVersion semver;
            try
            {
                semver = SemanticVersion.Parse(parse.GetValue(version)!);
            }
            catch (FormatException ex)
            {
                throw new UsageException(ex.Message);
            }
            var repoRef = HubOptions.RepoRef(parse, repo, type);
            var inputs = parse.GetValue(paths)!.Select(Path.GetFullPath).ToList();
            foreach (var p in inputs.Where(p => !File.Exists(p) && !Directory.Exists(p))) throw new UsageException($"'{p}' does not exist");
            var checkpoints = CheckpointFiles.Expand(inputs).ToList();

            // 1. Validate every checkpoint, reading all of its data once.
            await out_.WriteLineAsync($"1. Validating the checkpoints among {checkpoints.Count} file(s): structure, a deep scan of every tensor, SHA-256").ConfigureAwait(false);
            var inspector = new CheckpointInspector();
            var validator = new CheckpointValidator(inspector);
            var options = new CheckpointValidationOptions { Deep = true, ComputeSha256 = true };
            var validations = new List<CheckpointValidation>();
            await foreach (var read in inspector.InspectManyAsync(checkpoints, ct).ConfigureAwait(false))
            {
                validations.Add(read.Checkpoint is null
                    ? await validator.ValidateAsync(read.Path, options, null, ct).ConfigureAwait(false)
                    : await validator.ValidateAsync(read.Checkpoint, options, null, ct).ConfigureAwait(false));
            }
            await out_.WriteAsync(ValidateCommand.Render(validations)).ConfigureAwait(false);
            if (validations.Count == 0 || validations.Any(v => !v.IsValid))
            {
                await console.Error.WriteLineAsync(validations.Count == 0 ? "modelrelease: no checkpoint among the inputs" : "modelrelease: validation failed; nothing was published").ConfigureAwait(false);
                return CliApp.CheckFailed;
            }

            // 2. Count parameters.
            var want = CommonOptions.ParseCount(parse.GetValue(expected), "--expected-params");
            var tol = CommonOptions.ParseTolerance(parse.GetValue(tolerance));
            var reports = validations.Select(v => ParameterCounter.Measure(v.Checkpoint!, want, want is null ? null : tol)).ToList();
            await out_.WriteLineAsync("\n2. Counting parameters").ConfigureAwait(false);
            var table = new TextTable("Checkpoint", "Format", "Total", "Unique", "Expected", "OK").AlignRight(2, 3, 4);
            foreach (var r in reports) table.Add(Path.GetFileName(r.Path), r.Format, r.TotalText, r.UniqueText, r.Expected is { } e ? ParameterCountText.Format(e) : "", r.WithinTolerance switch { true => "yes", false => "NO", _ => "" });
            await out_.WriteAsync(table.ToString()).ConfigureAwait(false);
            if (reports.Any(r => r.WithinTolerance == false))
            {
                await console.Error.WriteLineAsync("modelrelease: a checkpoint's parameter count is outside the tolerance; nothing was published").ConfigureAwait(false);
                return CliApp.CheckFailed;
            }

            // 3. The model card: the one given must pass its checks; otherwise one is written from what is known.
            var inputCard = inputs.Where(p => Directory.Exists(p)).Select(p => Path.Combine(p, "README.md")).FirstOrDefault(File.Exists);
            if (inputCard is not null && parse.GetValue(card) is not null) throw new UsageException($"--card and {inputCard} would both be README.md; give one.");
            var writes = parse.GetValue(card) is null && inputCard is null && !parse.GetValue(noCard);
            if (!writes && (parse.GetValue(config) ?? parse.GetValue(metrics) ?? parse.GetValue(sections)) is not null)
            {
                throw new UsageException("--config, --metrics and --sections fill the card 'release' writes; with --card, a README.md in the folder or --no-card, no card is written.");
            }
            var cardFolder = Directory.CreateTempSubdirectory("modelrelease-card-").FullName;
            string? cardFile = null;
            try
            {
                if ((parse.GetValue(card) ?? inputCard) is { } given && !parse.GetValue(noCard))
                {
                    var cardPath = Path.GetFullPath(given);
                    var read = await CardFile.ReadAsync(cardPath, ct).ConfigureAwait(false);
                    var verdict = CardValidator.Validate(read, null, validations.Count == 1 ? validations[0].Checkpoint : null);
                    await out_.WriteLineAsync($"\n3. Checking the model card {cardPath}: " + (verdict.IsValid ? "complete." : $"{verdict.ErrorCount} problem(s).")).ConfigureAwait(false);
                    if (!verdict.IsValid)
                    {
                        var findings = new TextTable("Line", "Code", "Message");
                        foreach (var f in verdict.Findings) findings.Add(f.Line, f.Code, f.Message);
                        await out_.WriteAsync(findings.ToString()).ConfigureAwait(false);
                        await console.Error.WriteLineAsync("modelrelease: the model card is not finished; nothing was published").ConfigureAwait(false);
                        TryDelete(cardFolder);
                        return CliApp.CheckFailed;
                    }
                    if (cardPath != inputCard)
                    {
                        cardFile = Path.Combine(cardFolder, "README.md");
                        File.Copy(cardPath, cardFile);
                    }
                }
                else if (!parse.GetValue(noCard))
                {
                    var hashed = await new CardHashing(HashCache.Load(), new FileHasher()).AddAsync(new CardRequest
                    {
                        RepoId = repoRef.Id,
                        Version = semver.ToString(),
                        Checkpoints = validations.Select(v => v.Checkpoint!).ToList(),
                        Reports = reports,
                        Sha256 = validations.Where(v => v.Sha256 is not null).ToDictionary(v => v.Checkpoint!.Path, v => v.Sha256!),
                        License = parse.GetValue(license),
                        Language = parse.GetValue(language) ?? [],
                        ConfigPath = parse.GetValue(config) is { } c ? Path.GetFullPath(c) : null,
                        Metrics = parse.GetValue(metrics) is { } m ? CardMetrics.FromJsonFile(Path.GetFullPath(m)) : [],
                        Sections = CardInputOptions.ReadSections(parse.GetValue(sections), new Dictionary<string, string>()),
                    }, ct).ConfigureAwait(false);
                    var written = CardBuilder.Build(hashed);
                    cardFile = (await CardFile.WriteAsync(written, Path.Combine(cardFolder, "README.md"), force: false, ct).ConfigureAwait(false)).Path!;
                    var open = CardBuilder.OpenLines(written);
                    await out_.WriteLineAsync($"\n3. Wrote the model card (README.md): parameters, formats, files with SHA-256, hardware table, usage code, release tag"
                        + (open == 0 ? "." : $"; {open} line(s) still say {CardBuilder.Missing} — fill them with --sections, --config, --metrics, --license and --language.")).ConfigureAwait(false);
                }
                else
                {
                    await out_.WriteLineAsync("\n3. Model card: none (--no-card).").ConfigureAwait(false);
                }
            }
            catch
            {
                TryDelete(cardFolder);
                throw;
            }

            // Where to publish: the configured Hub, or the embedded emulator.
            var resolver = new TokenResolver();
            var embedded = parse.GetValue(localHub) || (parse.GetValue(endpoint) is null && Environment.GetEnvironmentVariable("HF_ENDPOINT") is null && resolver.TryResolve() is null);
            HubEmulator.HubEmulator? hub = null;
            string? hubData = null;
            var download = Directory.CreateTempSubdirectory("modelrelease-verify-").FullName;
            try
            {
                HubConnection connection;
                if (embedded)
                {
                    hubData = Directory.CreateTempSubdirectory("modelrelease-hub-").FullName;
                    var token = "hf_" + Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();
                    // The embedded hub keeps the Hub's namespace rules: its one user belongs to the repository's namespace.
                    var owner = parse.GetValue(repo)!.Split('/')[0];
                    hub = await HubEmulator.HubEmulator.StartAsync(new HubEmulatorOptions { DataDirectory = hubData, Tokens = new Dictionary<string, string> { [token] = "release" }, Organizations = [owner] }, ct).ConfigureAwait(false);
                    connection = new HubConnection { Endpoint = hub.BaseAddress.ToString(), ExplicitToken = token, ExplicitTokenSource = "the embedded hub" };
                    await out_.WriteLineAsync($"\nNo Hub configured (no HF_ENDPOINT, no token): using the embedded hub emulator at {hub.BaseAddress} for this run.").ConfigureAwait(false);
                }
                else
                {
                    connection = new HubConnection { Endpoint = parse.GetValue(endpoint) };
                }
                var verbose_ = parse.GetValue(verbose);
                using var client = (connection with { Options = new HubClientOptions { Log = verbose_ ? line => { lock (console.Error) console.Error.WriteLine("  " + line); } : null } }).Open(resolver);

                // 4. Publish.
                var files = PublishInputs.Collect(cardFile is null ? inputs : [.. inputs, cardFile]);
                await out_.WriteLineAsync($"\n4. Publishing {files.Count} file(s) to {repoRef} at {client.Endpoint}").ConfigureAwait(false);
                var progress = new ConsoleProgress(console, "publish");
                var result = await new Publisher(client, HashCache.Load()).PublishAsync(new PublishRequest
                {
                    Repo = repoRef,
                    Files = files,
                    CommitMessage = parse.GetValue(message) ?? $"Release v{semver}",
                    CommitDescription = "Published with ModelRelease: " + string.Join(", ", reports.Select(r => $"{Path.GetFileName(r.Path)} {r.TotalText} parameters")),
                }, new SyncProgress<PublishProgress>(p => { if (p.Stage == PublishStage.Uploading) progress.Report(p.UploadedBytes, p.BytesToUpload); }), ct).ConfigureAwait(false);
                await out_.WriteAsync(PublishCommand.Render(result)).ConfigureAwait(false);

                // 5. Tag.
                var tagName = TagNaming.Name(TagFormat.Version, semver);
                var tag = await new ReleaseTagger(client).CreateAsync(repoRef, result.CommitOid, tagName, $"Release {tagName}", force: false, ct).ConfigureAwait(false);
                await out_.WriteLineAsync($"\n5. Tagged {tag.Name} at {tag.CommitOid}" + (tag.Created ? "" : " (it was already there)")).ConfigureAwait(false);

                // 6. Download the release back and compare every byte.
                var saved = await new Downloader(client).DownloadAsync(repoRef, tagName, files.Select(f => f.PathInRepo).ToList(), download, null, ct).ConfigureAwait(false);
                var mismatches = new List<string>();
                foreach (var f in files)
                {
                    if (!await SameBytesAsync(f.LocalPath, Path.Combine(download, f.PathInRepo), ct).ConfigureAwait(false)) mismatches.Add(f.PathInRepo);
                }
                await out_.WriteLineAsync($"\n6. Downloaded {saved.Count} file(s) of {tagName} ({ByteSizeText.Format(saved.Sum(s => s.Size))}), each verified against its Hub hash, and compared byte for byte with the local files: "
                    + (mismatches.Count == 0 ? "identical." : "DIFFERENT: " + string.Join(", ", mismatches))).ConfigureAwait(false);
                if (mismatches.Count > 0) return CliApp.CheckFailed;
                await out_.WriteLineAsync($"\nRelease {repoRef} {tagName} is published and verified.").ConfigureAwait(false);
                return CliApp.Ok;
            }
            finally
            {
                if (hub is not null)
                {
                    await hub.DisposeAsync().ConfigureAwait(false);
                    await out_.WriteLineAsync("7. Stopped the embedded hub emulator.").ConfigureAwait(false);
                }
                TryDelete(download);
                TryDelete(cardFolder);
                if (hubData is not null) TryDelete(hubData);
            }
        });
        return command;
    }

    private static async Task<bool> SameBytesAsync(string a, string b, CancellationToken ct)
    {
        if (!File.Exists(b) || new FileInfo(a).Length != new FileInfo(b).Length) return false;
        await using var x = new FileStream(a, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
        await using var y = new FileStream(b, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
        var bx = new byte[1 << 20];
        var by = new byte[1 << 20];
        while (true)
        {
            var n = await x.ReadAtLeastAsync(bx, bx.Length, throwOnEndOfStream: false, ct).ConfigureAwait(false);
            var m = await y.ReadAtLeastAsync(by, by.Length, throwOnEndOfStream: false, ct).ConfigureAwait(false);
            if (n != m || !bx.AsSpan(0, n).SequenceEqual(by.AsSpan(0, m))) return false;
            if (n == 0) return true;
        }
    }

    private static void TryDelete(string dir)
    {
        try { Directory.Delete(dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
