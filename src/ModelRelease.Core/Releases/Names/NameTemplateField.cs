namespace ModelRelease.Core.Releases.Names;

/// <summary>A field of a name template: its name, kind, and for timestamps the format, for nested templates the template.</summary>
public sealed class NameTemplateField
{
    internal NameTemplateField(string name, NameFieldKind kind, string placeholder, TimestampFormat? timestamp, NameTemplate? nested)
    {
        Name = name;
        Kind = kind;
        Placeholder = placeholder;
        Timestamp = timestamp;
        Nested = nested;
    }

    public string Name { get; }

    public NameFieldKind Kind { get; }

    /// <summary>The field as the template writes it (<c>{trainedAt:yyyyMMdd-HHmmss}</c>).</summary>
    public string Placeholder { get; }

    internal TimestampFormat? Timestamp { get; }

    /// <summary>The template of a <see cref="NameFieldKind.Template"/> field.</summary>
    public NameTemplate? Nested { get; }

    public override string ToString() => Placeholder;
}
