namespace ModelRelease;

/// <summary>
/// One revision of a repository in the shared Hugging Face cache (<c>Get-HfCache</c>, <c>modelrelease cache ls</c>):
/// the snapshot folder <c>models--{org}--{name}/snapshots/{commit}/</c>, the refs that name it, and the blobs it uses.
/// </summary>
public sealed record CachedRevision
{
    public required string RepoId { get; init; }
    public required string RepoType { get; init; }

    /// <summary>The commit the snapshot holds (its folder's name).</summary>
    public required string CommitOid { get; init; }

    /// <summary>The branches and tags (refs/…) that name this commit in the cache; empty for a detached revision.</summary>
    public required IReadOnlyList<string> Refs { get; init; }

    /// <summary>The snapshot folder.</summary>
    public required string Path { get; init; }

    /// <summary>The repository's folder in the cache (<c>models--org--name</c>).</summary>
    public required string RepositoryPath { get; init; }

    public required int FileCount { get; init; }

    /// <summary>Bytes of the blobs the snapshot's files resolve to (a blob shared with another revision counts in both).</summary>
    public required long Size { get; init; }

    /// <summary>Bytes freed by removing this revision alone: its blobs no other revision of the repository uses.</summary>
    public required long ExclusiveSize { get; init; }

    public required DateTimeOffset LastModified { get; init; }

    /// <summary>The last time a file of the snapshot was read (as far as the file system records it), else <see cref="LastModified"/>.</summary>
    public required DateTimeOffset LastAccessed { get; init; }

    /// <summary>What is wrong in the snapshot: links to missing blobs, files that are neither links nor blobs.</summary>
    public IReadOnlyList<string> Problems { get; init; } = [];

    /// <summary>The first ref, or the short commit: how people name the revision.</summary>
    public string Revision => Refs.Count > 0 ? Refs[0] : CommitOid[..Math.Min(12, CommitOid.Length)];

    public override string ToString() => $"{RepoId}@{Revision} ({ByteSizeText.Format(Size)})";
}
