namespace ModelRelease;

/// <summary>Which way a metric is better.</summary>
public enum MetricDirection
{
    /// <summary>Higher is better (accuracy, CLIP score).</summary>
    Higher,

    /// <summary>Lower is better (FID, latency, error rate).</summary>
    Lower,
}

/// <summary>How a metric of a version compares with the previous version's.</summary>
public enum MetricVerdict
{
    Better,
    Worse,
    Same,

    /// <summary>The previous version has no such metric.</summary>
    New,

    /// <summary>The version no longer reports the metric.</summary>
    Missing,
}

/// <summary>One metric of a version against the previous version's, with its direction.</summary>
public sealed record MetricComparison
{
    public required string Name { get; init; }

    public required MetricDirection Direction { get; init; }

    public double? Value { get; init; }

    public double? Previous { get; init; }

    /// <summary>Value − Previous.</summary>
    public double? Delta => Value is { } v && Previous is { } p ? v - p : null;

    public required MetricVerdict Verdict { get; init; }

    public override string ToString() => $"{Name}: {Previous} -> {Value} ({Verdict})";
}
