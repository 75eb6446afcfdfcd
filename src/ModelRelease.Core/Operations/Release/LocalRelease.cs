using ModelRelease.Core.Hub;
using ModelRelease.Core.Releases.Changelog;

namespace ModelRelease.Core.Operations.Release;

/// <summary>What a release does in the local git repository, checked before anything is written anywhere.</summary>
public sealed record LocalReleasePlan(string Repository, LocalTagPlan Tag, string ChangelogPath, bool ChangelogHasEntry, string? Branch, string? Remote)
{
    /// <summary>True when the tag is pushed (-Push).</summary>
    public bool Push => Remote is not null;
}

/// <summary>
/// The local side of a release (-LocalRepository): the repository must be a clean git repository with a commit and an
/// identity for the changelog commit; the tag must be free (or already at HEAD, or -Force moves it); with -Push the
/// branch must have a remote. After the Hub release, CHANGELOG.md gets the release's entry (committed as "Changelog for
/// vX"), the annotated tag goes on that commit recording the Hub commits, and -Push pushes the branch and the tag.
/// </summary>
internal static class LocalRelease
{
    public static async Task<LocalReleasePlan?> CheckAsync(string folder, string tagName, string version, bool force, bool push, List<Finding> findings, CancellationToken ct)
    {
        if (await LocalRepositoryCheck.ProblemAsync(folder, ct).ConfigureAwait(false) is { } problem)
        {
            findings.Add(new Finding(FindingSeverity.Error, problem.Code, $"the local repository {folder}: {problem.Message}") { Path = folder });
            return null;
        }
        LocalTagPlan tag;
        try
        {
            tag = await ReleaseTagger.PlanLocalAsync(folder, tagName, null, force: true, ct).ConfigureAwait(false);
        }
        catch (HubException ex)
        {
            findings.Add(new Finding(FindingSeverity.Error, ReleaseCodes.LocalRepositoryNotFound, ex.Message) { Path = folder });
            return null;
        }
        if (tag.Moves && !force)
        {
            findings.Add(new Finding(FindingSeverity.Error, ReleaseCodes.LocalTagExists, $"the local repository {folder} has tag {tagName} on {Short(tag.ExistingCommit!)}, not HEAD ({Short(tag.TargetCommit)}): release a new version, or force the release to move it") { Path = folder });
            return null;
        }
        var changelog = Path.Combine(folder, ChangelogFile.FileName);
        var hasEntry = File.Exists(changelog) && ChangelogFile.HasEntry(await File.ReadAllTextAsync(changelog, ct).ConfigureAwait(false), version);
        if (!hasEntry && !(await Git.RunAsync(folder, ct, "var", "GIT_COMMITTER_IDENT").ConfigureAwait(false)).Ok)
        {
            findings.Add(new Finding(FindingSeverity.Error, ReleaseCodes.LocalIdentityMissing,
                $"git in {folder} has no user.name and user.email, and the release commits its entry in {ChangelogFile.FileName}: set them (git config user.name …; git config user.email …)") { Path = folder });
            return null;
        }
        var (onBranch, branchOutput) = await Git.RunAsync(folder, ct, "symbolic-ref", "--short", "-q", "HEAD").ConfigureAwait(false);
        var branch = onBranch ? branchOutput.Trim() : null;
        string? remote = null;
        if (push)
        {
            var configured = branch is null ? null : (await Git.RunAsync(folder, ct, "config", $"branch.{branch}.remote").ConfigureAwait(false)) is { Ok: true } r ? r.Output.Trim() : null;
            remote = configured ?? "origin";
            if (!(await Git.RunAsync(folder, ct, "remote", "get-url", remote).ConfigureAwait(false)).Ok)
            {
                findings.Add(new Finding(FindingSeverity.Error, ReleaseCodes.PushRemoteMissing, $"-Push: the local repository {folder} has no remote '{remote}' to push {tagName} to") { Path = folder });
                return null;
            }
        }
        return new LocalReleasePlan(folder, tag, changelog, hasEntry, branch, remote);
    }

    /// <summary>The questions before the local writes: the changelog commit, the tag (moving it is high-impact), the push.</summary>
    public static IEnumerable<OperationQuestion> Questions(LocalReleasePlan plan, string tagName)
    {
        if (!plan.ChangelogHasEntry) yield return new OperationQuestion(QuestionKind.WriteChangelog, plan.ChangelogPath, $"Add the {tagName} entry and commit it");
        var local = plan.Tag;
        if (local.Moves)
        {
            yield return new OperationQuestion(QuestionKind.MoveLocalTag, $"{local.Repository}:{tagName}", $"Move git tag {tagName} from {Short(local.ExistingCommit!)} to the release's commit")
            {
                HighImpact = true,
                HowToSkip = $"Pass -Confirm:$false to move the git tag {tagName} in {local.Repository}.",
            };
        }
        else if (!local.IsNoOp || !plan.ChangelogHasEntry)
        {
            yield return new OperationQuestion(QuestionKind.CreateLocalTag, local.Repository, $"Create git tag {tagName} at the release's commit");
        }
        if (plan.Push) yield return new OperationQuestion(QuestionKind.PushLocalTag, $"{local.Repository} → {plan.Remote}", $"Push {(plan.Branch is null ? "" : plan.Branch + " and ")}{tagName}");
    }

    /// <summary>The changelog entry (committed), the annotated tag on that commit, and the push; returns the tagged commit.</summary>
    public static async Task<string> ApplyAsync(LocalReleasePlan plan, string tagName, string version, IReadOnlyList<string> entry, string tagMessage, CancellationToken ct)
    {
        var target = plan.Tag.TargetCommit;
        if (!plan.ChangelogHasEntry)
        {
            var current = File.Exists(plan.ChangelogPath) ? await File.ReadAllTextAsync(plan.ChangelogPath, ct).ConfigureAwait(false) : null;
            var text = ChangelogFile.AddEntry(current, version, DateOnly.FromDateTime(DateTime.UtcNow), entry);
            await Releases.Registry.AtomicFile.WriteAllTextAsync(plan.ChangelogPath, text, ct, ex =>
                new HubException(HubErrorIds.LocalGitFailed, ErrorKind.PermissionDenied, $"cannot write {plan.ChangelogPath} (it is unchanged): {ex.Message}", plan.ChangelogPath, innerException: ex)).ConfigureAwait(false);
            await Git.RequireAsync(plan.Repository, ct, "add", "--", ChangelogFile.FileName).ConfigureAwait(false);
            await Git.RequireAsync(plan.Repository, ct, "-c", "commit.gpgsign=false", "commit", "-q", "-m", $"Changelog for {tagName}", "--", ChangelogFile.FileName).ConfigureAwait(false);
            target = (await Git.RequireAsync(plan.Repository, ct, "rev-parse", "HEAD").ConfigureAwait(false)).Trim();
        }
        var tag = plan.Tag with { TargetCommit = target };
        await ReleaseTagger.ApplyLocalAsync(tag, tagMessage, ct).ConfigureAwait(false);
        if (plan.Remote is { } remote)
        {
            var refs = plan.Branch is null ? new[] { $"refs/tags/{tagName}" } : [$"refs/heads/{plan.Branch}", $"refs/tags/{tagName}"];
            await Git.RequireAsync(plan.Repository, ct, ["push", "-q", ..(tag.Moves ? new[] { "--force" } : []), remote, .. refs]).ConfigureAwait(false);
        }
        return target;
    }

    private static string Short(string commit) => commit[..Math.Min(12, commit.Length)];
}
