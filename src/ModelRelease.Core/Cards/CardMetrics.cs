using System.Globalization;
using System.Text.Json;

namespace ModelRelease.Core.Cards;

/// <summary>
/// Evaluation metrics in, results table and <c>model-index</c> out. Accepted shapes (a JSON file, or the same
/// shape as dictionaries and lists from PowerShell): one result <c>{ task, dataset, metrics }</c>, a list of them,
/// or <c>{ results: [...] }</c>; <c>task</c> is a type string or <c>{ type, name }</c>; <c>dataset</c> is
/// <c>{ type, name, config?, split? }</c>; <c>metrics</c> is <c>{ type: value }</c> or <c>[{ type, value, name? }]</c>.
/// </summary>
public static class CardMetrics
{
    public static IReadOnlyList<MetricResult> FromJsonFile(string path)
    {
        if (!File.Exists(path)) throw new ModelCardException("ModelCardMetricsInvalid", CardCodes.MetricsMissing, path, null, "the metrics file does not exist", ErrorKind.NotFound);
        object? value;
        try
        {
            using var doc = JsonDocument.Parse(CardFile.ReadInput(path, "ModelCardMetricsInvalid", CardCodes.MetricsJson), new JsonDocumentOptions { MaxDepth = 64 });
            value = Plain(doc.RootElement);
        }
        catch (JsonException ex)
        {
            throw new ModelCardException("ModelCardMetricsInvalid", CardCodes.MetricsJson, path, (int)(ex.LineNumber ?? 0) + 1, "not valid JSON: " + ex.Message.Split('.')[0], innerException: ex);
        }
        return FromValue(value, path);
    }

    public static IReadOnlyList<MetricResult> FromValue(object? value, string? source)
    {
        var results = new List<MetricResult>();
        var items = value switch
        {
            Dictionary<string, object?> d when d.TryGetValue("results", out var r) && r is IEnumerable<object?> list => list,
            Dictionary<string, object?> d => [d],
            IEnumerable<object?> list => list,
            _ => throw Wrong(source, "expected an object with task, dataset and metrics, a list of such objects, or { \"results\": [...] }"),
        };
        var index = 0;
        foreach (var item in items)
        {
            if (item is not Dictionary<string, object?> r) throw Wrong(source, $"result {index} is not an object");
            var (taskType, taskName) = r.GetValueOrDefault("task") switch
            {
                string s => (s, (string?)null),
                Dictionary<string, object?> t => (Text(t, "type", source, $"result {index} task"), t.GetValueOrDefault("name") as string),
                _ => throw Wrong(source, $"result {index} needs a task (a type such as \"text-generation\", or {{ type, name }})"),
            };
            if (r.GetValueOrDefault("dataset") is not Dictionary<string, object?> ds) throw Wrong(source, $"result {index} needs a dataset {{ type, name }}");
            var datasetType = Text(ds, "type", source, $"result {index} dataset");
            var datasetName = Text(ds, "name", source, $"result {index} dataset");
            var metrics = r.GetValueOrDefault("metrics") switch
            {
                Dictionary<string, object?> m => m.Select(kv => (Type: kv.Key, Name: (string?)null, Value: kv.Value)).ToList(),
                IEnumerable<object?> list => list.Select((m, i) => m is Dictionary<string, object?> md
                    ? (Type: Text(md, "type", source, $"result {index} metric {i}"), Name: md.GetValueOrDefault("name") as string, Value: md.GetValueOrDefault("value"))
                    : throw Wrong(source, $"result {index} metric {i} is not an object")).ToList(),
                _ => throw Wrong(source, $"result {index} needs metrics ({{ \"accuracy\": 0.91 }} or [{{ type, value }}])"),
            };
            foreach (var (type, name, v) in metrics)
            {
                if (v is not (double or long or int or float or decimal or string)) throw Wrong(source, $"result {index} metric {type} needs a number or text value");
                results.Add(new MetricResult(taskType, taskName, datasetType, datasetName, ds.GetValueOrDefault("config") as string, ds.GetValueOrDefault("split") as string, type, name, v is string ? v : Convert.ToDouble(v, CultureInfo.InvariantCulture)));
            }
            index++;
        }
        return results;
    }

    private static string Text(Dictionary<string, object?> d, string key, string? source, string what) =>
        d.GetValueOrDefault(key) is string { Length: > 0 } s ? s : throw Wrong(source, $"{what} needs a '{key}'");

    private static ModelCardException Wrong(string? source, string detail) => new("ModelCardMetricsInvalid", CardCodes.MetricsShape, source, null, "metrics of the wrong shape: " + detail, ErrorKind.InvalidArgument);

    private static object? Plain(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => e.EnumerateObject().ToDictionary(p => p.Name, p => Plain(p.Value), StringComparer.Ordinal),
        JsonValueKind.Array => e.EnumerateArray().Select(Plain).ToList(),
        JsonValueKind.String => e.GetString(),
        JsonValueKind.Number => e.TryGetInt64(out var l) ? l : e.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };

    /// <summary>Converts PowerShell hashtables and arrays (non-generic collections) to the plain shapes above.</summary>
    public static object? Normalize(object? value) => value switch
    {
        null or string or bool or long or int or double or float or decimal => value,
        Dictionary<string, object?> d => d.ToDictionary(kv => kv.Key, kv => Normalize(kv.Value), StringComparer.Ordinal),
        System.Collections.IDictionary d => d.Keys.Cast<object>().ToDictionary(k => k.ToString()!, k => Normalize(d[k]), StringComparer.Ordinal),
        System.Collections.IEnumerable e => e.Cast<object?>().Select(Normalize).ToList(),
        _ => value.ToString(),
    };

    public static string Format(object value) => value is double d ? d.ToString("0.####", CultureInfo.InvariantCulture) : value.ToString() ?? "";

    /// <summary>The markdown results table.</summary>
    public static string Table(IReadOnlyList<MetricResult> results)
    {
        if (results.Count == 0) return "[More Information Needed]";
        var lines = new List<string> { "| Task | Dataset | Split | Metric | Value |", "|---|---|---|---|---|" };
        lines.AddRange(results.Select(r => $"| {r.TaskName ?? r.TaskType} | {r.DatasetName} | {r.DatasetSplit ?? ""} | {r.MetricName ?? r.MetricType} | {Format(r.Value)} |"));
        return string.Join('\n', lines);
    }

    /// <summary>The model-index metadata: results grouped by task and dataset.</summary>
    public static List<object?> ModelIndex(string modelName, IReadOnlyList<MetricResult> results) =>
    [
        new Dictionary<string, object?>
        {
            ["name"] = modelName,
            ["results"] = results.GroupBy(r => (r.TaskType, r.TaskName, r.DatasetType, r.DatasetName, r.DatasetConfig, r.DatasetSplit)).Select(g =>
            {
                var task = new Dictionary<string, object?> { ["type"] = g.Key.TaskType };
                if (g.Key.TaskName is not null) task["name"] = g.Key.TaskName;
                var dataset = new Dictionary<string, object?> { ["type"] = g.Key.DatasetType, ["name"] = g.Key.DatasetName };
                if (g.Key.DatasetConfig is not null) dataset["config"] = g.Key.DatasetConfig;
                if (g.Key.DatasetSplit is not null) dataset["split"] = g.Key.DatasetSplit;
                return (object?)new Dictionary<string, object?>
                {
                    ["task"] = task,
                    ["dataset"] = dataset,
                    ["metrics"] = g.Select(m =>
                    {
                        var metric = new Dictionary<string, object?> { ["type"] = m.MetricType, ["value"] = m.Value };
                        if (m.MetricName is not null) metric["name"] = m.MetricName;
                        return (object?)metric;
                    }).ToList(),
                };
            }).ToList(),
        },
    ];
}
