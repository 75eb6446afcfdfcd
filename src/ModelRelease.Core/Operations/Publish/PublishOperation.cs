using ModelRelease.Core.Hub;
using ModelRelease.Core.Hub.Publishing;
using ModelRelease.Core.Operations.Gate;

namespace ModelRelease.Core.Operations.Publish;

/// <summary>
/// Publish-HfModel and <c>modelrelease publish</c>: the files are collected once (folders recursively, globs
/// applied), every checkpoint among them passes the checkpoint gate — whether it came as a path, a folder, a
/// Checkpoint or a CheckpointValidation — or the publish is refused (unless Force), and the plan is made once, read
/// only. Executing asks the face about each write (create the repository, each upload, the commit) and carries out
/// exactly the plan's files, on the commit it was planned against.
/// </summary>
public sealed class PublishOperation(ModelReleaseSession session)
{
    /// <summary>Gate and plan; writes nothing.</summary>
    /// <exception cref="OperationException">PublishRefused: the gate refused a file (its verdict is <see cref="OperationException.Gate"/>).</exception>
    public async Task<PublishOperationPlan> PlanAsync(PublishOptions options, IProgress<PublishProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var paths = options.Paths
            .Concat(options.Checkpoints.SelectMany(PublishInputs.FilesOf))
            .Concat(options.Validations.SelectMany(v => v.Checkpoint is { } cp ? PublishInputs.FilesOf(cp) : [v.Path]))
            .Distinct(StringComparer.Ordinal).ToList();
        var files = PublishInputs.Collect(paths, options.PathInRepo, options.Include, options.Exclude);
        var gate = await session.Gate.CheckAsync(new CheckpointGateOptions
        {
            Inputs = files.Select(f => f.LocalPath).ToList(),
            RequireCheckpoint = false,
            Given = options.Validations.GroupBy(v => Path.GetFullPath(v.Path), StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal),
            Force = options.Force,
        }, null, cancellationToken).ConfigureAwait(false);
        if (!gate.Passed && !gate.Forced) throw Refused(gate, options.Repo.Id);

        // A new branch (-CreateBranch): the plan is made against where it will start.
        var branchToCreate = await BranchToCreateAsync(options, cancellationToken).ConfigureAwait(false);
        var request = new PublishRequest
        {
            Repo = options.Repo,
            Revision = branchToCreate is null ? options.Revision : options.StartingPoint,
            Files = files,
            CommitMessage = options.CommitMessage,
            CommitDescription = options.CommitDescription,
            CreatePullRequest = options.CreatePullRequest,
            Private = options.Private,
            Delete = options.Delete,
            PathInRepo = (options.PathInRepo ?? "").Replace('\\', '/').Trim('/'),
        };
        PublishPlan plan;
        try
        {
            plan = await session.Publisher().PlanAsync(request, progress, cancellationToken).ConfigureAwait(false);
        }
        catch (HubException ex) when (ex.ErrorId == HubErrorIds.RevisionNotFound && !options.CreateBranch)
        {
            throw new OperationException(OperationErrors.BranchNotFound, ErrorKind.NotFound,
                $"{options.Repo} has no branch '{Releases.RefNaming.Printable(options.Revision)}' to publish to; nothing was published", options.Revision, ex)
            {
                RecommendedAction = $"Create it with the publish (-CreateBranch, --create-branch), or first (New-HfBranch, modelrelease branch create).",
            };
        }
        if (branchToCreate is not null) plan = plan with { Revision = branchToCreate };
        return new PublishOperationPlan { Options = options, Request = request, Plan = plan, Gate = gate, BranchToCreate = branchToCreate };
    }

    /// <summary>The branch a -CreateBranch publish must create (null when it exists, or none was asked for); its name is checked first.</summary>
    private async Task<string?> BranchToCreateAsync(PublishOptions options, CancellationToken ct)
    {
        if (!options.CreateBranch) return null;
        Branches.BranchOperation.CheckName(options.Repo, options.Revision);
        HubRefs refs;
        try
        {
            refs = await session.Hub.GetRefsAsync(options.Repo, ct).ConfigureAwait(false);
        }
        catch (HubException ex) when (ex.ErrorId == HubErrorIds.RepoNotFound)
        {
            // A new repository: main is made with it, the branch from main.
            return options.Revision == "main" ? null : options.Revision;
        }
        Branches.BranchOperation.CheckClash(options.Repo, options.Revision, refs);
        return refs.Branches.Any(b => b.Name == options.Revision) ? null : options.Revision;
    }

    /// <summary>
    /// Asks <paramref name="decide"/> about each write, then carries out the plan: the files it accepted, on the commit the
    /// plan was made against. Returns null when nothing was published (a declined repository or commit, every change
    /// declined, or <paramref name="whatIf"/>, which asks every question so each is shown, and writes nothing).
    /// </summary>
    /// <exception cref="OperationException">PublishPlanStale: the branch moved since the plan; nothing was committed.</exception>
    public async Task<PublishResult?> ExecuteAsync(PublishOperationPlan plan, OperationDecider decide, bool whatIf = false, IProgress<PublishProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var (options, p) = (plan.Options, plan.Plan);
        var at = $"{p.RepoId}@{p.Revision}";
        var createsRepo = !p.RepoExists;
        if (!p.RepoExists)
        {
            var create = plan.Request.Private
                ? new OperationQuestion(QuestionKind.CreateRepository, p.RepoId, "Create private repository")
                : new OperationQuestion(QuestionKind.CreateRepository, p.RepoId, "Create public repository")
                {
                    HighImpact = true,
                    HowToSkip = $"Pass -Confirm:$false to create the public repository {p.RepoId}, or -Private to create it private (or create it first).",
                };
            if (!await decide(create, cancellationToken).ConfigureAwait(false) && !whatIf) return null;
        }
        if (plan.BranchToCreate is { } branch)
        {
            var from = p.ParentCommit is { } parent ? $"{options.StartingPoint} ({parent[..Math.Min(12, parent.Length)]})" : "main of the new repository";
            if (!await decide(new OperationQuestion(QuestionKind.CreateBranch, $"{p.RepoId}@{from}", $"Create branch {branch}"), cancellationToken).ConfigureAwait(false) && !whatIf) return null;
        }
        var accepted = new List<PublishSource>();
        foreach (var f in p.Files)
        {
            if (f.Action == PublishAction.Unchanged)
            {
                accepted.Add(new PublishSource(f.LocalPath, f.PathInRepo));
                continue;
            }
            var upload = new OperationQuestion(QuestionKind.Upload, $"{at}: {f.PathInRepo} ({ByteSizeText.Format(f.Size)}, {(f.IsLfs ? "LFS" : "regular")}, {f.Action.ToString().ToLowerInvariant()})", "Upload") { File = f };
            if (await decide(upload, cancellationToken).ConfigureAwait(false)) accepted.Add(new PublishSource(f.LocalPath, f.PathInRepo));
        }
        var deleted = new List<string>();
        foreach (var path in p.Deleted)
        {
            if (await decide(new OperationQuestion(QuestionKind.DeleteFiles, $"{at}: {path}", "Delete file"), cancellationToken).ConfigureAwait(false)) deleted.Add(path);
        }
        var changes = p.Files.Where(f => f.Action != PublishAction.Unchanged && (whatIf || accepted.Any(a => a.PathInRepo == f.PathInRepo))).ToList();
        var removals = whatIf ? p.Deleted : deleted;
        var what = $"Commit {changes.Count} file(s), {ByteSizeText.Format(changes.Sum(f => f.Size))}" + (removals.Count > 0 ? $" and the deletion of {removals.Count}" : "");
        if (changes.Count + removals.Count > 0 && !await decide(new OperationQuestion(QuestionKind.Commit, at, $"{what}: '{options.CommitMessage}'"), cancellationToken).ConfigureAwait(false)) return null;
        if (whatIf || (changes.Count + deleted.Count == 0 && p.HasChanges)) return null;

        // Exactly the plan: the branch (or a new branch's starting point) must still be where the plan found it.
        var writer = session.HubForWriting();
        var info = await writer.GetRepoInfoAsync(options.Repo, plan.Request.Revision, cancellationToken).ConfigureAwait(false);
        if (info?.Sha != p.ParentCommit && !(info is null && !p.RepoExists))
        {
            throw new OperationException(OperationErrors.PublishPlanStale, ErrorKind.Conflict,
                $"{at} moved since the publish was planned (planned on {p.ParentCommit ?? "a new repository"}, now {info?.Sha ?? "missing"}); nothing was committed", p.RepoId)
            {
                Gate = plan.Gate,
            };
        }
        var request = plan.Request with { Files = accepted, CreateRepoIfMissing = !p.RepoExists, Delete = [] };
        if (plan.BranchToCreate is { } newBranch)
        {
            var start = p.ParentCommit;
            if (start is null)
            {
                await writer.CreateRepoAsync(options.Repo, options.Private, cancellationToken).ConfigureAwait(false);
                start = (await writer.GetRepoInfoAsync(options.Repo, "main", cancellationToken).ConfigureAwait(false))?.Sha
                    ?? throw new HubException(HubErrorIds.RepoNotFound, ErrorKind.NotFound, $"The repository {options.Repo} was created but cannot be read back", options.Repo.Id);
            }
            await writer.CreateBranchAsync(options.Repo, newBranch, start, cancellationToken).ConfigureAwait(false);
            request = request with { Revision = newBranch, CreateRepoIfMissing = false };
        }
        var result = await session.Publisher().PublishAsync(request, progress, cancellationToken, deleted).ConfigureAwait(false);
        return plan.BranchToCreate is null ? result : result with { BranchCreated = true, RepoCreated = result.RepoCreated || createsRepo };
    }

    /// <summary>The error of a refused gate, naming each refused file and its codes.</summary>
    public static OperationException Refused(CheckpointGateResult gate, string target)
    {
        var refused = gate.Files.Where(f => f.Refused).Select(f =>
        {
            var errors = (f.Validation?.Findings ?? []).Concat(f.Findings).Where(x => x.Severity == FindingSeverity.Error).ToList();
            return $"{f.Path} ({string.Join(", ", errors.Select(x => x.Code).Distinct())}: {errors.FirstOrDefault()?.Message})";
        }).ToList();
        var gateLevel = gate.Findings.Where(f => f.Severity == FindingSeverity.Error).Select(f => $"{f.Code} {f.Message}").ToList();
        var message = "Nothing was published: " + string.Join("; ", refused.Count > 0 ? [$"{refused.Count} file(s) failed the checkpoint gate: {string.Join("; ", refused)}", .. gateLevel] : gateLevel);
        return new OperationException(OperationErrors.PublishRefused, ErrorKind.InvalidData, message, target)
        {
            Gate = gate,
            RecommendedAction = "Fix or leave out the refused files (-Exclude), or publish anyway with -Force.",
            CliRecommendedAction = "Fix or leave out the refused files (--exclude), or publish anyway with --force.",
        };
    }
}
