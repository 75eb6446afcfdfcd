namespace ModelRelease;

/// <summary>A file or folder of a Hub repository at a revision (<c>Get-HfRepoFile</c>).</summary>
public sealed record HubRepoFile
{
    public required string RepoId { get; init; }
    public required string Revision { get; init; }
    public required string Path { get; init; }

    /// <summary><c>file</c> or <c>directory</c>.</summary>
    public required string Type { get; init; }

    public long Size { get; init; }

    /// <summary>Git blob id (of the LFS pointer for LFS files).</summary>
    public string? BlobId { get; init; }

    /// <summary>LFS files: SHA-256 of the content.</summary>
    public string? LfsOid { get; init; }

    public bool IsLfs => LfsOid is not null;
}
