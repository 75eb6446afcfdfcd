using System.Globalization;
using System.Text.RegularExpressions;

namespace ModelRelease.Core.Cards;

/// <summary>
/// Checks a card against a policy (<see cref="CardPolicy.Default"/> unless one is given) and returns findings with
/// stable codes (<see cref="CardCodes"/>), each with its file line; the policy says which codes are errors, which are
/// warnings and which are off. A card is valid when no finding is an error.
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
            return Unreadable(ex, path, policy);
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
        catch (ModelCardException ex) when (ex.Code is CardCodes.NoFrontMatter or CardCodes.YamlInvalid or CardCodes.NotUtf8 or CardCodes.TooLarge)
        {
            return (Unreadable(ex, full, policy), null);
        }
    }

    private static ModelCardValidation Unreadable(ModelCardException ex, string? path, CardPolicy? policy) => new()
    {
        Path = path,
        IsValid = false,
        Policy = (policy ?? CardPolicy.Default).Name,
        Findings = [new Finding(FindingSeverity.Error, ex.Code, ex.Detail) { Path = path, Line = ex.Line }],
    };

    public static ModelCardValidation Validate(ModelCard card, CardPolicy? policy = null, Checkpoint? checkpoint = null)
    {
        policy ??= CardPolicy.Default;
        var findings = new List<Finding>();
        var path = card.Path;
        void Add(string code, string message, int? line = null)
        {
            var level = policy.LevelOf(code);
            if (level == CardFindingLevel.Off) return;
            findings.Add(new Finding(level == CardFindingLevel.Warning ? FindingSeverity.Warning : FindingSeverity.Error, code, message) { Path = path, Line = line });
        }

        foreach (var (line, found, text) in CardUnfinished.Find(card, policy))
        {
            Add(CardCodes.Unfinished, $"unfinished text {string.Join(", ", found.Select(f => $"'{f}'"))}: {text}", line);
        }

        // Values that PyYAML (huggingface_hub) and the Hub would read differently.
        var (yaml, firstLine) = CardDocument.FrontMatter(card);
        foreach (var (text, line) in CardYaml.AmbiguousPlainScalars(yaml, firstLine))
        {
            Add(CardCodes.YamlAmbiguous, $"'{text}' unquoted is a boolean to YAML 1.1 readers (PyYAML, used by huggingface_hub) and a string to others; write '{text}' in quotes (for Norwegian, language: 'no')", line);
        }

        Sections(CardOutline.Read(card), policy, Add);
        Metadata(card.Metadata, policy, Add);
        var indexed = CardModelIndex.Check(card.Metadata.GetValueOrDefault("model-index"), problem => Add(CardCodes.ModelIndexInvalid, problem + "; huggingface_hub would refuse to load this metadata", 2));

        // Metrics in the body that disagree with model-index.
        var bodyLine = CardOutline.BodyLine(card);
        foreach (var (dataset, metric, value, line) in BodyMetrics(card.Body, bodyLine))
        {
            var match = indexed.FirstOrDefault(x => Same(x.Dataset, dataset) && (Same(x.Type, metric) || (x.Name is not null && Same(x.Name, metric))));
            if (match.Type is not null && !SameValue(match.Value, value))
            {
                Add(CardCodes.MetricMismatch, $"the body says {metric} on {dataset} is {value}, model-index says {match.Value}", line);
            }
        }

        // The parameter count the card states, against the checkpoint.
        if (checkpoint is not null)
        {
            var lines = CardOutline.Lines(card.Text);
            for (var i = 0; i < lines.Length; i++)
            {
                var p = ParametersLine().Match(lines[i]);
                if (!p.Success || !ParameterCountText.TryParse(p.Groups[1].Value, out var stated)) continue;
                var actual = checkpoint.ParameterCount;
                var text = p.Groups[1].Value.Trim();
                var agrees = stated == actual || string.Equals(ParameterCountText.Format(actual), text, StringComparison.OrdinalIgnoreCase);
                if (!agrees) Add(CardCodes.ParameterMismatch, $"the card says {text} parameters; {checkpoint.Name} has {ParameterCountText.Format(actual)} ({actual:N0})", i + 1);
            }
        }
        return new ModelCardValidation
        {
            Path = path,
            RepoId = card.RepoId,
            Policy = policy.Name,
            IsValid = findings.All(f => f.Severity != FindingSeverity.Error),
            Findings = findings,
        };
    }

    private static void Sections(IReadOnlyList<CardSection> sections, CardPolicy policy, Action<string, string, int?> add)
    {
        var byMeaning = policy.SectionMatch == CardSectionMatch.Meaning;
        foreach (var (required, matching) in CardSectionMeaning.Match(sections, policy.RequiredSections, byMeaning))
        {
            if (matching.Count == 0)
            {
                add(CardCodes.SectionMissing, byMeaning
                    ? $"no section says what '{required}' says (no heading such as '{required}'{Examples(required)})"
                    : $"the section '{required}' is missing", null);
            }
            else if (matching.All(s => s.IsEmpty))
            {
                add(CardCodes.SectionEmpty, $"the section '{matching[0].Title}' is empty", matching[0].Line);
            }
        }
    }

    private static string Examples(string required) => required switch
    {
        "Uses" => ", 'Intended uses' or 'How to use'",
        "How to Get Started with the Model" => ", 'How to use', 'Usage' or 'Quick start'",
        "Bias, Risks, and Limitations" => ", 'Limitations' or 'Bias'",
        "Evaluation" => ", 'Evaluation results' or 'Performance'",
        "Training Details" => ", 'Training data' or 'Training procedure'",
        "Citation" => " or 'BibTeX'",
        "Model Details" => ", 'Model description' or 'Model summary'",
        _ => "",
    };

    private static void Metadata(IReadOnlyDictionary<string, object?> m, CardPolicy policy, Action<string, string, int?> add)
    {
        static bool Missing(IReadOnlyDictionary<string, object?> m, string key) =>
            !m.TryGetValue(key, out var value) || value is null || value is string s && s.Trim().Length == 0 || value is List<object?> { Count: 0 };

        foreach (var key in policy.RequiredMetadata.Where(k => Missing(m, k)))
        {
            add(CardCodes.MetadataMissing, $"the metadata has no '{key}'" + (key == "tags" ? " (at least one tag)" : key == "license" ? " (a Hub license id such as apache-2.0 or mit, or 'other' with license_name and license_link)" : ""), 2);
        }
        if (TextTask(m) is { } task)
        {
            foreach (var key in policy.TextTaskMetadata.Where(k => Missing(m, k) && !policy.RequiredMetadata.Contains(k, StringComparer.Ordinal)))
            {
                add(CardCodes.MetadataExpected, $"the metadata has no '{key}'; a text model ({task}) should say it" + (key == "language" ? " (ISO 639 codes such as en, or multilingual)" : ""), 2);
            }
        }
        if (m.TryGetValue("license", out var license) && license is not null && !Missing(m, "license"))
        {
            foreach (var item in license is List<object?> list ? list : [license])
            {
                if (item is not string id || !HubVocabulary.Licenses.Contains(id))
                {
                    var hint = item is string s && HubVocabulary.Licenses.Contains(s.Trim().ToLowerInvariant()) ? $" (the Hub's id is '{s.Trim().ToLowerInvariant()}')" : "";
                    add(CardCodes.LicenseUnknown, $"license '{Show(item)}' is not one the Hub knows{hint}; use its id (apache-2.0, mit, cc-by-4.0, …) or 'other' with license_name and license_link", 2);
                }
                else if (id == "other" && (Missing(m, "license_name") || Missing(m, "license_link")))
                {
                    add(CardCodes.LicenseOtherIncomplete, "license 'other' needs license_name and license_link so readers can find the terms", 2);
                }
            }
        }
        if (m.TryGetValue("language", out var language) && language is not null)
        {
            foreach (var code in language is List<object?> l ? l : [language])
            {
                if (code is not string c || !HubVocabulary.Languages.Contains(c)) add(CardCodes.LanguageInvalid, $"language '{Show(code)}' is not an ISO 639 code (write 'en', 'fr', 'zh'; no region such as zh-CN)", 2);
            }
        }
    }

    /// <summary>The text task the card's pipeline_tag or tags name (pipeline_tag text-generation), or null.</summary>
    public static string? TextTask(IReadOnlyDictionary<string, object?> m)
    {
        if (m.GetValueOrDefault("pipeline_tag") is string pipeline && HubVocabulary.TextTasks.Contains(pipeline)) return "pipeline_tag " + pipeline;
        if (m.GetValueOrDefault("tags") is List<object?> tags && tags.OfType<string>().FirstOrDefault(HubVocabulary.TextTasks.Contains) is { } tag) return "tag " + tag;
        return null;
    }

    private static string Show(object? value) => value switch
    {
        null => "null",
        List<object?> l => "[" + string.Join(", ", l.Select(Show)) + "]",
        Dictionary<string, object?> => "a mapping",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    [GeneratedRegex(@"Parameters:?\**:?\s*([0-9][0-9.,_]*\s*[KMBTkmbt]?)\b", RegexOptions.CultureInvariant)]
    private static partial Regex ParametersLine();

    private static bool Same(string a, string b) => string.Equals(a.Trim(), b.Trim(), StringComparison.OrdinalIgnoreCase);

    private static bool SameValue(string a, string b) =>
        double.TryParse(a, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) && double.TryParse(b, NumberStyles.Float, CultureInfo.InvariantCulture, out var y)
            ? Math.Abs(x - y) <= 1e-9 * Math.Max(1, Math.Abs(x))
            : Same(a, b);

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
            Findings = [.. validation.Findings, .. hubErrors.Select(e => new Finding(FindingSeverity.Error, CardCodes.HubRejected, "the Hub's validate-yaml refused the metadata: " + e) { Path = validation.Path })],
        };
}
