namespace ModelRelease;

/// <summary>
/// What a tag name says about a version. The tag formats are tried in a fixed order (v, model-v, export-v,
/// weights-v, your own templates, component-v), then the tag's whole name is read as a version; a tag such as
/// <c>latest-stable</c> names none, and says so (<see cref="NamesVersion"/> false, <see cref="Reason"/>).
/// </summary>
public sealed record TagVersion
{
    /// <summary>The tag name.</summary>
    public required string Tag { get; init; }

    /// <summary>True when the tag names a version.</summary>
    public required bool NamesVersion { get; init; }

    /// <summary>The version the tag names; null when it names none.</summary>
    public SemanticVersion? Version { get; init; }

    /// <summary>The family it was read as (<c>v</c>, <c>model-v</c>, <c>export-v</c>, <c>weights-v</c>, a template's prefix, or empty for a bare version); null when it names no version.</summary>
    public string? Family { get; init; }

    /// <summary>The format that read it (<c>model-v{version}</c>, <c>{version}</c> for a bare version); null when none did.</summary>
    public string? Format { get; init; }

    /// <summary>Why the tag names no version; null when it names one.</summary>
    public string? Reason { get; init; }

    /// <summary>How a loose version in the tag was read (<c>v1.1</c> → 1.1.0); null when it was canonical.</summary>
    public string? Note { get; init; }

    public override string ToString() => NamesVersion ? $"{Tag} → {Version} ({(Family is "" ? "bare" : Family)})" : $"{Tag} → no version";
}
