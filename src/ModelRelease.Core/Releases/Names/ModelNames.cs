namespace ModelRelease.Core.Releases.Names;

/// <summary>
/// Builds and reads model names over the name templates (<see cref="NameTemplates"/>), and checks them against the
/// rules of what they name: a name that the Hub (or git, or a file system) would refuse is not built
/// (NAME_RULES), and a name read from elsewhere carries its rule findings.
/// </summary>
public sealed class ModelNames(NameTemplates? templates = null)
{
    private readonly NameTemplates _templates = templates ?? NameTemplates.Default;

    /// <summary>
    /// The name <paramref name="template"/> (a built-in name or a template's text) builds from <paramref name="fields"/>.
    /// <paramref name="variants"/>, when given, are the values the <c>variant</c> field may take (they also tell
    /// <c>org/stick-gen</c>, the base variant, from <c>org/stick-gen-base</c>).
    /// </summary>
    /// <paramref name="ignoreUnknownFields"/> skips values the template has no field for (the other properties of an object).
    public ModelName Build(string template, IReadOnlyDictionary<string, object?> fields, IReadOnlyList<string>? variants = null, bool ignoreUnknownFields = false)
    {
        var t = _templates.Resolve(template);
        var reading = t.Write(fields, (Options(variants) ?? new NameOptions()) with { IgnoreUnknownFields = ignoreUnknownFields });
        var findings = HubNameRules.Check(reading.Name, t.Kind);
        if (findings.Count > 0)
        {
            throw new ModelNameException(ModelNameException.ModelNameInvalid, NameCodes.Rules, reading.Name, t.Name,
                $"cannot be used as a {t.Kind.ToString().ToLowerInvariant()} name: {string.Join("; ", findings.Select(f => f.Message))}", ErrorKind.InvalidArgument)
            {
                RecommendedAction = "Shorten the fields or drop the characters the rules name.",
            };
        }
        return Record(t, reading, findings);
    }

    /// <summary>
    /// Reads <paramref name="name"/> with <paramref name="template"/>, or, when none is named, with the first built-in
    /// template that reads it (in <see cref="NameTemplates.All"/> order). Throws <see cref="ModelNameException"/> naming
    /// the part that did not match (for no template: the one that matched furthest).
    /// </summary>
    public ModelName Parse(string name, string? template = null, IReadOnlyList<string>? variants = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        var options = Options(variants);
        if (template is not null)
        {
            var t = _templates.Resolve(template);
            var reading = t.Read(name, options);
            return Record(t, reading, HubNameRules.Check(name, t.Kind));
        }
        ModelNameException? closest = null;
        var closestParts = -1;
        foreach (var t in _templates.All)
        {
            var reading = t.TryRead(name, options, out var error, out var matchedParts);
            if (reading is not null) return Record(t, reading, HubNameRules.Check(name, t.Kind));
            if (error!.Code == NameCodes.TooLong) throw error;
            if (matchedParts > closestParts)
            {
                closest = error;
                closestParts = matchedParts;
            }
        }
        throw new ModelNameException(ModelNameException.ModelNameInvalid, NameCodes.NoTemplate, name, closest!.Template,
            $"no template reads it ({string.Join(", ", _templates.All.Select(t => t.Name))}); the closest, {closest.Template}, {closest.Detail}")
        {
            Part = closest.Part,
            Position = closest.Position,
            Field = closest.Field,
            RecommendedAction = "Name the template (-Template), or write one of your own with {field} placeholders.",
            CliRecommendedAction = "Name the template (--template), or write one of your own with {field} placeholders.",
        };
    }

    private static NameOptions? Options(IReadOnlyList<string>? variants) =>
        variants is { Count: > 0 }
            ? new NameOptions { KnownValues = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase) { ["variant"] = variants } }
            : null;

    private static ModelName Record(NameTemplate template, NameReading reading, IReadOnlyList<Finding> findings) => new()
    {
        Name = reading.Name,
        Template = template.Name,
        TemplateText = template.Text,
        Kind = template.Kind,
        Fields = reading.Values,
        Notes = reading.Notes,
        Findings = findings,
    };
}
