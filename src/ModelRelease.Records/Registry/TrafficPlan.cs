namespace ModelRelease;

/// <summary>
/// How traffic moves to a restored version after a rollback: its share rises in steps (20% by default) that
/// <c>Set-ModelTraffic</c> advances; the serving layer reads the current <see cref="Share"/>.
/// </summary>
public sealed record TrafficPlan
{
    public required string Component { get; init; }

    /// <summary>The version the traffic moves to.</summary>
    public required string Version { get; init; }

    /// <summary>The shares in order (percent), the last 100.</summary>
    public required IReadOnlyList<int> Steps { get; init; }

    /// <summary>The current step (0-based index into <see cref="Steps"/>).</summary>
    public required int Step { get; init; }

    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>The share the version has now (percent); a step past either end reads as the nearest one, no steps as 0.</summary>
    public int Share => Steps.Count == 0 ? 0 : Steps[Math.Clamp(Step, 0, Steps.Count - 1)];

    public bool IsComplete => Share >= 100;

    public override string ToString() => $"{Component} {Version}: {Share}% (step {Step + 1} of {Steps.Count})";
}
