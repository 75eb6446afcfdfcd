namespace ModelRelease;

/// <summary>What a lifecycle sweep did or would do with a version.</summary>
public enum LifecycleOutcome
{
    /// <summary>The move was made.</summary>
    Applied,

    /// <summary>-WhatIf: the move would be made.</summary>
    WouldApply,

    /// <summary>The version waits on a gate (or on its grace period); nothing was done.</summary>
    Waiting,
}

/// <summary>One line of a lifecycle sweep (<c>Invoke-ModelLifecycle</c>, <c>modelrelease registry sweep</c>).</summary>
public sealed record LifecycleMove
{
    public required string Component { get; init; }

    public required string Version { get; init; }

    public required ModelStatus From { get; init; }

    /// <summary>The status the version moves to (or would, or waits to).</summary>
    public required ModelStatus To { get; init; }

    public required LifecycleOutcome Outcome { get; init; }

    /// <summary>Why: the grace period that ended, or the gate it waits on.</summary>
    public required string Reason { get; init; }

    public override string ToString() => $"{Component} {Version}: {ModelStatusText.Format(From)} -> {ModelStatusText.Format(To)} ({Outcome})";
}
