namespace ModelRelease;

/// <summary>
/// The outcome of <c>Publish-HfModel</c>: the commit (one atomic commit, or none when nothing changed), its
/// files, and the bytes moved. Carries <see cref="RepoId"/> and <see cref="CommitOid"/> so New-ReleaseTag
/// binds to it by property name.
/// </summary>
public sealed record PublishResult
{
    public required string RepoId { get; init; }
    public required string RepoType { get; init; }
    public required string Revision { get; init; }

    /// <summary>The new commit, or the revision's unchanged head when there was nothing to commit.</summary>
    public required string CommitOid { get; init; }

    public string? CommitUrl { get; init; }
    public string? PullRequestUrl { get; init; }

    /// <summary>The pull request's number (its discussion number; its ref is refs/pr/N), when the publish opened one.</summary>
    public int? PullRequestNumber { get; init; }

    /// <summary>Paths the commit deleted (delete patterns).</summary>
    public IReadOnlyList<string> Deleted { get; init; } = [];

    /// <summary>False when every file was already there with the same content (no commit was made).</summary>
    public required bool Committed { get; init; }

    public required bool RepoCreated { get; init; }

    /// <summary>True when the publish created <see cref="Revision"/> as a new branch (-CreateBranch, --create-branch).</summary>
    public bool BranchCreated { get; init; }

    public required IReadOnlyList<PublishFile> Files { get; init; }

    /// <summary>Bytes sent to the Hub's storage by this publish.</summary>
    public required long BytesUploaded { get; init; }

    /// <summary>Bytes not sent because the Hub already had them.</summary>
    public required long BytesSkipped { get; init; }

    public required TimeSpan Elapsed { get; init; }

    public override string ToString() => $"{RepoId}@{Revision} {CommitOid[..Math.Min(12, CommitOid.Length)]} ({Files.Count} files, {ByteSizeText.Format(BytesUploaded)} uploaded)";
}
