using System.Globalization;
using ModelRelease.Core.Checkpoints.Parameters;

namespace ModelRelease.Core.Cards;

/// <summary>
/// Builds a model card from what ModelRelease already knows: checkpoints and their parameter counts,
/// sizes and hashes, a training config, evaluation metrics (a results table and <c>model-index</c>), the
/// release, and the metadata given. Output is deterministic: the same request gives the same bytes.
/// </summary>
public static class CardBuilder
{
    public const string Missing = "[More Information Needed]";

    /// <summary>How many lines of the card still say <see cref="Missing"/>.</summary>
    public static int OpenLines(ModelCard card) => card.Text.Split('\n').Count(l => l.Contains(Missing, StringComparison.Ordinal));

    public static ModelCard Build(CardRequest request)
    {
        if (request.MetricsPath is { } metricsPath)
        {
            request = request with { Metrics = [.. request.Metrics, .. CardMetrics.FromJsonFile(metricsPath)], MetricsPath = null };
        }
        var variables = Variables(request);
        string template;
        if (request.TemplatePath is { } path)
        {
            if (!File.Exists(path)) throw new ModelCardException("ModelCardTemplateInvalid", CardCodes.TemplateMissing, path, null, "the template does not exist", ErrorKind.NotFound);
            template = CardFile.ReadInput(path, "ModelCardTemplateInvalid", CardCodes.TemplateText);
        }
        else
        {
            template = DefaultCardTemplate.Text;
        }
        template = template.Replace("\r\n", "\n", StringComparison.Ordinal);
        IReadOnlyDictionary<string, object?> metadata = Metadata(request);
        var firstLine = 1;
        if (template.TrimStart(CardDocument.ByteOrderMark).StartsWith("---\n", StringComparison.Ordinal))
        {
            // Front matter in a template is the team's default metadata; what the request says wins.
            var defaults = CardDocument.Parse(template, request.TemplatePath);
            metadata = MergeDefaults(defaults.Metadata, metadata);
            firstLine = 1 + template[..^defaults.Body.Length].Count(c => c == '\n');
            template = defaults.Body;
        }
        var body = CardTemplate.Render(template, variables, request.TemplatePath, firstLine);
        if (!body.EndsWith('\n')) body += "\n";
        var card = CardDocument.Create(metadata, body);
        return card with { RepoId = request.RepoId, Variant = request.Variant, Version = request.Version };
    }

    /// <summary>
    /// A template's default metadata under the request's: the request's values win, except that tags are the union
    /// (the team's first), and a license other than 'other' drops the defaults' license_name and license_link.
    /// </summary>
    public static IReadOnlyDictionary<string, object?> MergeDefaults(IReadOnlyDictionary<string, object?> defaults, IReadOnlyDictionary<string, object?> given)
    {
        var changes = given.ToList();
        if (given.TryGetValue("license", out var license) && license is string id && id != "other" && !given.ContainsKey("license_name"))
        {
            changes.Add(new("license_name", null));
            changes.Add(new("license_link", null));
        }
        if (defaults.GetValueOrDefault("tags") is List<object?> teamTags && given.GetValueOrDefault("tags") is List<object?> tags)
        {
            var i = changes.FindIndex(kv => kv.Key == "tags");
            changes[i] = new("tags", teamTags.Concat(tags).Distinct().ToList());
        }
        return CardMetadataUpdate.Apply(defaults, changes);
    }

    /// <summary>The front matter, in the order the Hub documents its keys.</summary>
    public static Dictionary<string, object?> Metadata(CardRequest r)
    {
        var m = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (r.License is not null) m["license"] = r.License;
        if (r.LicenseName is not null) m["license_name"] = r.LicenseName;
        if (r.LicenseLink is not null) m["license_link"] = r.LicenseLink;
        if (r.Language.Count > 0) m["language"] = r.Language.ToList<object?>();
        if (r.LibraryName is not null) m["library_name"] = r.LibraryName;
        if (r.PipelineTag is not null) m["pipeline_tag"] = r.PipelineTag;
        var tags = r.Tags.Concat(r.Checkpoints.Select(c => c.Format switch { CheckpointFormat.Gguf => "gguf", CheckpointFormat.Safetensors => "safetensors", CheckpointFormat.Onnx => "onnx", _ => "pytorch" }))
            .Distinct(StringComparer.Ordinal).ToList<object?>();
        if (tags.Count > 0) m["tags"] = tags;
        if (r.BaseModel.Count > 0) m["base_model"] = r.BaseModel.Count == 1 ? r.BaseModel[0] : r.BaseModel.ToList<object?>();
        if (r.Datasets.Count > 0) m["datasets"] = r.Datasets.ToList<object?>();
        if (r.Metrics.Count > 0) m["model-index"] = CardMetrics.ModelIndex(r.RepoId ?? "model", r.Metrics);
        return m;
    }

    /// <summary>The values the template's placeholders take.</summary>
    public static Dictionary<string, string> Variables(CardRequest r)
    {
        var reports = r.Reports.Count > 0 ? r.Reports : r.Checkpoints.Select(c => ParameterCounter.Measure(c)).ToList();
        var total = reports.Sum(x => x.Total);
        var tag = r.Tag ?? (r.Version is null ? null : "v" + r.Version);
        var id = r.RepoId ?? "model";
        var v = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["model_id"] = id,
            ["repo_id"] = id,
            ["variant"] = r.Variant ?? "—",
            ["version"] = r.Version ?? Missing,
            ["tag"] = tag ?? Missing,
            ["license"] = r.License ?? Missing,
            ["language"] = r.Language.Count > 0 ? string.Join(", ", r.Language) : Missing,
            ["base_model"] = r.BaseModel.Count > 0 ? string.Join(", ", r.BaseModel) : "—",
            ["datasets"] = r.Datasets.Count > 0 ? string.Join(", ", r.Datasets) : Missing,
            ["library_name"] = r.LibraryName ?? "—",
            ["pipeline_tag"] = r.PipelineTag ?? "—",
            ["parameters"] = reports.Count > 0 ? ParameterCountText.Format(total) : Missing,
            ["parameters_exact"] = reports.Count > 0 ? total.ToString("N0", CultureInfo.InvariantCulture) : Missing,
            ["formats"] = r.Checkpoints.Count > 0 ? string.Join(", ", r.Checkpoints.Select(c => FormatName(c.Format)).Distinct()) : Missing,
            ["dtypes"] = reports.Count > 0 ? string.Join(", ", reports.SelectMany(x => x.ByDType.Keys).Distinct().Order(StringComparer.Ordinal)) : Missing,
            ["files_table"] = FilesTable(r),
            ["family_table"] = r.Family ?? "—",
            ["family_section"] = r.Family is null ? "" : "\n### Model Family\n\n" + r.Family + "\n",
            ["hardware_table"] = HardwareTable(r),
            ["hyperparameters_table"] = r.ConfigPath is null ? Missing : CardConfig.Table(CardConfig.Read(r.ConfigPath)),
            ["results_table"] = CardMetrics.Table(r.Metrics),
            ["get_started_powershell"] = $"Save-HfModel -RepoId {id} -Revision {tag ?? "main"} -Destination ./{id.Split('/')[^1]}\nGet-Checkpoint ./{id.Split('/')[^1]} | Test-Checkpoint -Deep",
            ["get_started_python"] = $"from huggingface_hub import snapshot_download\n\npath = snapshot_download(\"{id}\", revision=\"{tag ?? "main"}\")",
            ["citation_bibtex"] = Missing,
            ["changelog"] = tag is null ? Missing : $"- {tag}: released with ModelRelease.",
            ["model_summary"] = Missing,
            ["model_description"] = Missing,
            ["direct_use"] = Missing,
            ["out_of_scope_use"] = Missing,
            ["bias_risks_limitations"] = Missing,
            ["training_data"] = Missing,
            ["training_procedure"] = Missing,
            ["evaluation_summary"] = r.Metrics.Count > 0 ? $"Evaluated on {string.Join(", ", r.Metrics.Select(m => m.DatasetName).Distinct())}." : Missing,
            ["environmental_impact"] = Missing,
        };
        foreach (var (key, value) in r.Sections) v[key] = value.Trim();
        return v;
    }

    /// <summary>How a format is written in prose: GGUF, ONNX, PyTorch, PyTorch (legacy), safetensors.</summary>
    public static string FormatName(CheckpointFormat format) => format switch
    {
        CheckpointFormat.Safetensors => "safetensors",
        CheckpointFormat.Gguf => "GGUF",
        CheckpointFormat.Onnx => "ONNX",
        CheckpointFormat.PyTorchLegacy => "PyTorch (legacy)",
        _ => "PyTorch",
    };

    /// <summary>One row per checkpoint, then a row per further file it is made of (shards, external data), each with its SHA-256 when known.</summary>
    private static string FilesTable(CardRequest r)
    {
        if (r.Checkpoints.Count == 0) return Missing;
        var lines = new List<string> { "| File | Format | Size | Tensors | Parameters | SHA-256 |", "|---|---|---|---|---|---|" };
        string Sha(string path) => r.Sha256.TryGetValue(path, out var sha) ? "`" + sha + "`" : "—";
        foreach (var c in r.Checkpoints)
        {
            var name = c.Shards.Count > 1 ? $"{c.Name} ({c.Shards.Count} shards)" : c.Name;
            var own = c.Shards.Count > 1 ? FileLength(c.Path) : c.Length;
            lines.Add($"| {name} | {FormatName(c.Format)} | {ByteSizeText.Format(own)} | {c.TensorCount} | {ParameterCountText.Format(c.ParameterCount)} | {Sha(c.Path)} |");
            var folder = Path.GetDirectoryName(c.Path) ?? "";
            foreach (var shard in c.Shards.Where(s => !string.Equals(s.Path, c.Path, StringComparison.Ordinal)))
            {
                lines.Add($"| {Path.GetRelativePath(folder, shard.Path).Replace('\\', '/')} | | {ByteSizeText.Format(shard.Length)} | {shard.TensorCount} | | {Sha(shard.Path)} |");
            }
            foreach (var external in c.Tensors.Select(t => t.File).OfType<string>().Distinct(StringComparer.Ordinal).Where(f => !string.Equals(f, c.Path, StringComparison.Ordinal) && c.Shards.All(s => s.Path != f)))
            {
                lines.Add($"| {Path.GetRelativePath(folder, external).Replace('\\', '/')} | external data | {ByteSizeText.Format(FileLength(external))} | | | {Sha(external)} |");
            }
        }
        return string.Join('\n', lines);
    }

    private static long FileLength(string path) => File.Exists(path) ? new FileInfo(path).Length : 0;

    /// <summary>Memory to hold the weights, from the files: the bytes themselves, and about 1.2× for inference overhead.</summary>
    private static string HardwareTable(CardRequest r)
    {
        if (r.Checkpoints.Count == 0) return Missing;
        var lines = new List<string> { "| Checkpoint | Size on disk | Memory for the weights | Recommended memory (≈1.2×) |", "|---|---|---|---|" };
        foreach (var c in r.Checkpoints)
        {
            var weights = c.Tensors.Sum(t => t.ByteLength);
            if (weights == 0) weights = c.Length;
            lines.Add($"| {c.Name} | {ByteSizeText.Format(c.Length)} | {ByteSizeText.Format(weights)} | {ByteSizeText.Format((long)(weights * 1.2))} |");
        }
        return string.Join('\n', lines);
    }
}
