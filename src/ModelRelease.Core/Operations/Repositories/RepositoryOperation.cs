using ModelRelease.Core.Hub;
using ModelRelease.Core.Hub.Publishing;

namespace ModelRelease.Core.Operations.Repositories;

/// <summary>
/// New-HfRepository, Remove-HfRepository, Set-HfRepository, Remove-HfRepoFile and Remove-ReleaseTag, and the CLI's
/// <c>repo create|delete|settings</c>, <c>files rm</c> and <c>tag rm</c>: each reads what is there first, asks
/// the face about the write (a what-if asks and writes nothing), then makes exactly one change on the Hub.
/// </summary>
public sealed class RepositoryOperation(ModelReleaseSession session)
{
    /// <summary>Creates the repository (or, with ExistOk, returns the one that is there). Null when declined or under what-if.</summary>
    public async Task<HubRepository?> CreateAsync(CreateRepositoryOptions options, OperationDecider decide, bool whatIf = false, CancellationToken cancellationToken = default)
    {
        var hub = session.HubForWriting();
        var repo = options.Repo;
        var existing = await hub.GetRepoInfoAsync(repo, "main", cancellationToken).ConfigureAwait(false);
        if (existing is not null)
        {
            if (!options.ExistOk) throw Exists(repo);
            return new HubRepository { RepoId = repo.Id, RepoType = repo.Type, Url = hub.RepositoryUrl(repo), Private = existing.Private, Created = false };
        }
        var question = options.Private
            ? new OperationQuestion(QuestionKind.CreateRepository, repo.ToString(), "Create private repository")
            : new OperationQuestion(QuestionKind.CreateRepository, repo.ToString(), "Create public repository")
            {
                HighImpact = true,
                HowToSkip = $"Pass -Confirm:$false to create the public repository {repo.Id}, or -Private to create it private.",
            };
        if (!await decide(question, cancellationToken).ConfigureAwait(false) || whatIf) return null;
        var (created, url) = await hub.CreateRepositoryAsync(repo, options.Private, cancellationToken).ConfigureAwait(false);
        if (!created && !options.ExistOk) throw Exists(repo); // made meanwhile by someone else
        return new HubRepository { RepoId = repo.Id, RepoType = repo.Type, Url = url ?? hub.RepositoryUrl(repo), Private = options.Private, Created = created };
    }

    private static HubException Exists(RepoRef repo) => new(HubErrorIds.Conflict, ErrorKind.AlreadyExists, $"The repository {repo} already exists", repo.Id)
    {
        RecommendedAction = "Use it as it is with -ExistOk, or choose another name.",
        CliRecommendedAction = "Use it as it is with --exist-ok, or choose another name.",
    };

    /// <summary>Deletes the repository and everything in it. False when it was not there (and <paramref name="missingOk"/>) or the deletion was declined.</summary>
    public async Task<bool> DeleteAsync(RepoRef repo, bool missingOk, OperationDecider decide, bool whatIf = false, CancellationToken cancellationToken = default)
    {
        var hub = session.HubForWriting();
        if (await hub.GetRepoInfoAsync(repo, "main", cancellationToken).ConfigureAwait(false) is null && !await ExistsAsync(hub, repo, cancellationToken).ConfigureAwait(false))
        {
            if (missingOk) return false;
            throw new HubException(HubErrorIds.RepoNotFound, ErrorKind.NotFound, $"The repository {repo} does not exist (or this token cannot see it)", repo.Id);
        }
        var question = new OperationQuestion(QuestionKind.DeleteRepository, repo.ToString(), "Delete the repository with all its files, branches and tags") { HighImpact = true, HowToSkip = "Pass -Confirm:$false." };
        if (!await decide(question, cancellationToken).ConfigureAwait(false) || whatIf) return false;
        if (!await hub.DeleteRepositoryAsync(repo, cancellationToken).ConfigureAwait(false) && !missingOk)
        {
            throw new HubException(HubErrorIds.RepoNotFound, ErrorKind.NotFound, $"The repository {repo} was deleted meanwhile", repo.Id);
        }
        return true;
    }

    /// <summary>A repository without a main branch still exists: its refs answer.</summary>
    private static async Task<bool> ExistsAsync(HubClient hub, RepoRef repo, CancellationToken ct)
    {
        try
        {
            await hub.GetRefsAsync(repo, ct).ConfigureAwait(false);
            return true;
        }
        catch (HubException ex) when (ex.ErrorId is HubErrorIds.RepoNotFound or HubErrorIds.NotFound or HubErrorIds.Unauthorized)
        {
            return false;
        }
    }

    /// <summary>Makes the repository private or public; null when declined or under what-if. Making a private repository public is high-impact.</summary>
    public async Task<HubRepository?> SetVisibilityAsync(RepoRef repo, bool isPrivate, OperationDecider decide, bool whatIf = false, CancellationToken cancellationToken = default)
    {
        var hub = session.HubForWriting();
        var info = await hub.GetRepoInfoAsync(repo, "main", cancellationToken).ConfigureAwait(false)
            ?? throw new HubException(HubErrorIds.RepoNotFound, ErrorKind.NotFound, $"The repository {repo} does not exist (or this token cannot see it)", repo.Id);
        var result = new HubRepository { RepoId = repo.Id, RepoType = repo.Type, Url = hub.RepositoryUrl(repo), Private = isPrivate, Created = false };
        if (info.Private == isPrivate) return result;
        var question = isPrivate
            ? new OperationQuestion(QuestionKind.ChangeVisibility, repo.ToString(), "Make the repository private")
            : new OperationQuestion(QuestionKind.ChangeVisibility, repo.ToString(), "Make the repository public") { HighImpact = true, HowToSkip = "Pass -Confirm:$false to make it public." };
        if (!await decide(question, cancellationToken).ConfigureAwait(false) || whatIf) return null;
        await hub.SetVisibilityAsync(repo, isPrivate, cancellationToken).ConfigureAwait(false);
        return result;
    }

    /// <summary>
    /// Deletes the files the patterns name from a branch in one commit (guarded by the head it read). Every pattern
    /// must match a file, or nothing is deleted. Null when declined or under what-if.
    /// </summary>
    public async Task<RepoFileRemoval?> RemoveFilesAsync(RemoveFilesOptions options, OperationDecider decide, bool whatIf = false, CancellationToken cancellationToken = default)
    {
        var hub = session.HubForWriting();
        var repo = options.Repo;
        if (options.Patterns.Count == 0) throw new HubException(HubErrorIds.EntryNotFound, ErrorKind.InvalidArgument, "Name at least one path or glob to delete", repo.Id);
        var info = await hub.GetRepoInfoAsync(repo, options.Revision, cancellationToken).ConfigureAwait(false)
            ?? throw new HubException(HubErrorIds.RepoNotFound, ErrorKind.NotFound, $"The repository {repo} does not exist (or this token cannot see it)", repo.Id);
        var files = new List<string>();
        await foreach (var f in hub.ListTreeAsync(repo, info.Sha, null, recursive: true, cancellationToken).ConfigureAwait(false))
        {
            if (f.Type == "file") files.Add(f.Path);
        }
        var chosen = new List<string>();
        foreach (var pattern in options.Patterns)
        {
            var matches = Match(files, pattern);
            if (matches.Count == 0)
            {
                throw new HubException(HubErrorIds.EntryNotFound, ErrorKind.NotFound, $"'{RepoPath.Printable(pattern)}' matches no file of {repo}@{options.Revision}; nothing was deleted", pattern);
            }
            chosen.AddRange(matches.Where(m => !chosen.Contains(m)));
        }
        chosen = chosen.Order(StringComparer.Ordinal).ToList();
        var at = $"{repo}@{options.Revision}";
        var accepted = new List<string>();
        foreach (var path in chosen)
        {
            if (await decide(new OperationQuestion(QuestionKind.DeleteFiles, $"{at}: {path}", "Delete file"), cancellationToken).ConfigureAwait(false)) accepted.Add(path);
        }
        var message = options.CommitMessage ?? (accepted.Count == 1 ? $"Delete {accepted[0]}" : $"Delete {accepted.Count} files");
        if ((accepted.Count == 0 && !whatIf) || !await decide(new OperationQuestion(QuestionKind.Commit, at, $"Commit the deletion of {(whatIf ? chosen : accepted).Count} file(s): '{message}'"), cancellationToken).ConfigureAwait(false) || whatIf) return null;
        var answer = await hub.CommitAsync(repo, options.Revision, message, options.CommitDescription, info.Sha, accepted.Select(p => (CommitLine)new CommitDeletedFile(p)).ToList(), options.CreatePullRequest, cancellationToken).ConfigureAwait(false);
        var number = PullRequests.Number(answer.PullRequestUrl);
        return new RepoFileRemoval
        {
            RepoId = repo.Id,
            RepoType = repo.Type,
            Revision = number is { } n ? PullRequests.Ref(n) : options.Revision,
            CommitOid = answer.CommitOid,
            CommitUrl = answer.CommitUrl,
            PullRequestUrl = answer.PullRequestUrl,
            PullRequestNumber = number,
            Removed = accepted,
        };
    }

    /// <summary>The files a pattern names: the path itself, everything under a folder, or what a glob matches.</summary>
    public static IReadOnlyList<string> Match(IReadOnlyList<string> files, string pattern)
    {
        var p = pattern.Replace('\\', '/').Trim('/');
        if (p.Length == 0) return [];
        if (p.IndexOfAny(['*', '?']) < 0) return files.Where(f => f == p || f.StartsWith(p + "/", StringComparison.Ordinal)).ToList();
        var glob = PublishInputs.Glob(p);
        return files.Where(f => glob.IsMatch(f)).ToList();
    }

    /// <summary>Deletes a tag (<c>DELETE api/{type}s/{repo}/tag/{tag}</c>). False when declined or under what-if; HubRevisionNotFound when there is no such tag.</summary>
    public async Task<ReleaseTag?> DeleteTagAsync(RepoRef repo, string tag, OperationDecider decide, bool whatIf = false, CancellationToken cancellationToken = default)
    {
        var hub = session.HubForWriting();
        var refs = await hub.GetRefsAsync(repo, cancellationToken).ConfigureAwait(false);
        var existing = refs.Tags.FirstOrDefault(t => t.Name == tag)
            ?? throw new HubException(HubErrorIds.RevisionNotFound, ErrorKind.NotFound, $"{repo} has no tag '{PrintableText.Escape(tag)}'", tag);
        if (!await decide(new OperationQuestion(QuestionKind.DeleteTag, $"{repo}: {tag} ({existing.TargetCommit[..Math.Min(12, existing.TargetCommit.Length)]})", "Delete tag"), cancellationToken).ConfigureAwait(false) || whatIf) return null;
        await hub.DeleteTagAsync(repo, tag, cancellationToken).ConfigureAwait(false);
        return new ReleaseTag { RepoId = repo.Id, Name = tag, CommitOid = existing.TargetCommit, Message = existing.Message };
    }
}
