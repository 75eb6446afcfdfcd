namespace ModelRelease.Core.Registry.Lifecycle;

/// <summary>What a move needs before it is made.</summary>
public enum MoveGate
{
    /// <summary>Nothing but a reason (the backward moves).</summary>
    None,

    /// <summary>A test-results file (TRX, JUnit, NUnit) with no failure.</summary>
    TestResults,

    /// <summary>performance.json meets the component's thresholds.</summary>
    Performance,

    /// <summary>As many named approvers as the policy asks.</summary>
    Approvals,

    /// <summary>The policy's grace period since the version was deprecated.</summary>
    GracePeriod,
}

/// <summary>One move the lifecycle allows.</summary>
public sealed record LifecycleMoveRule(ModelStatus From, ModelStatus To, MoveGate Gate, bool Forward, bool Automatic, string Meaning);

/// <summary>
/// The governed lifecycle's moves (one table, asked by every face): forward development → testing → staging →
/// production, production → deprecated when another version reaches production (the registry's own move), deprecated →
/// archived after the grace period; back testing → development (fails metrics) and staging → testing (issues found); a
/// rollback's production → critical-issue and deprecated → production; critical-issue → archived.
/// </summary>
public static class LifecycleRules
{
    public static IReadOnlyList<LifecycleMoveRule> Moves { get; } =
    [
        new(ModelStatus.Development, ModelStatus.Testing, MoveGate.TestResults, Forward: true, Automatic: false, "ready for testing: the tests pass"),
        new(ModelStatus.Testing, ModelStatus.Staging, MoveGate.Performance, Forward: true, Automatic: false, "meets the component's thresholds"),
        new(ModelStatus.Staging, ModelStatus.Production, MoveGate.Approvals, Forward: true, Automatic: false, "approved for production"),
        new(ModelStatus.Production, ModelStatus.Deprecated, MoveGate.None, Forward: true, Automatic: true, "another version reached production"),
        new(ModelStatus.Deprecated, ModelStatus.Archived, MoveGate.GracePeriod, Forward: true, Automatic: false, "the grace period is over"),
        new(ModelStatus.CriticalIssue, ModelStatus.Archived, MoveGate.None, Forward: true, Automatic: false, "retired after a critical issue"),
        new(ModelStatus.Testing, ModelStatus.Development, MoveGate.None, Forward: false, Automatic: false, "fails its metrics"),
        new(ModelStatus.Staging, ModelStatus.Testing, MoveGate.None, Forward: false, Automatic: false, "issues found in staging"),
    ];

    /// <summary>The rule for a move, or null when the lifecycle does not have it (the rollback's moves are Restore-ModelVersion's own).</summary>
    public static LifecycleMoveRule? Find(ModelStatus from, ModelStatus to) => Moves.FirstOrDefault(m => m.From == from && m.To == to);

    /// <summary>The statuses a version in <paramref name="from"/> may move to by Set-ModelStatus.</summary>
    public static IReadOnlyList<ModelStatus> Targets(ModelStatus from) => Moves.Where(m => m.From == from && !m.Automatic).Select(m => m.To).ToList();
}
