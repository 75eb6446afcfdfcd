namespace ModelRelease;

/// <summary>
/// A download (<c>modelrelease download</c>): the commit the revision named, the folder the files are in — the
/// snapshot folder of the shared Hugging Face cache, or the plain folder given with --local-dir — and each file.
/// </summary>
public sealed record HubDownload
{
    public required string RepoId { get; init; }
    public required string RepoType { get; init; }
    public required string Revision { get; init; }
    public required string CommitOid { get; init; }

    /// <summary>The snapshot folder (<c>…/models--org--name/snapshots/{commit}</c>) or the local folder.</summary>
    public required string Folder { get; init; }

    /// <summary>True when the files went into the shared cache (no local folder was given).</summary>
    public required bool InCache { get; init; }

    /// <summary>True when nothing was asked of the Hub: offline mode (HF_HUB_OFFLINE), or the Hub was unreachable and the cache had the revision.</summary>
    public required bool FromCacheOnly { get; init; }

    public required IReadOnlyList<SavedFile> Files { get; init; }

    public long BytesDownloaded => Files.Sum(f => f.BytesDownloaded);
}
