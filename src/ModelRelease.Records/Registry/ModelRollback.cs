namespace ModelRelease;

/// <summary>A rollback (<c>Restore-ModelVersion</c>): the moves it made, the incident it recorded and the traffic plan.</summary>
public sealed record ModelRollback
{
    public required string Component { get; init; }

    /// <summary>The version that was in production and is now critical-issue.</summary>
    public required string CriticalVersion { get; init; }

    /// <summary>The previous production version, production again.</summary>
    public required string RestoredVersion { get; init; }

    public required ModelIncident Incident { get; init; }

    public required TrafficPlan Traffic { get; init; }

    public required IReadOnlyList<ModelStatusChange> Changes { get; init; }

    public override string ToString() => $"{Component}: {CriticalVersion} -> {RestoredVersion} ({Incident.Id})";
}
