namespace ModelRelease;

/// <summary>
/// What a family release (<c>Publish-ModelRelease -Manifest</c>, <c>modelrelease release --manifest</c>) did, or under a
/// what-if would do: every variant's <see cref="ReleaseReport"/>, in the manifest's order, and the family's own findings
/// (a refused variant, the local repository). Every variant is checked before any is written: when one fails a check,
/// none is released (<see cref="ReleaseOutcome.Refused"/>; the variants that passed say Planned).
/// </summary>
public sealed record FamilyReleaseReport
{
    /// <summary>The manifest file.</summary>
    public required string Manifest { get; init; }

    public string? Family { get; init; }

    public required string Version { get; init; }

    /// <summary>The tag every variant's repository gets (v1.2.0).</summary>
    public required string TagName { get; init; }

    public required ReleaseOutcome Outcome { get; init; }

    /// <summary>Each variant's release.</summary>
    public required IReadOnlyList<ReleaseReport> Variants { get; init; }

    /// <summary>The family's own findings: each refused variant, and the local repository's checks.</summary>
    public required IReadOnlyList<Finding> Findings { get; init; }

    /// <summary>The local git repository tagged (and whose CHANGELOG.md got the entry), when asked.</summary>
    public string? LocalRepository { get; init; }

    /// <summary>The local commit tagged (the changelog commit).</summary>
    public string? LocalCommit { get; init; }

    public required TimeSpan Elapsed { get; init; }

    /// <summary>The repositories, in the manifest's order.</summary>
    public IReadOnlyList<string> RepoIds => Variants.Select(v => v.RepoId).ToList();

    /// <summary>True when nothing was written to the Hub.</summary>
    public bool NothingWritten => Outcome is ReleaseOutcome.Planned or ReleaseOutcome.Refused or ReleaseOutcome.Declined;

    public int ErrorCount => Findings.Count(f => f.Severity == FindingSeverity.Error) + Variants.Sum(v => v.ErrorCount);

    public override string ToString() => $"{Family ?? Manifest} {TagName}: {Outcome} ({Variants.Count} variant(s)" + (ErrorCount > 0 ? $", {ErrorCount} error(s))" : ")");
}
