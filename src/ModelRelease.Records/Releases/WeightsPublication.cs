namespace ModelRelease;

/// <summary>
/// What publishing weights did (<c>Register-ModelWeights</c>, <c>modelrelease weights publish</c>), or under a what-if
/// would do: the checkpoint gate's verdict, the publish (upload and commit), the tag <c>weights-vX.Y</c>, and the exact
/// patch of the registry — applied only when every earlier step succeeded. <see cref="Entry"/> is the registry's new
/// entry (RepoId, Revision, File: what Save-ModelWeights and Get-HfRepoFile bind to).
/// </summary>
public sealed record WeightsPublication
{
    public required string Model { get; init; }

    /// <summary>The weights version as the registry writes it (1.1).</summary>
    public required string Version { get; init; }

    /// <summary>The tag (weights-v1.1).</summary>
    public required string Tag { get; init; }

    public required string RepoId { get; init; }

    /// <summary>The weights file's path in the repository.</summary>
    public required string File { get; init; }

    public required string Sha256 { get; init; }

    public required long Size { get; init; }

    /// <summary>Planned (a what-if), Declined, or Released (published, tagged, registered).</summary>
    public required ReleaseOutcome Outcome { get; init; }

    /// <summary>The checkpoint gate's verdict on the weights file.</summary>
    public required CheckpointGateResult Gate { get; init; }

    /// <summary>The publish plan (every file, LFS or regular, new or unchanged).</summary>
    public required PublishPlan Plan { get; init; }

    /// <summary>The publish, when it happened.</summary>
    public PublishResult? Publish { get; init; }

    /// <summary>The tag, when it was made (or was already there).</summary>
    public ReleaseTag? TagResult { get; init; }

    /// <summary>The registry patch: planned under a what-if, applied otherwise.</summary>
    public required WeightsRegistryPatch Patch { get; init; }

    /// <summary>True when the patch was written to the registry.</summary>
    public bool Registered { get; init; }

    /// <summary>The registry's entry for these weights (as it is after the patch).</summary>
    public required WeightsEntry Entry { get; init; }

    /// <summary>How loose inputs were read (a version v1.1 as 1.1).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>The revision to download: the tag.</summary>
    public string Revision => Tag;

    public override string ToString() => $"{Model} {Version} ({RepoId}@{Tag}/{File}): {Outcome}";
}
