using System.Diagnostics;
using ModelRelease.Core.Releases;

namespace ModelRelease.Core.Hub;

/// <summary>
/// Release tags on the Hub: creating one (the same tag on the same commit is a no-op; an existing tag on
/// another commit is an error unless forced to move), listing them newest version first, and tagging the
/// local git repository to match.
/// </summary>
public sealed class ReleaseTagger(HubClient client)
{
    /// <summary>Plans and applies the tag in one go (see <see cref="PlanAsync"/> and <see cref="ApplyAsync"/>).</summary>
    public async Task<ReleaseTag> CreateAsync(RepoRef repo, string revision, string name, string? message, bool force, CancellationToken ct = default) =>
        await ApplyAsync(await PlanAsync(repo, revision, name, force, ct).ConfigureAwait(false), message, ct).ConfigureAwait(false);

    /// <summary>
    /// Reads what tagging would do, writing nothing: the commit <paramref name="revision"/> names and where the tag
    /// points now. A tag on another commit is refused (ReleaseTagAlreadyExists) unless <paramref name="force"/>;
    /// then the plan <see cref="ReleaseTagPlan.Moves"/> it, which a face confirms first.
    /// </summary>
    public async Task<ReleaseTagPlan> PlanAsync(RepoRef repo, string revision, string name, bool force, CancellationToken ct = default)
    {
        TagNaming.ValidName(name);
        var refs = await client.GetRefsAsync(repo, ct).ConfigureAwait(false);
        if (refs.Branches.Any(b => b.Name == name))
        {
            throw new HubException(HubErrorIds.ReleaseTagNameInvalid, ErrorKind.InvalidArgument,
                $"{repo} has a branch named {name}: a tag of that name would make the revision '{name}' ambiguous", name)
            {
                RecommendedAction = "Choose another tag name (v1.2.0, model-v1.2.0, …).",
            };
        }
        var commit = await ResolveCommitAsync(repo, revision, refs, ct).ConfigureAwait(false);
        var existing = refs.Tags.FirstOrDefault(t => t.Name == name);
        var plan = new ReleaseTagPlan(repo, name, commit, existing?.TargetCommit, existing?.Message);
        if (plan.Moves && !force)
        {
            throw new HubException(HubErrorIds.ReleaseTagAlreadyExists, ErrorKind.AlreadyExists,
                $"Tag {name} already exists on {repo} at {existing!.TargetCommit}, not {commit}", name, 409)
            {
                RecommendedAction = "Use a new version, or -Force to move the tag (consumers pinned to it will see other weights).",
                CliRecommendedAction = "Use a new version, or --force to move the tag (consumers pinned to it will see other weights).",
            };
        }
        return plan;
    }

    /// <summary>Carries out a plan: nothing when the tag is already there, else (deleting a tag being moved) creates it.</summary>
    public async Task<ReleaseTag> ApplyAsync(ReleaseTagPlan plan, string? message, CancellationToken ct = default)
    {
        var (repo, name, commit) = (plan.Repo, plan.Name, plan.CommitOid);
        var parsed = TagNaming.Parse(name);
        if (plan.IsNoOp) return Tag(repo, name, parsed, commit, plan.ExistingMessage, created: false, moved: false);
        if (plan.Moves) await client.DeleteTagAsync(repo, name, ct).ConfigureAwait(false);
        try
        {
            await client.CreateTagAsync(repo, commit, name, message, ct).ConfigureAwait(false);
        }
        catch (HubException ex) when (ex.StatusCode == 409)
        {
            // Someone tagged in between: a no-op if it is the same commit, a conflict otherwise.
            var again = (await client.GetRefsAsync(repo, ct).ConfigureAwait(false)).Tags.FirstOrDefault(t => t.Name == name);
            if (again?.TargetCommit == commit) return Tag(repo, name, parsed, commit, again.Message, created: false, moved: false);
            throw new HubException(HubErrorIds.ReleaseTagAlreadyExists, ErrorKind.AlreadyExists, $"Tag {name} was created on {repo} at {again?.TargetCommit} meanwhile", name, 409, innerException: ex);
        }
        return Tag(repo, name, parsed, commit, message, created: true, plan.Moves);
    }

    /// <summary>Tags on the repository that name a version, newest version first (then by family priority and name); tags naming no version last.</summary>
    public async Task<IReadOnlyList<ReleaseTag>> ListAsync(RepoRef repo, CancellationToken ct = default)
    {
        var refs = await client.GetRefsAsync(repo, ct).ConfigureAwait(false);
        return refs.Tags
            .Select(t => (Tag: t, Parsed: TagNaming.Parse(t.Name)))
            .OrderBy(x => x.Parsed is null ? 1 : 0)
            .ThenByDescending(x => x.Parsed?.Version, Comparer<SemanticVersion?>.Create((a, b) => a is null ? (b is null ? 0 : -1) : a.CompareTo(b)))
            .ThenBy(x => x.Parsed is null ? 99 : TagNaming.FamilyRank(x.Parsed.Value.Family))
            .ThenBy(x => x.Tag.Name, StringComparer.Ordinal)
            .Select(x => Tag(repo, x.Tag.Name, x.Parsed, x.Tag.TargetCommit, x.Tag.Message, created: false, moved: false))
            .ToList();
    }

    private async Task<string> ResolveCommitAsync(RepoRef repo, string revision, HubRefs refs, CancellationToken ct)
    {
        if (refs.Branches.FirstOrDefault(b => b.Name == revision) is { } branch) return branch.TargetCommit;
        if (refs.Tags.FirstOrDefault(t => t.Name == revision) is { } tag) return tag.TargetCommit;
        var info = await client.GetRepoInfoAsync(repo, revision, ct).ConfigureAwait(false)
            ?? throw new HubException(HubErrorIds.RepoNotFound, ErrorKind.NotFound, $"The repository {repo} does not exist", repo.Id);
        return info.Sha;
    }

    private static ReleaseTag Tag(RepoRef repo, string name, (SemanticVersion Version, string Family)? parsed, string commit, string? message, bool created, bool moved) => new()
    {
        RepoId = repo.Id,
        Name = name,
        Version = parsed?.Version.ToString(),
        Family = parsed?.Family,
        CommitOid = commit,
        Message = message,
        Created = created,
        Moved = moved,
    };

    /// <summary>
    /// Creates the annotated tag <paramref name="name"/> in a local git repository (at HEAD, or <paramref name="localRevision"/>),
    /// recording the Hub commit in its message, with the git command. Same tag on the same commit: nothing to do.
    /// </summary>
    public static async Task TagLocalRepositoryAsync(string repository, string name, string? localRevision, string message, bool force, CancellationToken ct = default) =>
        await ApplyLocalAsync(await PlanLocalAsync(repository, name, localRevision, force, ct).ConfigureAwait(false), message, ct).ConfigureAwait(false);

    /// <summary>What tagging the local git repository would do, read with git and writing nothing; a tag on another commit is refused unless <paramref name="force"/>.</summary>
    public static async Task<LocalTagPlan> PlanLocalAsync(string repository, string name, string? localRevision, bool force, CancellationToken ct = default)
    {
        TagNaming.ValidName(name);
        if (!Directory.Exists(repository)) throw new HubException(HubErrorIds.LocalRepositoryNotFound, ErrorKind.NotFound, $"'{repository}' is not a folder", repository);
        var target = (await GitAsync(repository, ct, "rev-parse", "--verify", (localRevision ?? "HEAD") + "^{commit}").ConfigureAwait(false)).Trim();
        var (exists, existing) = await TryGitAsync(repository, ct, "rev-parse", "--verify", "refs/tags/" + name + "^{commit}").ConfigureAwait(false);
        var plan = new LocalTagPlan(repository, name, target, exists ? existing.Trim() : null);
        if (plan.Moves && !force)
        {
            throw new HubException(HubErrorIds.ReleaseTagAlreadyExists, ErrorKind.AlreadyExists, $"The local repository already has tag {name} on another commit", name)
            {
                RecommendedAction = "Use -Force to move it.",
                CliRecommendedAction = "Use --force to move it.",
            };
        }
        return plan;
    }

    /// <summary>Carries out a local plan: nothing when the tag is already there, else <c>git tag -a</c> (with <c>-f</c> when it moves).</summary>
    public static async Task ApplyLocalAsync(LocalTagPlan plan, string message, CancellationToken ct = default)
    {
        if (plan.IsNoOp) return;
        var args = new List<string> { "tag", "-a", plan.Name, "-m", message };
        if (plan.Moves) args.Add("-f");
        args.Add(plan.TargetCommit);
        await GitAsync(plan.Repository, ct, [.. args]).ConfigureAwait(false);
    }

    private static async Task<string> GitAsync(string repository, CancellationToken ct, params string[] args)
    {
        var (ok, output) = await TryGitAsync(repository, ct, args).ConfigureAwait(false);
        return ok ? output : throw new HubException(HubErrorIds.LocalGitFailed, ErrorKind.InvalidOperation, $"git {string.Join(' ', args.Take(3))} failed in '{repository}': {output.Trim()}", repository);
    }

    private static async Task<(bool Ok, string Output)> TryGitAsync(string repository, CancellationToken ct, params string[] args)
    {
        var psi = new ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = repository };
        psi.ArgumentList.Add("-C");
        psi.ArgumentList.Add(repository);
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["GIT_TERMINAL_PROMPT"] = "0";
        using var process = Process.Start(psi) ?? throw new HubException(HubErrorIds.LocalGitFailed, ErrorKind.NotSupported, "The git command could not be started", repository);
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct).ConfigureAwait(false);
        return (process.ExitCode == 0, process.ExitCode == 0 ? await stdout.ConfigureAwait(false) : await stderr.ConfigureAwait(false));
    }
}
