namespace ModelRelease;

/// <summary>A version's metrics against the previous version's (<c>Compare-ModelPerformance</c>), per metric with its direction.</summary>
public sealed record PerformanceComparison
{
    public required string Component { get; init; }

    public required string Version { get; init; }

    /// <summary>The version compared with (the highest registered version below <see cref="Version"/>, or the one named); null when there is none.</summary>
    public string? PreviousVersion { get; init; }

    public required IReadOnlyList<MetricComparison> Metrics { get; init; }

    public int Improved => Metrics.Count(m => m.Verdict == MetricVerdict.Better);

    public int Regressed => Metrics.Count(m => m.Verdict is MetricVerdict.Worse or MetricVerdict.Missing);

    public override string ToString() => $"{Component} {Version} vs {PreviousVersion ?? "(none)"}: {Improved} better, {Regressed} worse";
}
