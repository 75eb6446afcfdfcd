namespace ModelRelease.Core.Releases.Versions;

/// <summary>The built-in tag formats, in the order a tag is read: v, model-v, export-v, weights-v.</summary>
public static class TagTemplates
{
    public static TagTemplate Version { get; } = TagTemplate.Parse("v{version}");
    public static TagTemplate Model { get; } = TagTemplate.Parse("model-v{version}");
    public static TagTemplate Export { get; } = TagTemplate.Parse("export-v{version}");
    public static TagTemplate Weights { get; } = TagTemplate.Parse("weights-v{major}.{minor}");

    /// <summary>The four families, in priority order.</summary>
    public static IReadOnlyList<TagTemplate> BuiltIn { get; } = [Version, Model, Export, Weights];

    /// <summary>The format of <paramref name="format"/> (Custom needs <paramref name="template"/>).</summary>
    public static TagTemplate For(TagFormat format, string? template = null) => format switch
    {
        TagFormat.Version => Version,
        TagFormat.Model => Model,
        TagFormat.Export => Export,
        TagFormat.Weights => Weights,
        TagFormat.Custom => TagTemplate.Parse(template ?? throw new VersionException(VersionException.TagFormatInvalid, VersionCodes.TagTemplate, "", "a custom tag format needs a template such as 'release-{version}'")),
        _ => throw new VersionException(VersionException.TagFormatInvalid, VersionCodes.TagFormatUnknown, format.ToString(), "not a tag format"),
    };

    /// <summary>A built-in format by family (<c>model-v</c>) or name (<c>Model</c>), or a template of your own (text with '{'); throws TAG_FORMAT_UNKNOWN otherwise.</summary>
    public static TagTemplate Resolve(string format)
    {
        ArgumentNullException.ThrowIfNull(format);
        var f = format.Trim();
        var byFamily = BuiltIn.FirstOrDefault(t => string.Equals(t.Family, f, StringComparison.OrdinalIgnoreCase) || string.Equals(t.Text, f, StringComparison.Ordinal));
        if (byFamily is not null) return byFamily;
        if (Enum.TryParse<TagFormat>(f, ignoreCase: true, out var named) && named != TagFormat.Custom && !f.All(char.IsAsciiDigit)) return For(named);
        if (f.Contains('{', StringComparison.Ordinal)) return TagTemplate.Parse(f);
        throw new VersionException(VersionException.TagFormatInvalid, VersionCodes.TagFormatUnknown, format,
            "not a tag format: use v, model-v, export-v, weights-v (or Version, Model, Export, Weights), or a template with {version} such as vllm-v{version}");
    }
}
