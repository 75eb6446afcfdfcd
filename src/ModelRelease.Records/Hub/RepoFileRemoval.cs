namespace ModelRelease;

/// <summary>
/// The one commit <c>Remove-HfRepoFile</c> made: the paths it deleted. Carries <see cref="RepoId"/> and
/// <see cref="CommitOid"/> so New-ReleaseTag binds to it by property name.
/// </summary>
public sealed record RepoFileRemoval
{
    public required string RepoId { get; init; }
    public required string RepoType { get; init; }
    public required string Revision { get; init; }

    /// <summary>The commit that deleted the files (the head of the pull request with -CreatePullRequest).</summary>
    public required string CommitOid { get; init; }

    public string? CommitUrl { get; init; }

    public string? PullRequestUrl { get; init; }

    public int? PullRequestNumber { get; init; }

    /// <summary>The paths deleted, in the repository's order.</summary>
    public required IReadOnlyList<string> Removed { get; init; }

    public override string ToString() => $"{RepoId}@{Revision} {CommitOid[..Math.Min(12, CommitOid.Length)]}: {Removed.Count} file(s) removed";
}
