namespace ModelRelease.Core.Hub;

/// <summary>A repository's state at a revision, as repo info reports it.</summary>
public sealed record RepoInfo(string Sha, bool Private, IReadOnlyList<HubRepoFile> Siblings);

/// <summary>The Hub's preupload answer for one path.</summary>
public sealed record PreuploadAnswer(string Path, bool IsLfs, bool ShouldIgnore, string? RemoteOid);

/// <summary>
/// What the LFS batch endpoint says to do with one object: nothing (<see cref="AlreadyPresent"/>), a basic PUT to
/// <see cref="Href"/>, or a multipart upload (<see cref="ChunkSize"/>, one URL per part, <see cref="Href"/> completes it).
/// </summary>
public sealed record LfsAction(string Oid, long Size, bool AlreadyPresent, string? Href, IReadOnlyDictionary<string, string> Header, long? ChunkSize, IReadOnlyList<string> PartUrls)
{
    /// <summary>When the upload URLs stop working (the answer's <c>expires_at</c>, or <c>expires_in</c> from when it was asked); null when not said.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }
}

/// <summary>A line of a commit.</summary>
public abstract record CommitLine(string Path);
public sealed record CommitRegularFile(string Path, byte[] Content) : CommitLine(Path);

/// <summary>
/// A regular file whose content is read from <paramref name="LocalPath"/> while the commit is sent (never held whole in
/// memory); it must still have <paramref name="Size"/> bytes and, when given, the git blob id <paramref name="GitBlobId"/>,
/// or the commit is abandoned before its end and nothing is committed.
/// </summary>
public sealed record CommitLocalFile(string Path, string LocalPath, long Size, string? GitBlobId) : CommitLine(Path);
public sealed record CommitLfsFile(string Path, string Oid, long Size) : CommitLine(Path);
public sealed record CommitDeletedFile(string Path) : CommitLine(Path);

public sealed record CommitAnswer(string CommitOid, string? CommitUrl, string? PullRequestUrl);

public sealed record HubCommitInfo(string Id, string Title, DateTimeOffset? Date);

public sealed record HubRef(string Name, string TargetCommit, string? Message);

public sealed record HubRefs(IReadOnlyList<HubRef> Branches, IReadOnlyList<HubRef> Tags);
