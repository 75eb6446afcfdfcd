using ModelRelease.Core.Hub;

namespace ModelRelease.Core.Operations.Tags;

/// <summary>
/// New-ReleaseTag and <c>modelrelease tag</c>: both places are read first (the Hub's refs, and the local repository
/// when one is asked for: it must be a folder holding a git repository), so a tag that either place refuses writes
/// nothing anywhere; then the Hub tag and the local tag are applied.
/// </summary>
public sealed class TagOperation(ModelReleaseSession session)
{
    /// <summary>Reads what tagging would do; throws when either place refuses (ReleaseTagAlreadyExists, LocalRepositoryNotFound, LocalGitFailed, …).</summary>
    public async Task<TagPlan> PlanAsync(TagOptions options, CancellationToken cancellationToken = default)
    {
        var hub = await new ReleaseTagger(session.HubForWriting()).PlanAsync(options.Repo, options.Revision, options.Name, options.Force, cancellationToken).ConfigureAwait(false);
        var local = options.LocalRepository is { } repository
            ? await ReleaseTagger.PlanLocalAsync(repository, options.Name, null, options.Force, cancellationToken).ConfigureAwait(false)
            : null;
        return new TagPlan(options, hub, local);
    }

    /// <summary>Applies the plan: the Hub tag (unless <paramref name="onHub"/> is false) and the local one (unless <paramref name="locally"/> is false).</summary>
    public async Task<ReleaseTag?> ApplyAsync(TagPlan plan, bool onHub = true, bool locally = true, CancellationToken cancellationToken = default)
    {
        if (!onHub) return null;
        var options = plan.Options;
        var tag = await new ReleaseTagger(session.HubForWriting()).ApplyAsync(plan.Hub, options.Message, cancellationToken).ConfigureAwait(false);
        if (plan.Local is { } local && locally)
        {
            await ReleaseTagger.ApplyLocalAsync(local, $"{options.Message ?? options.Name}\n\nHub: {options.Repo}@{tag.CommitOid}", cancellationToken).ConfigureAwait(false);
            tag = tag with { LocalRepository = local.Repository };
        }
        return tag;
    }

    /// <summary>The question to ask before the Hub tag is written: moving one is high-impact.</summary>
    public static OperationQuestion HubQuestion(TagPlan plan) => plan.Hub.Moves
        ? new OperationQuestion(QuestionKind.MoveTag, $"{plan.Options.Repo.Id}:{plan.Options.Name}", $"Move tag {plan.Options.Name} from {Short(plan.Hub.ExistingCommitOid!)} to {Short(plan.Hub.CommitOid)}")
        {
            HighImpact = true,
            HowToSkip = $"Pass -Confirm:$false to move {plan.Options.Name} on {plan.Options.Repo.Id} (consumers pinned to it will see other weights), or tag a new version.",
        }
        : new OperationQuestion(QuestionKind.CreateTag, $"{plan.Options.Repo.Id}@{plan.Options.Revision} ({Short(plan.Hub.CommitOid)})", $"Create tag {plan.Options.Name}");

    /// <summary>The question to ask before the local tag is written (null when there is none to write).</summary>
    public static OperationQuestion? LocalQuestion(TagPlan plan) => plan.Local is not { IsNoOp: false } local ? null : local.Moves
        ? new OperationQuestion(QuestionKind.MoveLocalTag, $"{local.Repository}:{local.Name}", $"Move git tag {local.Name} from {Short(local.ExistingCommit!)} to {Short(local.TargetCommit)}")
        {
            HighImpact = true,
            HowToSkip = $"Pass -Confirm:$false to move the git tag {local.Name} in {local.Repository}.",
        }
        : new OperationQuestion(QuestionKind.CreateLocalTag, local.Repository, $"Create git tag {local.Name} at {Short(local.TargetCommit)}");

    public static string Short(string commit) => commit[..Math.Min(12, commit.Length)];
}
