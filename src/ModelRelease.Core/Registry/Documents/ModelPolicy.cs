using System.Text.Json;

namespace ModelRelease.Core.Registry.Documents;

/// <summary>A threshold of the testing → staging gate: the metric must be at least (higher) or at most (lower) the value.</summary>
public sealed record MetricThreshold(string Metric, MetricDirection Direction, double Threshold)
{
    public bool IsMetBy(double value) => Direction == MetricDirection.Higher ? value >= Threshold : value <= Threshold;

    public override string ToString() => $"{Metric} {(Direction == MetricDirection.Higher ? ">=" : "<=")} {Threshold.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
}

/// <summary>What the policy asks of one component.</summary>
public sealed record ComponentPolicy
{
    public required string Component { get; init; }

    public required IReadOnlyList<MetricThreshold> Thresholds { get; init; }

    /// <summary>The people whose approval counts (empty: anyone named).</summary>
    public required IReadOnlyList<string> Approvers { get; init; }

    public required int RequiredApprovals { get; init; }

    public required int GracePeriodDays { get; init; }

    public string? Architecture { get; init; }
}

/// <summary>
/// The lifecycle policy (<c>config/model_policy.json</c>, schemas/model-policy.schema.json): the components, each one's
/// thresholds with their directions, the named approvers and how many must approve, the grace period before archiving,
/// the model ids' prefix and the traffic step of a rollback.
/// </summary>
public sealed record ModelPolicy
{
    public const int DefaultGracePeriodDays = 30;
    public const int DefaultTrafficStep = 20;

    public required string Path { get; init; }

    public string? Prefix { get; init; }

    public int TrafficStep { get; init; } = DefaultTrafficStep;

    public required IReadOnlyDictionary<string, ComponentPolicy> Components { get; init; }

    public ComponentPolicy? For(string component) => Components.GetValueOrDefault(component);

    public static async Task<ModelPolicy> ReadAsync(string path, CancellationToken cancellationToken)
    {
        using var doc = await StoreJson.ReadAsync(path, RegistrySchemas.Policy, "lifecycle policy", cancellationToken).ConfigureAwait(false);
        var root = doc.RootElement;
        var approvers = Strings(root, "approvers");
        var required = root.TryGetProperty("requiredApprovals", out var r) ? r.GetInt32() : 1;
        var grace = root.TryGetProperty("gracePeriodDays", out var g) ? g.GetInt32() : DefaultGracePeriodDays;
        var components = new Dictionary<string, ComponentPolicy>(StringComparer.Ordinal);
        foreach (var c in root.GetProperty("components").EnumerateObject())
        {
            var thresholds = c.Value.GetProperty("metrics").EnumerateObject()
                .Select(m => new MetricThreshold(m.Name, ModelPerformance.ParseDirection(m.Value.GetProperty("direction").GetString()!), m.Value.GetProperty("threshold").GetDouble()))
                .ToList();
            var own = Strings(c.Value, "approvers");
            components[c.Name] = new ComponentPolicy
            {
                Component = c.Name,
                Thresholds = thresholds,
                Approvers = own.Count > 0 ? own : approvers,
                RequiredApprovals = c.Value.TryGetProperty("requiredApprovals", out var cr) ? cr.GetInt32() : required,
                GracePeriodDays = c.Value.TryGetProperty("gracePeriodDays", out var cg) ? cg.GetInt32() : grace,
                Architecture = c.Value.TryGetProperty("architecture", out var a) ? a.GetString() : null,
            };
        }
        return new ModelPolicy
        {
            Path = path,
            Prefix = root.TryGetProperty("prefix", out var p) ? p.GetString() : null,
            TrafficStep = root.TryGetProperty("trafficStep", out var t) ? t.GetInt32() : DefaultTrafficStep,
            Components = components,
        };
    }

    /// <summary>The policy of <paramref name="location"/>: the file named, which must exist, or the default file when it is there; null when neither.</summary>
    public static Task<ModelPolicy?> ReadAsync(ModelRegistryLocation location, CancellationToken cancellationToken)
    {
        location.RequireNamedPolicy();
        return ReadIfPresentAsync(location.PolicyFile, cancellationToken);
    }

    /// <summary>The policy when its file exists; null otherwise.</summary>
    public static async Task<ModelPolicy?> ReadIfPresentAsync(string path, CancellationToken cancellationToken) =>
        File.Exists(path) ? await ReadAsync(path, cancellationToken).ConfigureAwait(false) : null;

    private static List<string> Strings(JsonElement element, string name) =>
        element.TryGetProperty(name, out var list) ? list.EnumerateArray().Select(x => x.GetString()!).ToList() : [];
}
