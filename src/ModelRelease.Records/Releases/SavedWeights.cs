namespace ModelRelease;

/// <summary>
/// Weights in the local cache (<c>Save-ModelWeights</c>, <c>modelrelease weights download</c>): the registry's entry, the
/// cached file, verified against the SHA-256 the registry records, and whether it was already there.
/// </summary>
public sealed record SavedWeights
{
    public required string Model { get; init; }
    public required string Version { get; init; }
    public required string Tag { get; init; }
    public required string RepoId { get; init; }

    /// <summary>The weights file's path in the repository.</summary>
    public required string File { get; init; }

    /// <summary>The cached file.</summary>
    public required string Path { get; init; }

    /// <summary>SHA-256 of the cached file: the registry's.</summary>
    public required string Sha256 { get; init; }

    public required long Size { get; init; }

    /// <summary>True when the cache already held the file (verified, not downloaded again).</summary>
    public required bool FromCache { get; init; }

    /// <summary>Bytes fetched now.</summary>
    public required long BytesDownloaded { get; init; }

    public override string ToString() => $"{Model} {Version}: {Path}{(FromCache ? " (cached)" : "")}";
}
