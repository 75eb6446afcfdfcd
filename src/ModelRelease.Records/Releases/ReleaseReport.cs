namespace ModelRelease;

/// <summary>
/// What a release did (<c>Publish-ModelRelease</c>, <c>modelrelease release</c>), or under a what-if would do: every
/// check made before the first write (the findings), the checkpoints and their parameter counts, the card and its
/// verdict, the publish plan and result, the tag, and the verification of the downloaded release. Carries RepoId,
/// CommitOid and Version so Get-HfRepoFile and New-ReleaseTag bind to it by property name.
/// </summary>
public sealed record ReleaseReport
{
    public required string RepoId { get; init; }
    public required string Version { get; init; }

    /// <summary>The release tag (v1.2.0).</summary>
    public required string TagName { get; init; }

    /// <summary>The Hub the release goes to.</summary>
    public required string Endpoint { get; init; }

    /// <summary>True when the target is huggingface.co (the public Hub): the report and the faces say so first.</summary>
    public required bool IsPublicHub { get; init; }

    public required ReleaseOutcome Outcome { get; init; }

    /// <summary>True when nothing was written to the Hub (a what-if, a refusal, a declined confirmation).</summary>
    public bool NothingWritten => Outcome is ReleaseOutcome.Planned or ReleaseOutcome.Refused or ReleaseOutcome.Declined;

    /// <summary>Everything the checks found: errors refuse the release (nothing is written), warnings and notes do not.</summary>
    public required IReadOnlyList<Finding> Findings { get; init; }

    /// <summary>The checkpoint gate's verdict on the released files.</summary>
    public required CheckpointGateResult Gate { get; init; }

    public required IReadOnlyList<ParameterReport> Parameters { get; init; }

    public required ReleaseCard Card { get; init; }

    /// <summary>The user the token belongs to (whoami), when the Hub answered.</summary>
    public string? User { get; init; }

    /// <summary>The commit's title.</summary>
    public required string CommitMessage { get; init; }

    /// <summary>What the publish does (or did): every file, LFS or regular, new, updated or unchanged.</summary>
    public PublishPlan? Plan { get; init; }

    /// <summary>The publish, when it happened.</summary>
    public PublishResult? Publish { get; init; }

    /// <summary>The tag, when it was created (or was already there).</summary>
    public ReleaseTag? Tag { get; init; }

    /// <summary>The local git repository tagged too (when asked).</summary>
    public string? LocalRepository { get; init; }

    public ReleaseVerification? Verification { get; init; }

    /// <summary>The commit of the release (the publish's commit; null before it).</summary>
    public string? CommitOid => Publish?.CommitOid;

    public int ErrorCount => Findings.Count(f => f.Severity == FindingSeverity.Error);

    public required TimeSpan Elapsed { get; init; }

    public override string ToString() => $"{RepoId} {TagName}: {Outcome}" + (ErrorCount > 0 ? $" ({ErrorCount} error(s))" : "");
}
