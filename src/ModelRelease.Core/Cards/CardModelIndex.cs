using System.Globalization;

namespace ModelRelease.Core.Cards;

/// <summary>
/// The rules huggingface_hub applies when it loads <c>model-index</c> into <c>ModelCardData</c> (repocard_data.py,
/// <c>model_index_to_eval_results</c> and <c>EvalResult</c>), so a card this check passes is one that library loads:
/// an empty model-index is ignored; otherwise it is a list of mappings, each with a <c>name</c> and <c>results</c>;
/// each result is a mapping with <c>task</c> (a mapping with <c>type</c>), <c>dataset</c> (a mapping with
/// <c>type</c> and <c>name</c>) and <c>metrics</c> (a list of mappings with <c>type</c> and <c>value</c>, which may be
/// null); an optional <c>source</c> is a mapping, and a source <c>name</c> needs a <c>url</c>; and when there are
/// results, the name (of the last model, as the library reads it) is not null. Only the keys and shapes are checked;
/// the values may be anything, as for the library.
/// </summary>
public static class CardModelIndex
{
    /// <summary>A metric the model-index states, for comparing with the body.</summary>
    public readonly record struct Metric(string Dataset, string Type, string? Name, string Value);

    /// <summary>Checks <paramref name="index"/>; each problem goes to <paramref name="problem"/> (one per missing or ill-shaped part).</summary>
    public static IReadOnlyList<Metric> Check(object? index, Action<string> problem)
    {
        var metrics = new List<Metric>();
        if (IsEmpty(index)) return metrics;
        if (index is not List<object?> models)
        {
            problem("model-index must be a list of models ({ name, results }), not " + Describe(index));
            return metrics;
        }
        var results = 0;
        object? lastName = null;
        var lastAt = -1;
        for (var i = 0; i < models.Count; i++)
        {
            var at = $"model-index[{i}]";
            if (models[i] is not Dictionary<string, object?> model)
            {
                problem($"{at} must be a mapping with a name and results, not {Describe(models[i])}");
                continue;
            }
            var missing = new[] { "name", "results" }.Where(k => !model.ContainsKey(k)).ToList();
            if (missing.Count > 0) problem($"{at} has no {string.Join(" and no ", missing)}");
            if (model.TryGetValue("name", out var name))
            {
                lastName = name;
                lastAt = i;
            }
            if (!model.TryGetValue("results", out var value)) continue;
            if (IsEmptyContainer(value)) continue;
            if (value is not List<object?> list)
            {
                problem($"{at}.results must be a list, not {Describe(value)}");
                continue;
            }
            for (var r = 0; r < list.Count; r++)
            {
                results += Result(list[r], $"{at}.results[{r}]", problem, metrics);
            }
        }
        if (results > 0 && lastAt >= 0 && lastName is null)
        {
            problem($"model-index[{lastAt}].name is empty; huggingface_hub needs the model's name when there are results");
        }
        return metrics;
    }

    /// <summary>Checks one result; returns how many metrics it gives huggingface_hub.</summary>
    private static int Result(object? entry, string at, Action<string> problem, List<Metric> metrics)
    {
        if (entry is not Dictionary<string, object?> result)
        {
            problem($"{at} must be a mapping with task, dataset and metrics, not {Describe(entry)}");
            return 0;
        }
        if (!result.TryGetValue("task", out var task)) problem($"{at}.task is missing (a mapping with a type, such as text-generation)");
        else if (task is not Dictionary<string, object?> taskMap) problem($"{at}.task must be a mapping with a type, not {Describe(task)}");
        else if (!taskMap.ContainsKey("type")) problem($"{at}.task.type is missing");

        var datasetName = "";
        if (!result.TryGetValue("dataset", out var dataset)) problem($"{at}.dataset is missing (a mapping with a type and a name)");
        else if (dataset is not Dictionary<string, object?> datasetMap) problem($"{at}.dataset must be a mapping with a type and a name, not {Describe(dataset)}");
        else
        {
            var lacks = new[] { "type", "name" }.Where(k => !datasetMap.ContainsKey(k)).ToList();
            if (lacks.Count > 0) problem($"{at}.dataset has no {string.Join(" and no ", lacks)}");
            datasetName = Text(datasetMap.GetValueOrDefault("name")) ?? "";
        }

        if (result.TryGetValue("source", out var source))
        {
            if (source is not Dictionary<string, object?> sourceMap) problem($"{at}.source must be a mapping (name, url), not {Describe(source)}");
            else if (sourceMap.GetValueOrDefault("name") is not null && sourceMap.GetValueOrDefault("url") is null) problem($"{at}.source has a name but no url");
        }

        if (!result.TryGetValue("metrics", out var value))
        {
            problem($"{at}.metrics is missing (a list of {{ type, value }})");
            return 0;
        }
        if (IsEmptyContainer(value)) return 0;
        if (value is not List<object?> list)
        {
            problem($"{at}.metrics must be a list of {{ type, value }}, not {Describe(value)}");
            return 0;
        }
        var count = 0;
        for (var k = 0; k < list.Count; k++)
        {
            if (list[k] is not Dictionary<string, object?> metric)
            {
                problem($"{at}.metrics[{k}] must be a mapping with a type and a value, not {Describe(list[k])}");
                continue;
            }
            var lacks = new[] { "type", "value" }.Where(key => !metric.ContainsKey(key)).ToList();
            if (lacks.Count > 0)
            {
                problem($"{at}.metrics[{k}] has no {string.Join(" and no ", lacks)}");
                continue;
            }
            count++;
            if (Text(metric["type"]) is { } type && Text(metric["value"]) is { } text)
            {
                metrics.Add(new Metric(datasetName, type, Text(metric.GetValueOrDefault("name")), text));
            }
        }
        return count;
    }

    /// <summary>What Python takes for false: no value, an empty list, mapping or string (huggingface_hub skips such a model-index).</summary>
    private static bool IsEmpty(object? value) => value is null or false or 0L or 0d || IsEmptyContainer(value);

    /// <summary>An empty list, mapping or string: Python iterates it zero times.</summary>
    private static bool IsEmptyContainer(object? value) => value is List<object?> { Count: 0 } or Dictionary<string, object?> { Count: 0 } or string { Length: 0 };

    private static string? Text(object? value) => value switch
    {
        null => null,
        string s => s,
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        List<object?> or Dictionary<string, object?> => null,
        _ => Convert.ToString(value, CultureInfo.InvariantCulture),
    };

    private static string Describe(object? value) => value switch
    {
        null => "empty (null)",
        string s => $"the text '{(s.Length > 40 ? s[..40] + "…" : s)}'",
        List<object?> => "a list",
        Dictionary<string, object?> => "a mapping",
        bool => "a boolean",
        _ => "the number " + Convert.ToString(value, CultureInfo.InvariantCulture),
    };
}
