namespace ModelRelease;

/// <summary>
/// A move of a version from one status to another (<c>Set-ModelStatus</c>, <c>Invoke-ModelLifecycle</c>,
/// <c>Restore-ModelVersion</c>): who asked, why, what the gate saw, and the audit entry that records it.
/// </summary>
public sealed record ModelStatusChange
{
    public required string Component { get; init; }

    public required string Version { get; init; }

    public required ModelStatus From { get; init; }

    public required ModelStatus To { get; init; }

    public required string Reason { get; init; }

    /// <summary>Who made the move (the registry itself for automatic moves).</summary>
    public required string Actor { get; init; }

    public required DateTimeOffset At { get; init; }

    /// <summary>The named approvers (a production move, an emergency).</summary>
    public IReadOnlyList<string> Approvers { get; init; } = [];

    /// <summary>True for an emergency move: its gate was skipped on the word of at least two approvers.</summary>
    public bool Emergency { get; init; }

    /// <summary>True when the registry made the move itself (the previous production version deprecated, an archive after the grace period).</summary>
    public bool Automatic { get; init; }

    /// <summary>What the move's gate checked and saw (<c>tests: 42 passed, 0 failed (results.trx)</c>); empty for a move without a gate.</summary>
    public string Gate { get; init; } = "";

    /// <summary>The audit entry that records the move.</summary>
    public long Sequence { get; init; }

    public override string ToString() => $"{Component} {Version}: {ModelStatusText.Format(From)} -> {ModelStatusText.Format(To)}";
}
