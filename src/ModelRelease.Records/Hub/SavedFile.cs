namespace ModelRelease;

/// <summary>A file <c>Save-HfModel</c> placed on disk, verified against the Hub's hash.</summary>
public sealed record SavedFile
{
    public required string RepoId { get; init; }
    public required string Revision { get; init; }
    public required string CommitOid { get; init; }
    public required string PathInRepo { get; init; }
    public required string Path { get; init; }
    public required long Size { get; init; }

    /// <summary>Bytes fetched now (0 when the file was already complete and verified; less than Size when resumed).</summary>
    public required long BytesDownloaded { get; init; }

    /// <summary>The hash that was checked: the LFS SHA-256 or the git blob id.</summary>
    public required string VerifiedHash { get; init; }

    public bool Resumed { get; init; }

    /// <summary>The folder the file is under: the snapshot folder of the shared Hugging Face cache, or the destination.</summary>
    public string? Folder { get; init; }

    /// <summary>True when the file came from the shared cache without asking the Hub (offline mode).</summary>
    public bool FromCache { get; init; }
}
