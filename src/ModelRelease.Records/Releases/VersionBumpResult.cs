namespace ModelRelease;

/// <summary>
/// The next version of a release (<c>Step-ModelVersion</c>, <c>modelrelease version bump</c>): the latest release of the
/// tag family (or the version given), the part bumped — asked for, or suggested by comparing the last release's
/// checkpoint with the new one — and the next version with its tag. Carries Version (the next version) and RepoId so
/// New-ReleaseTag and Publish-ModelRelease bind to it by property name.
/// </summary>
public sealed record VersionBumpResult
{
    /// <summary>The repository whose tags were read; null when the current version was given.</summary>
    public string? RepoId { get; init; }

    /// <summary>The tag family (v, model-v, export-v, weights-v, or a template's prefix).</summary>
    public required string Family { get; init; }

    /// <summary>The latest release's tag (null when the version was given, or the family has no release yet).</summary>
    public string? PreviousTag { get; init; }

    /// <summary>The latest release's version (null when the family has no release yet).</summary>
    public string? Previous { get; init; }

    /// <summary>The next version.</summary>
    public required string Next { get; init; }

    /// <summary>The tag of the next version in the family (v1.3.0, model-v1.3.0, weights-v1.3).</summary>
    public required string NextTag { get; init; }

    /// <summary>The part bumped.</summary>
    public required VersionIncrement Increment { get; init; }

    /// <summary>True when the bump was suggested by comparing checkpoints rather than asked for.</summary>
    public bool Suggested { get; init; }

    /// <summary>Why this bump (what the comparison found, or what was asked).</summary>
    public required string Reason { get; init; }

    /// <summary>The comparison of the last release's checkpoint with the new one, when the bump was suggested.</summary>
    public CheckpointComparison? Comparison { get; init; }

    /// <summary>How loose inputs were read (a version v1.1 as 1.1.0); empty when none was.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>The next version, for binding by property name.</summary>
    public string Version => Next;

    public override string ToString() => $"{Previous ?? "(none)"} → {Next} ({Increment}{(Suggested ? ", suggested" : "")})";
}
