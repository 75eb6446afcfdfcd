namespace ModelRelease.Core.Hub.Publishing;

/// <summary>
/// What a multipart upload needs to be resumed by a later run: the upload's URLs as the LFS batch gave them (parts and
/// completion), the parts the storage acknowledged with their ETags, and the local file it was cut from (so a changed
/// file is recognised). Kept by <see cref="UploadStateStore"/>, one per Hub, repository and object. Holds no token:
/// the URLs are the presigned ones the Hub hands out, which authorise only this upload and expire.
/// </summary>
public sealed record MultipartUploadState
{
    public const int CurrentVersion = 1;

    public int Version { get; init; } = CurrentVersion;

    /// <summary>The Hub the upload belongs to (its URLs mean nothing elsewhere).</summary>
    public required string Endpoint { get; init; }

    public required string RepoType { get; init; }

    public required string RepoId { get; init; }

    /// <summary>The LFS oid: lower-case hex SHA-256 of the object.</summary>
    public required string Oid { get; init; }

    public required long Size { get; init; }

    public required long ChunkSize { get; init; }

    /// <summary>Where the completion is POSTed (and, where the server has it, the abort DELETEd).</summary>
    public required string CompletionUrl { get; init; }

    /// <summary>Part i+1's presigned PUT URL.</summary>
    public required IReadOnlyList<string> PartUrls { get; init; }

    /// <summary>When the URLs stop working, when the Hub said; after that the batch endpoint is asked again.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>ETags of the parts the storage acknowledged, by part number (1-based), verbatim.</summary>
    public IReadOnlyDictionary<int, string> ETags { get; init; } = new Dictionary<int, string>();

    public required string LocalPath { get; init; }

    public required string PathInRepo { get; init; }

    /// <summary>The local file's length and last write time (UTC ticks) when the upload began.</summary>
    public required long FileLength { get; init; }

    public required long FileLastWriteTicks { get; init; }

    public required DateTimeOffset Started { get; init; }

    public int PartCount => (int)((Size + ChunkSize - 1) / ChunkSize);

    /// <summary>Bytes of part <paramref name="number"/> (1-based).</summary>
    public long PartLength(int number) => Math.Min(ChunkSize, Size - (number - 1) * ChunkSize);

    public bool IsComplete => Enumerable.Range(1, PartCount).All(ETags.ContainsKey);

    /// <summary>Bytes of the parts already acknowledged.</summary>
    public long AcknowledgedBytes => ETags.Keys.Where(n => n >= 1 && n <= PartCount).Sum(PartLength);

    /// <summary>True when the URLs have expired (or will within <paramref name="margin"/>).</summary>
    public bool Expired(DateTimeOffset now, TimeSpan margin) => ExpiresAt is { } at && at - margin <= now;

    /// <summary>True while the local file still has the length and write time it had when the upload began.</summary>
    public bool FileUnchanged()
    {
        var file = new FileInfo(LocalPath);
        return file.Exists && file.Length == FileLength && file.LastWriteTimeUtc.Ticks == FileLastWriteTicks;
    }

    /// <summary>A state that a reader can trust: the numbers agree with each other and with the URLs.</summary>
    public bool IsConsistent() =>
        Version == CurrentVersion && Size > 0 && ChunkSize > 0 && Oid.Length == 64 && Oid.All(char.IsAsciiHexDigitLower)
        && PartUrls.Count == PartCount && ETags.Keys.All(n => n >= 1 && n <= PartCount) && ETags.Values.All(e => !string.IsNullOrEmpty(e))
        && Uri.TryCreate(CompletionUrl, UriKind.Absolute, out _) && PartUrls.All(u => Uri.TryCreate(u, UriKind.Absolute, out _));
}
