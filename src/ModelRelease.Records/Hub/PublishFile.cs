namespace ModelRelease;

/// <summary>One file of a publish: where it comes from, where it goes, how it travels, and what happened to it.</summary>
public sealed record PublishFile
{
    public required string PathInRepo { get; init; }
    public required string LocalPath { get; init; }
    public required long Size { get; init; }

    /// <summary>True when the Hub stores it through LFS (decided by the Hub's preupload answer).</summary>
    public required bool IsLfs { get; init; }

    public required PublishAction Action { get; init; }

    /// <summary>LFS files: lower-case hex SHA-256 of the content (the LFS oid).</summary>
    public string? Sha256 { get; init; }

    /// <summary>Regular files: the git blob id of the content.</summary>
    public string? GitBlobId { get; init; }

    /// <summary>LFS files: true when the bytes were sent by this publish, false when the Hub already had them.</summary>
    public bool Uploaded { get; init; }

    /// <summary>LFS files sent in parts: bytes of the parts an earlier, interrupted publish had sent, which this one did not send again.</summary>
    public long ResumedBytes { get; init; }
}
