namespace ModelRelease;

/// <summary>
/// One registry entry checked against the Hub (<c>Test-ModelWeights</c>, <c>modelrelease weights verify</c>): the tag
/// exists, the file is at the tag, and its LFS oid (the SHA-256 of its content) and size are the registry's.
/// </summary>
public sealed record WeightsVerification
{
    public required string Model { get; init; }
    public required string Version { get; init; }
    public required string Tag { get; init; }
    public required string RepoId { get; init; }
    public required string File { get; init; }

    /// <summary>The SHA-256 the registry records.</summary>
    public required string Sha256 { get; init; }

    /// <summary>The commit the tag names on the Hub (null when the tag is missing).</summary>
    public string? TagCommit { get; init; }

    /// <summary>The file's LFS oid at the tag (null when it is missing or not an LFS file).</summary>
    public string? HubSha256 { get; init; }

    public long? HubSize { get; init; }

    public required bool IsValid { get; init; }

    /// <summary>What does not match, each with a stable code (REG_VERIFY_TAG_MISSING, REG_VERIFY_SHA256, …).</summary>
    public required IReadOnlyList<Finding> Findings { get; init; }

    public override string ToString() => $"{Model} {Version} ({RepoId}@{Tag}/{File}): {(IsValid ? "verified" : "FAILED")}";
}
