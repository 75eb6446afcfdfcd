using ModelRelease.Core.Hub;
using ModelRelease.Core.Releases;
using ModelRelease.Core.Releases.Versions;

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

    /// <summary>
    /// Get-ReleaseTag and <c>modelrelease tags</c>: the repository's tags read by <see cref="TagVersionReader"/> (the
    /// formats in priority order, your templates, then the whole name), each with the commit it names and that
    /// commit's date; tags that name a version come first, newest version first (for equal versions: v, model-v,
    /// export-v, other), then the tags that name none, each saying why. With a family (<c>model-v</c>, <c>Model</c>,
    /// or a template <c>vllm-v{version}</c>) only that family's tags are listed.
    /// </summary>
    public async Task<IReadOnlyList<ReleaseTag>> ListAsync(TagListOptions options, CancellationToken cancellationToken = default)
    {
        var (reader, family) = Family(options.Family, options.Templates);
        var refs = await session.Hub.GetRefsAsync(options.Repo, cancellationToken).ConfigureAwait(false);
        var read = refs.Tags.Select(t => (Ref: t, Version: reader.Read(t.Name)))
            .Where(x => family is null || (x.Version.NamesVersion && x.Version.Family == family))
            .OrderBy(x => x.Version.NamesVersion ? 0 : 1)
            .ThenByDescending(x => x.Version.Version, VersionOrder.Instance)
            .ThenBy(x => x.Version.NamesVersion ? TagVersionReader.Rank(x.Version.Family!) : 99)
            .ThenBy(x => x.Ref.Name, StringComparer.Ordinal)
            .ToList();
        var dates = options.WithDates
            ? await CommitDates.ReadAsync(session.Hub, options.Repo, read.Select(x => x.Ref.TargetCommit), cancellationToken).ConfigureAwait(false)
            : new Dictionary<string, DateTimeOffset>();
        return read.Select(x => new ReleaseTag
        {
            RepoId = options.Repo.Id,
            Name = x.Ref.Name,
            Version = x.Version.Version?.ToString(),
            Family = x.Version.Family,
            Format = x.Version.Format,
            Reason = x.Version.Reason,
            Note = x.Version.Note,
            CommitOid = x.Ref.TargetCommit,
            Message = x.Ref.Message,
            Date = dates.TryGetValue(x.Ref.TargetCommit, out var date) ? date : null,
        }).ToList();
    }

    /// <summary>The latest release of a family (the newest version its tags name), or null when it has none.</summary>
    public async Task<ReleaseTag?> LatestAsync(RepoRef repo, string family, IReadOnlyList<string>? templates = null, CancellationToken cancellationToken = default) =>
        (await ListAsync(new TagListOptions { Repo = repo, Family = family, Templates = templates ?? [], WithDates = false }, cancellationToken).ConfigureAwait(false)).FirstOrDefault();

    /// <summary>
    /// The reader and the family to keep: a built-in family (v, model-v, export-v, weights-v) or its name (Model), a
    /// template (vllm-v{version}, added to the reader), or a component prefix (hub-v, churn@v); TAG_FORMAT_UNKNOWN otherwise.
    /// </summary>
    public static (TagVersionReader Reader, string? Family) Family(string? family, IReadOnlyList<string> templates)
    {
        if (string.IsNullOrWhiteSpace(family)) return (new TagVersionReader(templates), null);
        var f = family.Trim();
        if (f.Contains('{', StringComparison.Ordinal))
        {
            var template = TagTemplate.Parse(f);
            return (new TagVersionReader([.. templates, f]), template.Family);
        }
        if (f.Length > 2 && (f.EndsWith("-v", StringComparison.Ordinal) || f.EndsWith("@v", StringComparison.Ordinal)) && !TagTemplates.BuiltIn.Any(t => t.Family == f))
        {
            return (new TagVersionReader(templates), f); // a component family: hub-v2.15.0, churn@v3.1.1
        }
        return (new TagVersionReader(templates), TagTemplates.Resolve(f).Family);
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
