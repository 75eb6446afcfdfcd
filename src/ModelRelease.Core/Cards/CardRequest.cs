namespace ModelRelease.Core.Cards;

/// <summary>Everything New-ModelCard knows about a release. Unknown prose sections become "[More Information Needed]", which Test-ModelCard refuses.</summary>
public sealed record CardRequest
{
    public string? RepoId { get; init; }
    public string? Variant { get; init; }
    public string? Version { get; init; }

    /// <summary>The release tag; defaults to v{Version}.</summary>
    public string? Tag { get; init; }

    public IReadOnlyList<Checkpoint> Checkpoints { get; init; } = [];
    public IReadOnlyList<ParameterReport> Reports { get; init; } = [];

    /// <summary>SHA-256 by checkpoint path, when known (from validations).</summary>
    public IReadOnlyDictionary<string, string> Sha256 { get; init; } = new Dictionary<string, string>();

    /// <summary>A training config file (any YAML or JSON).</summary>
    public string? ConfigPath { get; init; }

    public IReadOnlyList<MetricResult> Metrics { get; init; } = [];

    /// <summary>A metrics JSON file, read when the card is built and added to <see cref="Metrics"/>; in a family it may hold {variant}.</summary>
    public string? MetricsPath { get; init; }

    public string? License { get; init; }
    public string? LicenseName { get; init; }
    public string? LicenseLink { get; init; }
    public IReadOnlyList<string> Language { get; init; } = [];
    public IReadOnlyList<string> Tags { get; init; } = [];
    public string? LibraryName { get; init; }
    public string? PipelineTag { get; init; }
    public IReadOnlyList<string> BaseModel { get; init; } = [];
    public IReadOnlyList<string> Datasets { get; init; } = [];

    /// <summary>Prose for the template's sections, by placeholder name (model_description, direct_use, out_of_scope_use,
    /// bias_risks_limitations, training_data, training_procedure, evaluation_summary, environmental_impact, citation_bibtex, changelog, …).</summary>
    public IReadOnlyDictionary<string, string> Sections { get; init; } = new Dictionary<string, string>();

    /// <summary>The table of the whole family when the card is one of several variants (set by <see cref="CardFamily"/>).</summary>
    public string? Family { get; init; }

    /// <summary>A Markdown template with {{ placeholders }}; the default template when null.</summary>
    public string? TemplatePath { get; init; }
}
