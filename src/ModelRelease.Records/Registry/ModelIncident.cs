namespace ModelRelease;

/// <summary>An incident in the registry's incident log: what happened, who reported it, why, and which versions.</summary>
public sealed record ModelIncident
{
    /// <summary>INC-{yyyyMMdd}-{component}-{n}.</summary>
    public required string Id { get; init; }

    public required string Component { get; init; }

    public required DateTimeOffset At { get; init; }

    public required string ReportedBy { get; init; }

    /// <summary>What happened.</summary>
    public required string What { get; init; }

    /// <summary>Why the version was rolled back.</summary>
    public required string Reason { get; init; }

    /// <summary>The version marked critical-issue.</summary>
    public required string FromVersion { get; init; }

    /// <summary>The version brought back.</summary>
    public required string ToVersion { get; init; }

    public override string ToString() => $"{Id}: {Component} {FromVersion} -> {ToVersion}";
}
