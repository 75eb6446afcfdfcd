using System.Diagnostics;
using ModelRelease.Core.Cards;
using ModelRelease.Core.Checkpoints.Parameters;
using ModelRelease.Core.Checkpoints.Validation;
using ModelRelease.Core.Hub;
using ModelRelease.Core.Hub.Publishing;
using ModelRelease.Core.Operations.Gate;
using ModelRelease.Core.Releases;
using ModelRelease.Core.Releases.Changelog;
using ModelRelease.Core.Releases.Metrics;

namespace ModelRelease.Core.Operations.Release;

/// <summary>
/// <c>modelrelease release</c> and Publish-ModelRelease: validate every checkpoint (deep, SHA-256, parameter count,
/// what the names say), write or gate the card (its changelog carrying the previous release's entries forward), compare
/// its metrics with the previous release's, publish, tag, download the release back and compare every byte.
/// Everything is checked before the first write — the checkpoint gate, the card gate, the files the release must
/// contain, the token's user and its right to write the namespace, the tag (free, or already naming exactly this
/// release, or -Force), the local repository (a clean git repository with an identity for its changelog commit, and a
/// remote with -Push) — and a release with an error finding writes nothing to the Hub. The face is asked about each
/// write (creating the repository, the commit, the tags, the changelog, the push) after the checks and before the
/// first of them; a what-if asks, plans and writes nothing. The result is a <see cref="ReleaseReport"/> whatever
/// happened. The three steps — <see cref="PrepareAsync"/>, <see cref="AskAsync"/>, <see cref="WriteAsync"/> — are
/// what a family release (<see cref="FamilyReleaseJob"/>) runs for every variant, each step for all of them before the next.
/// </summary>
public sealed partial class ReleaseJob(ModelReleaseSession session)
{
    public async Task<ReleaseReport> RunAsync(ReleaseOptions options, OperationDecider? decide = null, IProgress<ReleaseProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        using var prepared = await PrepareAsync(options, progress, cancellationToken).ConfigureAwait(false);
        if (prepared.Refused) return prepared.Report(ReleaseOutcome.Refused);
        var yes = await AskAsync(prepared, decide ?? OperationDeciders.Always, cancellationToken).ConfigureAwait(false);
        if (options.WhatIf) return prepared.Report(ReleaseOutcome.Planned);
        if (!yes) return prepared.Report(ReleaseOutcome.Declined);
        return await WriteAsync(prepared, progress, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Every check of the release, read only (the card it writes is kept in its folder); the result says whether it is refused.</summary>
    internal async Task<PreparedRelease> PrepareAsync(ReleaseOptions options, IProgress<ReleaseProgress>? progress, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var findings = new List<Finding>();
        var repo = options.Repo;
        var tagName = TagNaming.Name(TagFormat.Version, options.Version);
        var endpoint = session.Endpoint;
        var isPublic = IsPublicHub(endpoint);
        if (isPublic)
        {
            var notice = $"The release goes to {endpoint.Host}, the public Hugging Face Hub: {repo.Id} is published for everyone to download" + (options.Private ? " (created private if it does not exist yet)." : "; ask for a private repository to create it private.");
            findings.Add(new Finding(FindingSeverity.Warning, ReleaseCodes.PublicHub, notice));
            progress?.Report(new ReleaseProgress(ReleaseStage.Notice, notice));
        }

        // 1. The files, and the checkpoint gate over them: deep scan, SHA-256, parameter count, what the names say.
        var files = PublishInputs.Collect(options.Paths, null, options.Include, options.Exclude);
        progress?.Report(new ReleaseProgress(ReleaseStage.Validating, $"Validating the checkpoints among {files.Count} file(s): structure, every tensor's data, SHA-256"));
        var gate = await session.Gate.CheckAsync(new CheckpointGateOptions
        {
            Inputs = files.Select(f => f.LocalPath).ToList(),
            Validation = new CheckpointValidationOptions { Deep = true, ComputeSha256 = true, ExpectedParameterCount = options.ExpectedParameterCount, ParameterTolerance = options.Tolerance },
            RequireCheckpoint = true,
            SizeLabels = options.SizeLabels,
            Force = options.AllowRefusedCheckpoint,
        }, progress is null ? null : new SyncProgress<GateProgress>(p => progress.Report(new ReleaseProgress(ReleaseStage.Validating, $"{p.Activity} {Path.GetFileName(p.Path)}", p.BytesDone, p.BytesTotal, $"{ActivityName(p.Activity)} {Path.GetFileName(p.Path)}"))), cancellationToken).ConfigureAwait(false);
        AddGateFindings(gate, findings);
        var reports = gate.Validations.Where(v => v.Checkpoint is not null)
            .Select(v => ParameterCounter.Measure(v.Checkpoint!, options.ExpectedParameterCount, options.ExpectedParameterCount is null ? null : options.Tolerance)).ToList();

        // 2. The previous release (its card's changelog and metrics), then the card.
        var (previousTag, previousCard) = await PreviousAsync(options, findings, cancellationToken).ConfigureAwait(false);
        progress?.Report(new ReleaseProgress(ReleaseStage.Card, options.NoCard ? "No model card" : "The model card"));
        var sections = new Dictionary<string, string>(options.Sections, StringComparer.Ordinal);
        sections["changelog"] = CardChangelog.Compose(tagName, DateOnly.FromDateTime(DateTime.UtcNow),
            sections.TryGetValue("changelog", out var given) ? [given, .. options.Changes] : options.Changes,
            previousCard is null ? [] : CardChangelog.Entries(previousCard.Body));
        var card = await ReleaseCardStep.PrepareAsync(session, options with { Sections = sections }, files, gate, reports, cancellationToken).ConfigureAwait(false);
        var prepared = new PreparedRelease
        {
            Options = options,
            Clock = clock,
            Findings = findings,
            TagName = tagName,
            Message = options.CommitMessage ?? $"Release {tagName}",
            Endpoint = endpoint,
            IsPublic = isPublic,
            Gate = gate,
            Reports = reports,
            Card = card,
            Files = card.Source is null ? files : [.. files, card.Source],
            PreviousTag = previousTag,
        };
        try
        {
            findings.AddRange(card.Findings);
            RequiredFiles(options, prepared.Files, findings);
            var cardFile = card.Source?.LocalPath ?? card.Card.Path;
            if (previousCard is not null && cardFile is not null && File.Exists(cardFile))
            {
                var now = CardDocument.Parse(await File.ReadAllTextAsync(cardFile, cancellationToken).ConfigureAwait(false), cardFile);
                findings.AddRange(MetricRegression.Compare(previousCard.Metadata.GetValueOrDefault("model-index"), now.Metadata.GetValueOrDefault("model-index"), previousTag!,
                    options.MetricDirections, options.MetricRegressionIsError, card.Card.Path));
            }

            // 3. The Hub: the token's user and its right to write; the plan (read only); the tag; the local repository.
            progress?.Report(new ReleaseProgress(ReleaseStage.Checking, $"Checking {repo} at {endpoint}: the token, the namespace, the tag"));
            (prepared.User, prepared.Plan) = await CheckHubAsync(options, prepared.Files, prepared.Message, findings, cancellationToken).ConfigureAwait(false);
            prepared.Tag = prepared.Plan is null ? null : await CheckTagAsync(options, tagName, prepared.Plan, findings, cancellationToken).ConfigureAwait(false);
            prepared.Local = options.LocalRepository is { } folder
                ? await LocalRelease.CheckAsync(folder, tagName, options.Version.ToString(), options.Force, options.Push, findings, cancellationToken).ConfigureAwait(false)
                : null;
            if (prepared.Plan is { HasChanges: false }) findings.Add(new Finding(FindingSeverity.Info, ReleaseCodes.NothingToCommit, $"every file is already on {repo.Id}@{options.Revision} with the same content: nothing to commit"));
            return prepared;
        }
        catch
        {
            prepared.Dispose();
            throw;
        }
    }

    /// <summary>Asks about every write of the release, before the first one; true when each was answered yes (a what-if asks them all).</summary>
    internal static async Task<bool> AskAsync(PreparedRelease prepared, OperationDecider decide, CancellationToken cancellationToken)
    {
        var (options, plan, tag, tagName, repo) = (prepared.Options, prepared.Plan!, prepared.Tag, prepared.TagName, prepared.Options.Repo);
        var answers = new List<bool>();
        if (!plan.RepoExists)
        {
            answers.Add(await decide(options.Private
                ? new OperationQuestion(QuestionKind.CreateRepository, repo.Id, "Create private repository")
                : new OperationQuestion(QuestionKind.CreateRepository, repo.Id, "Create public repository")
                {
                    HighImpact = true,
                    HowToSkip = $"Pass -Confirm:$false to create the public repository {repo.Id}, or -Private to create it private (or create it first).",
                }, cancellationToken).ConfigureAwait(false));
        }
        if (plan.HasChanges)
        {
            var changes = plan.Files.Where(f => f.Action != PublishAction.Unchanged).ToList();
            answers.Add(await decide(new OperationQuestion(QuestionKind.Commit, $"{repo.Id}@{options.Revision}", $"Commit {changes.Count} file(s), {ByteSizeText.Format(changes.Sum(f => f.Size))}: '{prepared.Message}'"), cancellationToken).ConfigureAwait(false));
        }
        if (tag is not { NoOp: true })
        {
            answers.Add(await decide(tag is not null
                ? new OperationQuestion(QuestionKind.MoveTag, $"{repo.Id}:{tagName}", $"Move tag {tagName} from {Short(tag.Commit)} to the release's commit")
                {
                    HighImpact = true,
                    HowToSkip = $"Pass -Confirm:$false to move {tagName} on {repo.Id} (consumers pinned to it will see other weights), or release a new version.",
                }
                : new OperationQuestion(QuestionKind.CreateTag, $"{repo.Id}@{options.Revision}", $"Create tag {tagName}"), cancellationToken).ConfigureAwait(false));
        }
        if (prepared.Local is { } local)
        {
            foreach (var question in LocalRelease.Questions(local, tagName)) answers.Add(await decide(question, cancellationToken).ConfigureAwait(false));
        }
        return answers.All(a => a);
    }

    /// <summary>Publishes exactly the plan on the commit it was planned against, tags it (and the local repository), downloads it back and compares.</summary>
    internal async Task<ReleaseReport> WriteAsync(PreparedRelease prepared, IProgress<ReleaseProgress>? progress, CancellationToken cancellationToken)
    {
        var (options, plan, tagName, repo, findings) = (prepared.Options, prepared.Plan!, prepared.TagName, prepared.Options.Repo, prepared.Findings);

        // 5. Publish exactly the plan, on the commit it was planned against.
        progress?.Report(new ReleaseProgress(ReleaseStage.Publishing, $"Publishing {plan.Files.Count} file(s) to {repo} at {prepared.Endpoint}"));
        var hub = session.HubForWriting();
        var head = await hub.GetRepoInfoAsync(repo, options.Revision, cancellationToken).ConfigureAwait(false);
        if (plan.RepoExists ? head?.Sha != plan.ParentCommit : head is not null)
        {
            throw new OperationException(OperationErrors.PublishPlanStale, ErrorKind.Conflict,
                $"{repo}@{options.Revision} moved while the release was checked (planned on {plan.ParentCommit ?? "a new repository"}, now {head?.Sha ?? "missing"}); nothing was written", repo.Id)
            {
                RecommendedAction = "Run the release again: it checks the new head.",
            };
        }
        var request = Request(options, prepared.Files, prepared.Message, prepared.Reports) with { CreateRepoIfMissing = !plan.RepoExists };
        var result = await session.Publisher().PublishAsync(request, progress is null ? null : new SyncProgress<PublishProgress>(p =>
        {
            if (p.Stage == PublishStage.Hashing) progress.Report(new ReleaseProgress(ReleaseStage.Publishing, $"Hashing {p.Path}", p.HashedBytes, p.BytesToHash, "hashing"));
            if (p.Stage == PublishStage.Uploading) progress.Report(new ReleaseProgress(ReleaseStage.Publishing, $"Uploading {p.Path}", p.UploadedBytes, p.BytesToUpload, "uploading"));
        }), cancellationToken).ConfigureAwait(false);

        // 6. Tag the commit (and the local repository, after its changelog entry).
        progress?.Report(new ReleaseProgress(ReleaseStage.Tagging, $"Tagging {tagName}"));
        var tagger = new ReleaseTagger(hub);
        var made = await tagger.ApplyAsync(await tagger.PlanAsync(repo, result.CommitOid, tagName, options.Force, cancellationToken).ConfigureAwait(false), $"Release {tagName}", cancellationToken).ConfigureAwait(false);
        if (prepared.Local is { } local)
        {
            await LocalRelease.ApplyAsync(local, tagName, options.Version.ToString(), ChangelogLines(options, [(repo.Id, made.CommitOid)]),
                $"Release {tagName}\n\nHub: {repo}@{made.CommitOid}", cancellationToken).ConfigureAwait(false);
            made = made with { LocalRepository = local.Repository };
        }

        // 7. Download the release back by its tag and compare every byte.
        progress?.Report(new ReleaseProgress(ReleaseStage.Verifying, $"Downloading {tagName} back and comparing every byte"));
        var verification = await VerifyAsync(repo, tagName, prepared.Files, progress, cancellationToken).ConfigureAwait(false);
        if (!verification.Identical)
        {
            findings.Add(new Finding(FindingSeverity.Error, ReleaseCodes.VerificationMismatch, $"downloaded back, {string.Join(", ", verification.Mismatched)} differ from the local files"));
        }
        return prepared.Report(verification.Identical ? ReleaseOutcome.Released : ReleaseOutcome.VerificationFailed, result, made, verification);
    }

    /// <summary>The lines of a CHANGELOG.md entry: what changed, then where each repository's release is on the Hub.</summary>
    internal static IReadOnlyList<string> ChangelogLines(ReleaseOptions options, IReadOnlyList<(string RepoId, string Commit)> released) =>
        [.. (options.Changes.Count == 0 ? ["Released with ModelRelease."] : options.Changes), .. released.Select(r => $"Hub: {r.RepoId}@{r.Commit}")];

    /// <summary>The newest release tag (v family) older than this version, and its card (null when there is none, or it cannot be read).</summary>
    private async Task<(string? Tag, ModelCard? Card)> PreviousAsync(ReleaseOptions options, List<Finding> findings, CancellationToken ct)
    {
        HubRefs refs;
        try
        {
            refs = await session.Hub.GetRefsAsync(options.Repo, ct).ConfigureAwait(false);
        }
        catch (HubException)
        {
            return (null, null); // a new repository (or a Hub the checks below report on)
        }
        var reader = new Releases.Versions.TagVersionReader();
        var previous = refs.Tags.Select(t => reader.Read(t.Name))
            .Where(t => t.NamesVersion && t.Family == "v" && Releases.Versions.VersionOrder.Instance.Compare(t.Version, options.Version) < 0)
            .MaxBy(t => t.Version, Releases.Versions.VersionOrder.Instance);
        if (previous is null) return (null, null);
        try
        {
            return (previous.Tag, await CardHub.ReadAsync(session.Hub, options.Repo, previous.Tag, ct).ConfigureAwait(false));
        }
        catch (HubException ex) when (ex.ErrorId == HubErrorIds.EntryNotFound)
        {
            return (previous.Tag, null); // released without a card
        }
        catch (ModelReleaseException ex)
        {
            findings.Add(new Finding(FindingSeverity.Info, ReleaseCodes.PreviousCardUnreadable, $"the card of {previous.Tag} could not be read ({ex.ErrorId}: {ex.Message}): its changelog is not carried forward and its metrics are not compared"));
            return (previous.Tag, null);
        }
    }

    /// <summary>RELEASE_REQUIRED_FILE_MISSING for each file the release must contain and does not.</summary>
    private static void RequiredFiles(ReleaseOptions options, IReadOnlyList<PublishSource> files, List<Finding> findings)
    {
        var have = files.Select(f => f.PathInRepo).ToHashSet(StringComparer.Ordinal);
        foreach (var required in options.RequiredFiles.Where(r => !have.Contains(r.Replace('\\', '/').Trim('/'))))
        {
            findings.Add(new Finding(FindingSeverity.Error, ReleaseCodes.RequiredFileMissing,
                $"the release must contain {required}, and none of its {files.Count} file(s) is {required} (it has {string.Join(", ", have.Order(StringComparer.Ordinal).Take(8))}{(have.Count > 8 ? ", …" : "")})"));
        }
    }

    /// <summary>True for huggingface.co and its mirrors of the same name (hf.co).</summary>
    public static bool IsPublicHub(Uri endpoint) =>
        endpoint.Host is "huggingface.co" or "hf.co" || endpoint.Host.EndsWith(".huggingface.co", StringComparison.OrdinalIgnoreCase) || endpoint.Host.EndsWith(".hf.co", StringComparison.OrdinalIgnoreCase);

    private static void AddGateFindings(CheckpointGateResult gate, List<Finding> findings)
    {
        var severity = gate.Forced ? FindingSeverity.Warning : FindingSeverity.Error;
        foreach (var f in gate.Findings.Where(f => f.Severity == FindingSeverity.Error))
        {
            findings.Add(f.Code == GateCodes.NoCheckpoints ? new Finding(FindingSeverity.Error, ReleaseCodes.NoCheckpoint, f.Message) { Path = f.Path } : f with { Severity = severity });
        }
        foreach (var file in gate.Files.Where(f => f.Refused))
        {
            var codes = (file.Validation?.Findings ?? []).Concat(file.Findings).Where(x => x.Severity == FindingSeverity.Error).Select(x => $"{x.Code}{(x.Tensor is null ? "" : $" ({x.Tensor})")}").Distinct();
            findings.Add(new Finding(severity, gate.Forced ? GateCodes.Forced : ReleaseCodes.CheckpointRefused,
                $"{Path.GetFileName(file.Path)} does not pass the checkpoint gate ({string.Join(", ", codes)})" + (gate.Forced ? "; published anyway (forced)" : "")) { Path = file.Path });
        }
    }

    private static PublishRequest Request(ReleaseOptions options, IReadOnlyList<PublishSource> files, string message, IReadOnlyList<ParameterReport> reports) => new()
    {
        Repo = options.Repo,
        Revision = options.Revision,
        Files = files,
        CommitMessage = message,
        CommitDescription = "Published with ModelRelease: " + string.Join(", ", reports.Select(r => $"{Path.GetFileName(r.Path)} {r.TotalText} parameters")),
        Private = options.Private,
    };

    private static string Short(string commit) => commit[..Math.Min(12, commit.Length)];

    private static void TryDelete(string folder)
    {
        try { Directory.Delete(folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    /// <summary>The validator's activities as a progress line names them.</summary>
    private static string ActivityName(string activity) => activity switch
    {
        "Scanning tensor data" => "deep scan",
        "Hashing" => "sha256",
        _ => activity.ToLowerInvariant(),
    };
}
