namespace ModelRelease;

/// <summary>
/// A name that does not parse or cannot be built, or a template that cannot be used: the stable
/// <see cref="ErrorId"/> (<see cref="ModelNameInvalid"/>, <see cref="NameTemplateInvalid"/>), the rule's
/// <see cref="Code"/> (<c>NAME_PART</c>, <c>NAME_FIELD_MISSING</c>, …), and where: the <see cref="Part"/> of the
/// template that did not match, the <see cref="Position"/> in the name, the <see cref="Field"/>.
/// </summary>
public sealed class ModelNameException(string errorId, string code, string? name, string template, string detail, ErrorKind kind = ErrorKind.InvalidData)
    : ModelReleaseException((name is null ? "" : $"'{VersionException.Shown(name)}': ") + $"{detail} [{code}]")
{
    public const string ModelNameInvalid = "ModelNameInvalid";
    public const string NameTemplateInvalid = "NameTemplateInvalid";

    public override string ErrorId { get; } = errorId;
    public override ErrorKind Kind { get; } = kind;
    public override object? Target => Name ?? Template;

    public string Code { get; } = code;

    /// <summary>The name (null when building failed before there was one).</summary>
    public string? Name { get; } = name;

    /// <summary>The template's name or text.</summary>
    public string Template { get; } = template;

    public string Detail { get; } = detail;

    /// <summary>The part of the template that did not match (<c>-a{alpha}</c>), when there is one.</summary>
    public string? Part { get; init; }

    /// <summary>Where in the name that part was expected (0-based), when known.</summary>
    public int? Position { get; init; }

    /// <summary>The field the error is about, when there is one.</summary>
    public string? Field { get; init; }
}
