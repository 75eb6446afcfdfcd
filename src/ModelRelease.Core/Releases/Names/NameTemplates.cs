using ModelRelease.Core.Releases.Versions;

namespace ModelRelease.Core.Releases.Names;

/// <summary>
/// The built-in name templates, by name, in the order a name without a template is tried against them:
/// <list type="table">
/// <item><term>variant</term><description><c>{org}/{model}[-{variant}]</c>: a family's repositories; a name without a suffix is the base variant (its variant is null).</description></item>
/// <item><term>artifact</term><description><c>{runtime}[-{quant}]-{name:descriptive}[-v{version}].tar.gz</c>: an export bundle.</description></item>
/// <item><term>file</term><description><c>{name}-{size}-{quant}.gguf</c>: one file of a multi-file repository.</description></item>
/// <item><term>v, model-v, export-v, weights-v</term><description>the release tag families <c>v{version}</c>, <c>model-v{version}</c>, <c>export-v{version}</c>, <c>weights-v{major}.{minor}</c>.</description></item>
/// <item><term>component</term><description><c>{prefix:words}-{component:words}-{architecture}-{version}-{date:yyyyMMdd}</c>: a component model of a governed store (<c>pib-vg-base-diffusion-1.2.3-20230615</c>); read it with the component known (the model registry does) when the prefix or the component has a '-'.</description></item>
/// <item><term>descriptive</term><description><c>{base}-{dataset}-r{rank}-a{alpha}-e{epochs}-{trainedAt:yyyyMMdd-HHmmss}[-{format}[-{exportedAt:yyyyMMdd-HHmmss}]]</c>: what was trained, on what, how, when, and how it was exported.</description></item>
/// </list>
/// A template of your own is given as its text (anything with a <c>{field}</c>) and may use the built-in ones as
/// nested formats (<c>{name:descriptive}</c>).
/// </summary>
public sealed class NameTemplates
{
    public const string Variant = "variant";
    public const string Descriptive = "descriptive";
    public const string Artifact = "artifact";
    public const string File = "file";
    public const string Component = "component";

    private readonly Dictionary<string, NameTemplate> _byName = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<NameTemplate> _order = [];

    /// <summary>The built-in templates (an immutable set; build one per use or share it).</summary>
    public static NameTemplates Default { get; } = new();

    private NameTemplates()
    {
        var descriptive = Add(Descriptive, "{base}-{dataset}-r{rank}-a{alpha}-e{epochs}-{trainedAt:yyyyMMdd-HHmmss}[-{format}[-{exportedAt:yyyyMMdd-HHmmss}]]", NameKind.Repository, register: false);
        Add(Variant, "{org}/{model}[-{variant}]", NameKind.Repository);
        Add(Artifact, "{runtime}[-{quant}]-{name:descriptive}[-v{version}].tar.gz", NameKind.File);
        Add(File, "{name}-{size}-{quant}.gguf", NameKind.File);
        foreach (var tag in TagTemplates.BuiltIn) Add(tag.Family, tag.Text, NameKind.Tag);
        _order.Add(descriptive);
        _order.Add(Add(Component, "{prefix:words}-{component:words}-{architecture}-{version}-{date:yyyyMMdd}", NameKind.Repository, register: false));
    }

    /// <summary>The templates in the order a name is tried against them.</summary>
    public IReadOnlyList<NameTemplate> All => _order;

    /// <summary>
    /// A built-in template by name, or a template of your own from its text (anything containing '{'). Throws
    /// <see cref="ModelNameException"/> (NameTemplateInvalid: NAME_TEMPLATE_UNKNOWN or NAME_TEMPLATE_SYNTAX).
    /// </summary>
    public NameTemplate Resolve(string template)
    {
        ArgumentNullException.ThrowIfNull(template);
        if (_byName.TryGetValue(template.Trim(), out var known)) return known;
        if (template.Contains('{', StringComparison.Ordinal)) return NameTemplate.Parse(template, nested: Find);
        throw new ModelNameException(ModelNameException.NameTemplateInvalid, NameCodes.TemplateUnknown, null, template,
            $"'{template}' is not a template: use one of {string.Join(", ", _order.Select(t => t.Name))}, or write one with {{field}} placeholders", ErrorKind.InvalidArgument);
    }

    /// <summary>A built-in template by name, or null.</summary>
    public NameTemplate? Find(string name) => _byName.GetValueOrDefault(name);

    private NameTemplate Add(string name, string text, NameKind kind, bool register = true)
    {
        var template = NameTemplate.Parse(text, name, kind, Find);
        _byName[name] = template;
        if (register) _order.Add(template);
        return template;
    }
}
