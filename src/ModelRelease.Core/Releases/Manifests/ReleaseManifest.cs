namespace ModelRelease.Core.Releases.Manifests;

/// <summary>
/// A model family's release manifest (<c>release.yaml</c>, schema <c>schemas/release-manifest.schema.json</c>), read
/// and checked: every path is full (relative paths are read from the manifest's folder) and every {variant} replaced.
/// </summary>
public sealed record ReleaseManifest
{
    /// <summary>The manifest file.</summary>
    public required string Path { get; init; }

    public string? Family { get; init; }

    /// <summary>The release version the manifest gives (null when the command must give it), with its normalisation note.</summary>
    public ParsedVersion? Version { get; init; }

    public string? License { get; init; }

    public IReadOnlyList<string> Language { get; init; } = [];

    public bool Private { get; init; }

    /// <summary>The card gate's policy file.</summary>
    public string? CardPolicy { get; init; }

    /// <summary>The prose of the cards' sections (a JSON or YAML file).</summary>
    public string? CardSections { get; init; }

    public bool AllowUnfinishedCard { get; init; }

    /// <summary>Paths in the repository every variant's release must contain.</summary>
    public IReadOnlyList<string> RequiredFiles { get; init; } = [];

    /// <summary>What changed (the changelog entry).</summary>
    public IReadOnlyList<string> Changes { get; init; } = [];

    /// <summary>Metric directions by type or name (higher, lower).</summary>
    public IReadOnlyDictionary<string, string> MetricDirections { get; init; } = new Dictionary<string, string>();

    public bool MetricRegressionIsError { get; init; }

    public required IReadOnlyList<ManifestVariant> Variants { get; init; }
}

/// <summary>One variant of a family: where it is released and what it is made of.</summary>
public sealed record ManifestVariant
{
    public required string Name { get; init; }

    /// <summary>Its Hub repository (org/name-small).</summary>
    public required string Repository { get; init; }

    /// <summary>The checkpoint file, or a folder released with everything in it.</summary>
    public required string Checkpoint { get; init; }

    /// <summary>The config, released and rendered in the card.</summary>
    public string? Config { get; init; }

    public string? Metrics { get; init; }

    public long? ExpectedParameters { get; init; }

    public double Tolerance { get; init; }

    /// <summary>The card template.</summary>
    public string? CardTemplate { get; init; }

    /// <summary>Files released besides the checkpoint and the config: the family's and the variant's.</summary>
    public IReadOnlyList<string> Files { get; init; } = [];
}
