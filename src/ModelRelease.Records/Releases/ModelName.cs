namespace ModelRelease;

/// <summary>
/// A name built from or parsed by a name template (<c>New-ModelName</c>, <c>ConvertFrom-ModelName</c>): the
/// text, the template, and every field the template names, in template order. Field values are typed: text
/// (<see cref="string"/>), whole numbers (<see cref="int"/>), timestamps (<see cref="DateTime"/>) and versions (the
/// canonical version text); a field of an optional part that the name leaves out is present with a null value.
/// </summary>
public sealed record ModelName
{
    /// <summary>The name.</summary>
    public required string Name { get; init; }

    /// <summary>The template's name (<c>descriptive</c>, <c>variant</c>, <c>artifact</c>, <c>file</c>, a tag format) or, for a template of your own, its text.</summary>
    public required string Template { get; init; }

    /// <summary>The template's text (<c>{org}/{model}[-{variant}]</c>).</summary>
    public required string TemplateText { get; init; }

    public required NameKind Kind { get; init; }

    /// <summary>Every field of the template, in template order (null for a left-out optional part).</summary>
    public required IReadOnlyDictionary<string, object?> Fields { get; init; }

    /// <summary>How loose field values were read (a version <c>v2.0</c> as 2.0.0); empty when none was.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>Where the name breaks the rules of its <see cref="Kind"/> (the Hub's repository-name rules: 96 characters, letters, digits, '-', '_', '.', no '--' or '..', no '-' or '.' at either end).</summary>
    public IReadOnlyList<Finding> Findings { get; init; } = [];

    /// <summary>True when no finding is an error.</summary>
    public bool IsValid => Findings.All(f => f.Severity != FindingSeverity.Error);

    public override string ToString() => Name;
}
