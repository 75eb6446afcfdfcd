using System.Text.Json;

namespace ModelRelease.Core.Registry.Documents;

/// <summary>One metric of a version's performance.json.</summary>
public sealed record PerformanceMetric(string Name, double Value, MetricDirection Direction);

/// <summary>A version's <c>performance.json</c>: each metric's value and which way is better (schemas/model-performance.schema.json).</summary>
public sealed record ModelPerformance
{
    public required IReadOnlyList<PerformanceMetric> Metrics { get; init; }

    public string? Dataset { get; init; }

    public DateTimeOffset? EvaluatedAt { get; init; }

    public PerformanceMetric? Find(string name) => Metrics.FirstOrDefault(m => string.Equals(m.Name, name, StringComparison.Ordinal));

    /// <summary>Reads and checks a performance file.</summary>
    public static async Task<ModelPerformance> ReadAsync(string path, CancellationToken cancellationToken)
    {
        using var doc = await StoreJson.ReadAsync(path, RegistrySchemas.Performance, "performance file", cancellationToken).ConfigureAwait(false);
        return From(doc.RootElement);
    }

    public static ModelPerformance From(JsonElement root)
    {
        var metrics = root.GetProperty("metrics").EnumerateObject()
            .Select(p => new PerformanceMetric(p.Name, p.Value.GetProperty("value").GetDouble(), ParseDirection(p.Value.GetProperty("direction").GetString()!)))
            .ToList();
        return new ModelPerformance
        {
            Metrics = metrics,
            Dataset = root.TryGetProperty("dataset", out var d) ? d.GetString() : null,
            EvaluatedAt = root.TryGetProperty("evaluatedAt", out var e) ? DateTimeOffset.Parse(e.GetString()!, System.Globalization.CultureInfo.InvariantCulture) : null,
        };
    }

    public static MetricDirection ParseDirection(string text) => text == "lower" ? MetricDirection.Lower : MetricDirection.Higher;

    public static string DirectionText(MetricDirection direction) => direction == MetricDirection.Lower ? "lower" : "higher";

    /// <summary>The file's text (schema version 1).</summary>
    public string ToJson() => StoreJson.Serialize(w =>
    {
        w.WriteStartObject();
        w.WriteNumber("schemaVersion", 1);
        if (EvaluatedAt is { } at) w.WriteString("evaluatedAt", Audit.AuditChain.Time(at));
        if (Dataset is { } dataset) w.WriteString("dataset", dataset);
        w.WriteStartObject("metrics");
        foreach (var m in Metrics)
        {
            w.WriteStartObject(m.Name);
            w.WriteNumber("value", m.Value);
            w.WriteString("direction", DirectionText(m.Direction));
            w.WriteEndObject();
        }
        w.WriteEndObject();
        w.WriteEndObject();
    });
}
