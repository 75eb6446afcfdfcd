using ModelRelease.Core.Hub;
using ModelRelease.Core.Releases;

namespace ModelRelease.Core.Operations.Branches;

/// <summary>What creating or deleting a branch would do, read before anything is written.</summary>
public sealed record BranchPlan(RepoRef Repo, string Name, string CommitOid, string? ExistingCommitOid)
{
    /// <summary>Creating: the branch already points at that commit; nothing to do.</summary>
    public bool IsNoOp => ExistingCommitOid == CommitOid;
}

/// <summary>
/// New-HfBranch, Get-HfBranch, Remove-HfBranch and <c>modelrelease branch</c>: branches for experiments beside main
/// (the latest stable) and the release tags. A name is checked with the rules tags and branches share
/// (<see cref="RefNaming"/>) and against the repository's tags before anything is written; creating a branch that
/// already points at the commit asked for is a no-op, one that points elsewhere is BranchAlreadyExists; main cannot
/// be deleted (BranchProtected).
/// </summary>
public sealed class BranchOperation(ModelReleaseSession session)
{
    /// <summary>The repository's branches, main first, then by name, each with the date of the commit it points at.</summary>
    public async Task<IReadOnlyList<HubBranch>> ListAsync(RepoRef repo, CancellationToken cancellationToken = default)
    {
        var refs = await session.Hub.GetRefsAsync(repo, cancellationToken).ConfigureAwait(false);
        var dates = await CommitDates.ReadAsync(session.Hub, repo, refs.Branches.Select(b => b.TargetCommit), cancellationToken).ConfigureAwait(false);
        return refs.Branches
            .OrderBy(b => b.Name == "main" ? 0 : 1).ThenBy(b => b.Name, StringComparer.Ordinal)
            .Select(b => new HubBranch { RepoId = repo.Id, Name = b.Name, CommitOid = b.TargetCommit, Date = dates.GetValueOrDefault(b.TargetCommit) })
            .ToList();
    }

    /// <summary>Reads what creating <paramref name="name"/> at <paramref name="startingPoint"/> would do; throws when it cannot be created.</summary>
    public async Task<BranchPlan> PlanCreateAsync(RepoRef repo, string name, string startingPoint = "main", CancellationToken cancellationToken = default)
    {
        CheckName(repo, name);
        var hub = session.HubForWriting();
        var refs = await hub.GetRefsAsync(repo, cancellationToken).ConfigureAwait(false);
        CheckClash(repo, name, refs);
        var commit = await ResolveAsync(hub, repo, startingPoint, refs, cancellationToken).ConfigureAwait(false);
        var existing = refs.Branches.FirstOrDefault(b => b.Name == name)?.TargetCommit;
        if (existing is not null && existing != commit)
        {
            throw new OperationException(OperationErrors.BranchAlreadyExists, ErrorKind.AlreadyExists,
                $"{repo} already has a branch {name}, at {Short(existing)}, not at {startingPoint} ({Short(commit)})", name)
            {
                RecommendedAction = "Publish to the branch as it is, choose another name, or delete it first (Remove-HfBranch, modelrelease branch delete).",
            };
        }
        return new BranchPlan(repo, name, commit, existing);
    }

    /// <summary>Creates the branch of <paramref name="plan"/> (nothing when it is already there).</summary>
    public async Task<HubBranch> CreateAsync(BranchPlan plan, CancellationToken cancellationToken = default)
    {
        var hub = session.HubForWriting();
        var created = false;
        if (!plan.IsNoOp)
        {
            try
            {
                await hub.CreateBranchAsync(plan.Repo, plan.Name, plan.CommitOid, cancellationToken).ConfigureAwait(false);
                created = true;
            }
            catch (HubException ex) when (ex.StatusCode == 409)
            {
                // Made meanwhile: the same commit is what was asked for; another one is a conflict.
                var now = (await hub.GetRefsAsync(plan.Repo, cancellationToken).ConfigureAwait(false)).Branches.FirstOrDefault(b => b.Name == plan.Name);
                if (now?.TargetCommit != plan.CommitOid)
                {
                    throw new OperationException(OperationErrors.BranchAlreadyExists, ErrorKind.AlreadyExists, $"{plan.Repo} got a branch {plan.Name} at {now?.TargetCommit} meanwhile", plan.Name, ex);
                }
            }
        }
        var dates = await CommitDates.ReadAsync(hub, plan.Repo, [plan.CommitOid], cancellationToken).ConfigureAwait(false);
        return new HubBranch { RepoId = plan.Repo.Id, Name = plan.Name, CommitOid = plan.CommitOid, Date = dates.GetValueOrDefault(plan.CommitOid), Created = created };
    }

    /// <summary>Reads what deleting <paramref name="name"/> would do; throws BranchProtected for main and BranchNotFound for a branch that is not there.</summary>
    public async Task<BranchPlan> PlanDeleteAsync(RepoRef repo, string name, CancellationToken cancellationToken = default)
    {
        if (name == "main")
        {
            throw new OperationException(OperationErrors.BranchProtected, ErrorKind.PermissionDenied, $"main is {repo}'s default branch (the latest stable release) and cannot be deleted", name)
            {
                RecommendedAction = "Delete an experiment's branch, not main.",
            };
        }
        var refs = await session.HubForWriting().GetRefsAsync(repo, cancellationToken).ConfigureAwait(false);
        var branch = refs.Branches.FirstOrDefault(b => b.Name == name) ?? throw new OperationException(OperationErrors.BranchNotFound, ErrorKind.NotFound,
            $"{repo} has no branch '{RefNaming.Printable(name)}' (it has {string.Join(", ", refs.Branches.Select(b => b.Name))})", name);
        return new BranchPlan(repo, name, branch.TargetCommit, branch.TargetCommit);
    }

    /// <summary>Deletes the branch of <paramref name="plan"/>; returns it as it was.</summary>
    public async Task<HubBranch> DeleteAsync(BranchPlan plan, CancellationToken cancellationToken = default)
    {
        await session.HubForWriting().DeleteBranchAsync(plan.Repo, plan.Name, cancellationToken).ConfigureAwait(false);
        return new HubBranch { RepoId = plan.Repo.Id, Name = plan.Name, CommitOid = plan.CommitOid };
    }

    /// <summary>The question before creating a branch.</summary>
    public static OperationQuestion CreateQuestion(BranchPlan plan) =>
        new(QuestionKind.CreateBranch, $"{plan.Repo.Id}@{Short(plan.CommitOid)}", $"Create branch {plan.Name}");

    /// <summary>The question before deleting a branch (high impact: whatever only it holds is no longer reachable by name).</summary>
    public static OperationQuestion DeleteQuestion(BranchPlan plan) =>
        new(QuestionKind.DeleteBranch, $"{plan.Repo.Id}:{plan.Name} ({Short(plan.CommitOid)})", $"Delete branch {plan.Name}")
        {
            HighImpact = true,
            HowToSkip = $"Pass -Confirm:$false to delete {plan.Name} on {plan.Repo.Id} without asking.",
        };

    /// <summary>BranchNameInvalid unless <paramref name="name"/> keeps the rules tags and branches share.</summary>
    public static void CheckName(RepoRef repo, string name)
    {
        if (RefNaming.Problem(name, RefKind.Branch) is { } problem)
        {
            throw new OperationException(OperationErrors.BranchNameInvalid, ErrorKind.InvalidArgument, $"'{RefNaming.Printable(name)}' cannot be a branch of {repo}: {problem}", name)
            {
                RecommendedAction = "Name the branch like exp-fp16 or experiments/fp16.",
            };
        }
    }

    /// <summary>BranchNameInvalid when a tag of the repository already has <paramref name="name"/>.</summary>
    public static void CheckClash(RepoRef repo, string name, HubRefs refs)
    {
        if (RefNaming.ClashProblem(name, RefKind.Branch, refs.Branches.Select(b => b.Name), refs.Tags.Select(t => t.Name)) is { } clash)
        {
            throw new OperationException(OperationErrors.BranchNameInvalid, ErrorKind.InvalidArgument, $"{repo}: {clash}", name)
            {
                RecommendedAction = "Choose a branch name no tag has.",
            };
        }
    }

    private static async Task<string> ResolveAsync(HubClient hub, RepoRef repo, string revision, HubRefs refs, CancellationToken ct)
    {
        if (refs.Branches.FirstOrDefault(b => b.Name == revision) is { } branch) return branch.TargetCommit;
        if (refs.Tags.FirstOrDefault(t => t.Name == revision) is { } tag) return tag.TargetCommit;
        var info = await hub.GetRepoInfoAsync(repo, revision, ct).ConfigureAwait(false)
            ?? throw new HubException(HubErrorIds.RepoNotFound, ErrorKind.NotFound, $"The repository {repo} does not exist", repo.Id);
        return info.Sha;
    }

    private static string Short(string commit) => commit[..Math.Min(12, commit.Length)];
}
