using System.Diagnostics;
using ModelRelease.Core.Checkpoints.Parameters;
using ModelRelease.Core.Checkpoints.Validation;
using ModelRelease.Core.Hub;
using ModelRelease.Core.Hub.Publishing;
using ModelRelease.Core.Operations.Gate;
using ModelRelease.Core.Releases;

namespace ModelRelease.Core.Operations.Release;

/// <summary>
/// <c>modelrelease release</c> and Publish-ModelRelease: validate every checkpoint (deep, SHA-256, parameter count),
/// write or gate the card, publish, tag, download the release back and compare every byte. Everything is checked
/// before the first write — the checkpoint gate, the card gate, the token's user and its right to write the
/// namespace, the tag (free, or already naming exactly this release, or -Force), the local repository (a clean git
/// repository) — and a release with an error finding writes nothing to the Hub. The face is asked about each write
/// (creating the repository, the commit, the tags) after the checks and before the first of them; a what-if asks,
/// plans and writes nothing. The result is a <see cref="ReleaseReport"/> whatever happened.
/// </summary>
public sealed partial class ReleaseJob(ModelReleaseSession session)
{
    public async Task<ReleaseReport> RunAsync(ReleaseOptions options, OperationDecider? decide = null, IProgress<ReleaseProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        decide ??= OperationDeciders.Always;
        var clock = Stopwatch.StartNew();
        var findings = new List<Finding>();
        var repo = options.Repo;
        var tagName = TagNaming.Name(TagFormat.Version, options.Version);
        var message = options.CommitMessage ?? $"Release {tagName}";
        var endpoint = session.Endpoint;
        var isPublic = IsPublicHub(endpoint);
        if (isPublic)
        {
            var notice = $"The release goes to {endpoint.Host}, the public Hugging Face Hub: {repo.Id} is published for everyone to download" + (options.Private ? " (created private if it does not exist yet)." : "; ask for a private repository to create it private.");
            findings.Add(new Finding(FindingSeverity.Warning, ReleaseCodes.PublicHub, notice));
            progress?.Report(new ReleaseProgress(ReleaseStage.Notice, notice));
        }

        // 1. The files, and the checkpoint gate over them: deep scan, SHA-256, parameter count.
        var files = PublishInputs.Collect(options.Paths, null, options.Include, options.Exclude);
        progress?.Report(new ReleaseProgress(ReleaseStage.Validating, $"Validating the checkpoints among {files.Count} file(s): structure, every tensor's data, SHA-256"));
        var gate = await session.Gate.CheckAsync(new CheckpointGateOptions
        {
            Inputs = files.Select(f => f.LocalPath).ToList(),
            Validation = new CheckpointValidationOptions { Deep = true, ComputeSha256 = true, ExpectedParameterCount = options.ExpectedParameterCount, ParameterTolerance = options.Tolerance },
            RequireCheckpoint = true,
            Force = options.Force,
        }, progress is null ? null : new SyncProgress<GateProgress>(p => progress.Report(new ReleaseProgress(ReleaseStage.Validating, $"{p.Activity} {Path.GetFileName(p.Path)}", p.BytesDone, p.BytesTotal, $"{ActivityName(p.Activity)} {Path.GetFileName(p.Path)}"))), cancellationToken).ConfigureAwait(false);
        AddGateFindings(gate, findings);
        var reports = gate.Validations.Where(v => v.Checkpoint is not null)
            .Select(v => ParameterCounter.Measure(v.Checkpoint!, options.ExpectedParameterCount, options.ExpectedParameterCount is null ? null : options.Tolerance)).ToList();

        // 2. The card.
        progress?.Report(new ReleaseProgress(ReleaseStage.Card, options.NoCard ? "No model card" : "The model card"));
        var card = await ReleaseCardStep.PrepareAsync(session, options, files, gate, reports, cancellationToken).ConfigureAwait(false);
        try
        {
            findings.AddRange(card.Findings);
            var published = card.Source is null ? files : [.. files, card.Source];

            // 3. The Hub: the token's user and its right to write; the plan (read only); the tag; the local repository.
            progress?.Report(new ReleaseProgress(ReleaseStage.Checking, $"Checking {repo} at {endpoint}: the token, the namespace, the tag"));
            var (user, plan) = await CheckHubAsync(options, published, message, findings, cancellationToken).ConfigureAwait(false);
            var tag = plan is null ? null : await CheckTagAsync(options, tagName, plan, findings, cancellationToken).ConfigureAwait(false);
            var local = await CheckLocalAsync(options, tagName, findings, cancellationToken).ConfigureAwait(false);
            if (plan is { HasChanges: false }) findings.Add(new Finding(FindingSeverity.Info, ReleaseCodes.NothingToCommit, $"every file is already on {repo.Id}@{options.Revision} with the same content: nothing to commit"));

            ReleaseReport Report(ReleaseOutcome outcome, PublishResult? result = null, ReleaseTag? made = null, ReleaseVerification? verification = null) => new()
            {
                RepoId = repo.Id,
                Version = options.Version.ToString(),
                TagName = tagName,
                Endpoint = endpoint.ToString(),
                IsPublicHub = isPublic,
                Outcome = outcome,
                Findings = findings,
                Gate = gate,
                Parameters = reports,
                Card = card.Card,
                User = user,
                CommitMessage = message,
                Plan = plan,
                Publish = result,
                Tag = made,
                LocalRepository = made?.LocalRepository,
                Verification = verification,
                Elapsed = clock.Elapsed,
            };

            if (findings.Any(f => f.Severity == FindingSeverity.Error) || plan is null) return Report(ReleaseOutcome.Refused);

            // 4. Every write, asked before the first one.
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
                answers.Add(await decide(new OperationQuestion(QuestionKind.Commit, $"{repo.Id}@{options.Revision}", $"Commit {changes.Count} file(s), {ByteSizeText.Format(changes.Sum(f => f.Size))}: '{message}'"), cancellationToken).ConfigureAwait(false));
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
            if (local is { IsNoOp: false })
            {
                answers.Add(await decide(local.Moves
                    ? new OperationQuestion(QuestionKind.MoveLocalTag, $"{local.Repository}:{tagName}", $"Move git tag {tagName} from {Short(local.ExistingCommit!)} to {Short(local.TargetCommit)}")
                    {
                        HighImpact = true,
                        HowToSkip = $"Pass -Confirm:$false to move the git tag {tagName} in {local.Repository}.",
                    }
                    : new OperationQuestion(QuestionKind.CreateLocalTag, local.Repository, $"Create git tag {tagName} at {Short(local.TargetCommit)}"), cancellationToken).ConfigureAwait(false));
            }
            if (options.WhatIf) return Report(ReleaseOutcome.Planned);
            if (answers.Any(a => !a)) return Report(ReleaseOutcome.Declined);

            // 5. Publish exactly the plan, on the commit it was planned against.
            progress?.Report(new ReleaseProgress(ReleaseStage.Publishing, $"Publishing {plan.Files.Count} file(s) to {repo} at {endpoint}"));
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
            var request = Request(options, published, message, reports) with { CreateRepoIfMissing = !plan.RepoExists };
            var result = await session.Publisher().PublishAsync(request, progress is null ? null : new SyncProgress<PublishProgress>(p =>
            {
                if (p.Stage == PublishStage.Hashing) progress.Report(new ReleaseProgress(ReleaseStage.Publishing, $"Hashing {p.Path}", p.HashedBytes, p.BytesToHash, "hashing"));
                if (p.Stage == PublishStage.Uploading) progress.Report(new ReleaseProgress(ReleaseStage.Publishing, $"Uploading {p.Path}", p.UploadedBytes, p.BytesToUpload, "uploading"));
            }), cancellationToken).ConfigureAwait(false);

            // 6. Tag the commit (and the local repository).
            progress?.Report(new ReleaseProgress(ReleaseStage.Tagging, $"Tagging {tagName}"));
            var tagger = new ReleaseTagger(hub);
            var made = await tagger.ApplyAsync(await tagger.PlanAsync(repo, result.CommitOid, tagName, options.Force, cancellationToken).ConfigureAwait(false), $"Release {tagName}", cancellationToken).ConfigureAwait(false);
            if (local is not null)
            {
                await ReleaseTagger.ApplyLocalAsync(local, $"Release {tagName}\n\nHub: {repo}@{made.CommitOid}", cancellationToken).ConfigureAwait(false);
                made = made with { LocalRepository = local.Repository };
            }

            // 7. Download the release back by its tag and compare every byte.
            progress?.Report(new ReleaseProgress(ReleaseStage.Verifying, $"Downloading {tagName} back and comparing every byte"));
            var verification = await VerifyAsync(repo, tagName, published, progress, cancellationToken).ConfigureAwait(false);
            if (!verification.Identical)
            {
                findings.Add(new Finding(FindingSeverity.Error, ReleaseCodes.VerificationMismatch, $"downloaded back, {string.Join(", ", verification.Mismatched)} differ from the local files"));
            }
            return Report(verification.Identical ? ReleaseOutcome.Released : ReleaseOutcome.VerificationFailed, result, made, verification);
        }
        finally
        {
            if (card.StagingFolder is { } staging) TryDelete(staging);
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
