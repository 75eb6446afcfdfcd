using System.Diagnostics;
using ModelRelease.Core.Hub.Publishing;

namespace ModelRelease.Core.Operations.Release;

/// <summary>A release checked and planned, not yet written: what <see cref="ReleaseJob.PrepareAsync"/> found, kept for the questions and the writes.</summary>
internal sealed class PreparedRelease : IDisposable
{
    public required ReleaseOptions Options { get; init; }
    public required Stopwatch Clock { get; init; }
    public required List<Finding> Findings { get; init; }
    public required string TagName { get; init; }
    public required string Message { get; init; }
    public required Uri Endpoint { get; init; }
    public required bool IsPublic { get; init; }
    public required CheckpointGateResult Gate { get; init; }
    public required IReadOnlyList<ParameterReport> Reports { get; init; }
    public required ReleaseCardStep.Outcome Card { get; init; }

    /// <summary>The files published, the card among them.</summary>
    public required IReadOnlyList<PublishSource> Files { get; init; }

    /// <summary>The previous release's tag, when there is one.</summary>
    public string? PreviousTag { get; init; }

    public string? User { get; set; }
    public PublishPlan? Plan { get; set; }
    public ReleaseJob.ExistingTag? Tag { get; set; }
    public LocalReleasePlan? Local { get; set; }

    /// <summary>True when a check failed (or the Hub could not be planned against): nothing may be written.</summary>
    public bool Refused => Findings.Any(f => f.Severity == FindingSeverity.Error) || Plan is null;

    public ReleaseReport Report(ReleaseOutcome outcome, PublishResult? result = null, ReleaseTag? made = null, ReleaseVerification? verification = null) => new()
    {
        RepoId = Options.Repo.Id,
        Version = Options.Version.ToString(),
        TagName = TagName,
        Endpoint = Endpoint.ToString(),
        IsPublicHub = IsPublic,
        Outcome = outcome,
        Findings = Findings,
        Gate = Gate,
        Parameters = Reports,
        Card = Card.Card,
        User = User,
        CommitMessage = Message,
        Plan = Plan,
        Publish = result,
        Tag = made,
        LocalRepository = made?.LocalRepository,
        Verification = verification,
        Elapsed = Clock.Elapsed,
    };

    /// <summary>Removes the staging folder of a what-if's card.</summary>
    public void Dispose()
    {
        if (Card.StagingFolder is not { } staging) return;
        try { Directory.Delete(staging, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
