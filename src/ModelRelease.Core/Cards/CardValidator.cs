using System.Globalization;
using System.Text.RegularExpressions;

namespace ModelRelease.Core.Cards;

/// <summary>
/// Checks a card and returns findings with stable codes (all errors unless said otherwise):
/// CARD_NO_FRONT_MATTER, CARD_YAML_INVALID, CARD_UNFINISHED (TBD, TODO, [More Information Needed]),
/// CARD_SECTION_MISSING, CARD_SECTION_EMPTY, CARD_METADATA_MISSING, CARD_LICENSE_UNKNOWN,
/// CARD_LICENSE_OTHER_INCOMPLETE, CARD_MODEL_INDEX_INVALID, CARD_LANGUAGE_INVALID, CARD_YAML_AMBIGUOUS, CARD_METRIC_MISMATCH,
/// CARD_PARAMETER_MISMATCH; and with a Hub, CARD_HUB_REJECTED.
/// </summary>
public static partial class CardValidator
{
    public static ModelCardValidation Validate(string text, string? path, CardPolicy? policy = null, Checkpoint? checkpoint = null)
    {
        ModelCard card;
        try
        {
            card = CardDocument.Parse(text, path);
        }
        catch (ModelCardException ex)
        {
            return new ModelCardValidation { Path = path, IsValid = false, Findings = [new Finding(FindingSeverity.Error, ex.Code, ex.Detail) { Path = path, Line = ex.Line }] };
        }
        return Validate(card, policy, checkpoint);
    }

    /// <summary>
    /// Reads and checks a card file (a folder means its README.md). A card that cannot be read as a card — no front
    /// matter, bad YAML, not UTF-8, too large — is a finding, not an error, so a gate can report it; the card is
    /// returned when it could be read.
    /// </summary>
    public static async Task<(ModelCardValidation Validation, ModelCard? Card)> ValidateFileAsync(string path, CardPolicy? policy = null, Checkpoint? checkpoint = null, CancellationToken ct = default)
    {
        var full = CardFile.Resolve(path);
        try
        {
            var card = await CardFile.ReadAsync(full, ct).ConfigureAwait(false);
            return (Validate(card, policy, checkpoint), card);
        }
        catch (ModelCardException ex) when (ex.Code is "CARD_NO_FRONT_MATTER" or "CARD_YAML_INVALID" or "CARD_NOT_UTF8" or "CARD_TOO_LARGE")
        {
            return (new ModelCardValidation { Path = full, IsValid = false, Findings = [new Finding(FindingSeverity.Error, ex.Code, ex.Detail) { Path = full, Line = ex.Line }] }, null);
        }
    }

    public static ModelCardValidation Validate(ModelCard card, CardPolicy? policy = null, Checkpoint? checkpoint = null)
    {
        policy ??= CardPolicy.Default;
        var findings = new List<Finding>();
        var path = card.Path;
        var bodyLine = 1 + card.Text[..^card.Body.Length].Count(c => c == '\n');
        void Add(string code, string message, int? line = null) => findings.Add(new Finding(FindingSeverity.Error, code, message) { Path = path, Line = line });

        // Unfinished text, with its line.
        var lines = card.Text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            foreach (var phrase in policy.UnfinishedPhrases)
            {
                if (Regex.IsMatch(lines[i], (char.IsLetterOrDigit(phrase[0]) ? @"\b" : "") + Regex.Escape(phrase) + (char.IsLetterOrDigit(phrase[^1]) ? @"\b" : "")))
                {
                    Add("CARD_UNFINISHED", $"unfinished text '{phrase}': {lines[i].Trim()}", i + 1);
                }
            }
        }

        // Values that PyYAML (huggingface_hub) and the Hub would read differently.
        var (yaml, firstLine) = CardDocument.FrontMatter(card);
        foreach (var (text, line) in CardYaml.AmbiguousPlainScalars(yaml, firstLine))
        {
            Add("CARD_YAML_AMBIGUOUS", $"'{text}' unquoted is a boolean to YAML 1.1 readers (PyYAML, used by huggingface_hub) and a string to others; write '{text}' in quotes (for Norwegian, language: 'no')", line);
        }

        // Sections.
        var sections = Sections(card.Body, bodyLine);
        foreach (var required in policy.RequiredSections)
        {
            var s = sections.FirstOrDefault(x => string.Equals(x.Title, required, StringComparison.OrdinalIgnoreCase));
            if (s.Title is null) Add("CARD_SECTION_MISSING", $"the section '{required}' is missing");
            else if (string.IsNullOrWhiteSpace(s.Content)) Add("CARD_SECTION_EMPTY", $"the section '{required}' is empty", s.Line);
        }

        // Metadata.
        var m = card.Metadata;
        foreach (var key in policy.RequiredMetadata)
        {
            if (!m.TryGetValue(key, out var value) || value is null || value is string { Length: 0 } || value is List<object?> { Count: 0 })
            {
                Add("CARD_METADATA_MISSING", $"the metadata has no '{key}'" + (key == "tags" ? " (at least one tag)" : ""), 2);
            }
        }
        if (m.TryGetValue("license", out var license) && license is not null)
        {
            if (license is not string id || !HubVocabulary.Licenses.Contains(id)) Add("CARD_LICENSE_UNKNOWN", $"license '{license}' is not one the Hub knows; use its id (apache-2.0, mit, cc-by-4.0, …) or 'other' with license_name and license_link", 2);
            else if (id == "other" && (!m.ContainsKey("license_name") || !m.ContainsKey("license_link"))) Add("CARD_LICENSE_OTHER_INCOMPLETE", "license 'other' needs license_name and license_link", 2);
        }
        if (m.TryGetValue("language", out var language) && language is not null)
        {
            foreach (var code in language is List<object?> l ? l : [language])
            {
                if (code is not string c || !HubVocabulary.Languages.Contains(c)) Add("CARD_LANGUAGE_INVALID", $"language '{code}' is not an ISO 639 code (write 'en', 'fr', 'zh'; no region such as zh-CN)", 2);
            }
        }
        var indexed = ModelIndexMetrics(m.GetValueOrDefault("model-index"), Add);

        // Metrics in the body that disagree with model-index.
        foreach (var (dataset, metric, value, line) in BodyMetrics(card.Body, bodyLine))
        {
            var match = indexed.FirstOrDefault(x => Same(x.Dataset, dataset) && Same(x.Metric, metric));
            if (match.Metric is not null && !SameValue(match.Value, value))
            {
                Add("CARD_METRIC_MISMATCH", $"the body says {metric} on {dataset} is {value}, model-index says {match.Value}", line);
            }
        }

        // The parameter count the card states, against the checkpoint.
        if (checkpoint is not null)
        {
            for (var i = 0; i < lines.Length; i++)
            {
                var p = ParametersLine().Match(lines[i]);
                if (!p.Success || !ParameterCountText.TryParse(p.Groups[1].Value, out var stated)) continue;
                var actual = checkpoint.ParameterCount;
                var text = p.Groups[1].Value.Trim();
                var agrees = stated == actual || string.Equals(ParameterCountText.Format(actual), text, StringComparison.OrdinalIgnoreCase);
                if (!agrees) Add("CARD_PARAMETER_MISMATCH", $"the card says {text} parameters; {checkpoint.Name} has {ParameterCountText.Format(actual)} ({actual:N0})", i + 1);
            }
        }
        return new ModelCardValidation { Path = path, RepoId = card.RepoId, IsValid = findings.Count == 0, Findings = findings };
    }

    [GeneratedRegex(@"Parameters:?\**:?\s*([0-9][0-9.,_]*\s*[KMBTkmbt]?)\b", RegexOptions.CultureInvariant)]
    private static partial Regex ParametersLine();

    private static bool Same(string a, string b) => string.Equals(a.Trim(), b.Trim(), StringComparison.OrdinalIgnoreCase);

    private static bool SameValue(string a, string b) =>
        double.TryParse(a, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) && double.TryParse(b, NumberStyles.Float, CultureInfo.InvariantCulture, out var y)
            ? Math.Abs(x - y) <= 1e-9 * Math.Max(1, Math.Abs(x))
            : Same(a, b);

    private static List<(string Title, string Content, int Line)> Sections(string body, int firstLine)
    {
        var result = new List<(string, string, int)>();
        var lines = body.Split('\n');
        var inFence = false;
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].TrimStart().StartsWith("```", StringComparison.Ordinal)) inFence = !inFence;
            var h = inFence ? null : Regex.Match(lines[i], @"^(#{1,6})\s+(.+?)\s*#*\s*$");
            if (h is not { Success: true }) continue;
            var level = h.Groups[1].Length;
            var content = new List<string>();
            var fence = false;
            for (var j = i + 1; j < lines.Length; j++)
            {
                if (lines[j].TrimStart().StartsWith("```", StringComparison.Ordinal)) fence = !fence;
                var next = fence ? null : Regex.Match(lines[j], @"^(#{1,6})\s");
                if (next is { Success: true } && next.Groups[1].Length <= level) break;
                content.Add(lines[j]);
            }
            result.Add((h.Groups[2].Value, string.Join('\n', content).Trim(), firstLine + i));
        }
        return result;
    }

    private static List<(string Dataset, string Metric, string Value)> ModelIndexMetrics(object? index, Action<string, string, int?> add)
    {
        var result = new List<(string, string, string)>();
        if (index is null) return result;
        if (index is not List<object?> models) { add("CARD_MODEL_INDEX_INVALID", "model-index must be a list", 2); return result; }
        for (var i = 0; i < models.Count; i++)
        {
            if (models[i] is not Dictionary<string, object?> model || model.GetValueOrDefault("results") is not List<object?> results)
            {
                add("CARD_MODEL_INDEX_INVALID", $"model-index[{i}] needs a name and a list of results", 2);
                continue;
            }
            for (var r = 0; r < results.Count; r++)
            {
                var where = $"model-index[{i}].results[{r}]";
                if (results[r] is not Dictionary<string, object?> result_) { add("CARD_MODEL_INDEX_INVALID", $"{where} is not a mapping", 2); continue; }
                if (result_.GetValueOrDefault("task") is not Dictionary<string, object?> task || task.GetValueOrDefault("type") is not string { Length: > 0 })
                {
                    add("CARD_MODEL_INDEX_INVALID", $"{where}.task.type is missing", 2);
                }
                var dataset = result_.GetValueOrDefault("dataset") as Dictionary<string, object?>;
                if (dataset?.GetValueOrDefault("type") is not string { Length: > 0 }) add("CARD_MODEL_INDEX_INVALID", $"{where}.dataset.type is missing", 2);
                if (dataset?.GetValueOrDefault("name") is not string { Length: > 0 }) add("CARD_MODEL_INDEX_INVALID", $"{where}.dataset.name is missing", 2);
                if (result_.GetValueOrDefault("metrics") is not List<object?> metrics) { add("CARD_MODEL_INDEX_INVALID", $"{where}.metrics is missing", 2); continue; }
                for (var k = 0; k < metrics.Count; k++)
                {
                    var metric = metrics[k] as Dictionary<string, object?>;
                    if (metric?.GetValueOrDefault("type") is not string { Length: > 0 } type) { add("CARD_MODEL_INDEX_INVALID", $"{where}.metrics[{k}].type is missing", 2); continue; }
                    if (metric.GetValueOrDefault("value") is not { } value) { add("CARD_MODEL_INDEX_INVALID", $"{where}.metrics[{k}].value is missing", 2); continue; }
                    var valueText = value is double d ? d.ToString("R", CultureInfo.InvariantCulture) : Convert.ToString(value, CultureInfo.InvariantCulture)!;
                    var datasetName = dataset?.GetValueOrDefault("name") as string ?? "";
                    result.Add((datasetName, type, valueText));
                    if (metric.GetValueOrDefault("name") is string name) result.Add((datasetName, name, valueText));
                }
            }
        }
        return result;
    }

    /// <summary>Rows of Markdown tables that have Dataset, Metric and Value columns.</summary>
    private static IEnumerable<(string Dataset, string Metric, string Value, int Line)> BodyMetrics(string body, int firstLine)
    {
        var lines = body.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (!lines[i].TrimStart().StartsWith('|')) continue;
            var header = Cells(lines[i]);
            int d = header.FindIndex(c => Same(c, "Dataset")), m = header.FindIndex(c => Same(c, "Metric")), v = header.FindIndex(c => Same(c, "Value"));
            if (d < 0 || m < 0 || v < 0) continue;
            for (var j = i + 2; j < lines.Length && lines[j].TrimStart().StartsWith('|'); j++)
            {
                var row = Cells(lines[j]);
                if (row.Count > Math.Max(d, Math.Max(m, v))) yield return (row[d], row[m], row[v], firstLine + j);
            }
            i++;
        }
    }

    private static List<string> Cells(string line) => line.Trim().Trim('|').Split('|').Select(c => c.Trim()).ToList();

    public static ModelCardValidation WithHubErrors(ModelCardValidation validation, IReadOnlyList<string> hubErrors) =>
        hubErrors.Count == 0 ? validation : validation with
        {
            IsValid = false,
            Findings = [.. validation.Findings, .. hubErrors.Select(e => new Finding(FindingSeverity.Error, "CARD_HUB_REJECTED", "the Hub's validate-yaml refused the metadata: " + e) { Path = validation.Path })],
        };
}
