using System.Globalization;
using System.Text.RegularExpressions;
using ModelRelease.Core.Releases.Versions;

namespace ModelRelease.Core.Releases.Names;

/// <summary>
/// Field values between their text in a name and their typed value: text for words, <see cref="int"/> for whole
/// numbers, <see cref="DateTime"/> for timestamps, the canonical version text for versions.
/// </summary>
internal static partial class NameFieldValues
{
    [GeneratedRegex(@"^[A-Za-z0-9_.]+$", RegexOptions.CultureInvariant)]
    private static partial Regex Segment();

    [GeneratedRegex(@"^[A-Za-z0-9_.]+(?:-[A-Za-z0-9_.]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex Words();

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex Namespace();

    /// <summary>A field's text as read from a name: its typed value, canonical text and a note when it was loose.</summary>
    public static (object Value, string Text, string? Note) FromText(NameTemplate template, NameTemplateField field, string text, string name, int position)
    {
        switch (field.Kind)
        {
            case NameFieldKind.Integer:
                if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n)) throw Value(template, field, name, position, $"{field.Placeholder} '{text}' is larger than {int.MaxValue}");
                return (n, text, null);
            case NameFieldKind.Timestamp:
                if (!field.Timestamp!.TryRead(text, out var time)) throw Value(template, field, name, position, $"{field.Placeholder} '{text}' is not a date and time ({field.Timestamp.Text})");
                return (time, text, null);
            case NameFieldKind.Version:
                if (!VersionParser.TryParse(text, out var version, out var error)) throw Value(template, field, name, position, $"{field.Placeholder} '{text}' is not a version: {error.Detail}");
                return (version.Version.ToString(), version.Version.ToString(), version.Note is null ? null : $"{field.Name}: {version.Note}");
            default:
                return (text, text, null);
        }
    }

    /// <summary>A value given for a field when building: checked against the field's kind; its typed value, text, and a note when it was loose.</summary>
    public static (object Value, string Text, string? Note) FromValue(NameTemplate template, NameTemplateField field, object raw, NameOptions? options)
    {
        (object Value, string Text, string? Note) result = field.Kind switch
        {
            NameFieldKind.Integer => Integer(template, field, raw),
            NameFieldKind.Timestamp => Timestamp(template, field, raw),
            NameFieldKind.Version => Version(template, field, raw),
            NameFieldKind.Template => Text(template, field, raw, _ => null),
            NameFieldKind.Segment => Text(template, field, raw, s => Segment().IsMatch(s) ? null : "letters, digits, '_' and '.' only (no '-': it separates the fields)"),
            NameFieldKind.Words => Text(template, field, raw, s => Words().IsMatch(s) ? null : "words of letters, digits, '_' and '.' joined by single '-'"),
            NameFieldKind.Namespace => Text(template, field, raw, s => Namespace().IsMatch(s) ? null : "letters, digits, '-', '_' and '.', starting with a letter or digit"),
            _ => throw new InvalidOperationException(),
        };
        if (options?.KnownValues is { } known && known.TryGetValue(field.Name, out var values) && values.Count > 0 && !values.Contains(result.Text, StringComparer.Ordinal))
        {
            throw Given(template, field, $"{field.Name} '{result.Text}' is not one of {string.Join(", ", values)}");
        }
        return result;
    }

    private static (object, string, string?) Integer(NameTemplate template, NameTemplateField field, object raw)
    {
        long value;
        switch (raw)
        {
            case int i: value = i; break;
            case long l: value = l; break;
            case short s: value = s; break;
            case byte b: value = b; break;
            case uint u: value = u; break;
            case double d when d == Math.Floor(d) && !double.IsInfinity(d): value = d is >= long.MinValue and <= long.MaxValue ? (long)d : -1; break;
            case decimal m when m == decimal.Floor(m): value = m is >= long.MinValue and <= long.MaxValue ? (long)m : -1; break;
            case string s when long.TryParse(s.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed): value = parsed; break;
            default: throw Given(template, field, $"{field.Name} needs a whole number, not '{Shown(raw)}'");
        }
        if (value is < 0 or > int.MaxValue) throw Given(template, field, $"{field.Name} needs a whole number from 0 to {int.MaxValue}, not {Shown(raw)}");
        var text = value.ToString(CultureInfo.InvariantCulture);
        var note = raw is string s2 && s2.Trim() != text ? $"{field.Name} '{s2}' written as {text}" : null;
        return ((int)value, text, note);
    }

    private static (object, string, string?) Timestamp(NameTemplate template, NameTemplateField field, object raw)
    {
        var format = field.Timestamp!;
        DateTime time;
        string? note = null;
        switch (raw)
        {
            case DateTime dt: time = dt; break;
            case DateTimeOffset dto: time = dto.DateTime; break;
            case string s when format.TryRead(s.Trim(), out var exact): time = exact; break;
            case string s when DateTime.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var loose):
                time = loose;
                note = $"{field.Name} '{s}' written as {format.Write(loose)}";
                break;
            default: throw Given(template, field, $"{field.Name} needs a date and time ({format.Text} or ISO 8601), not '{Shown(raw)}'");
        }
        var text = format.Write(time);
        if (!format.TryRead(text, out var back)) throw Given(template, field, $"{field.Name} {time:O} cannot be written as {format.Text}");
        return (back, text, note);
    }

    private static (object, string, string?) Version(NameTemplate template, NameTemplateField field, object raw)
    {
        var text = raw switch
        {
            SemanticVersion v => v.ToString(),
            ParsedVersion p => p.Version.ToString(),
            string s => s,
            _ => Convert.ToString(raw, CultureInfo.InvariantCulture) ?? "",
        };
        if (!VersionParser.TryParse(text, out var parsed, out var error)) throw Given(template, field, $"{field.Name} '{Shown(text)}' is not a version: {error.Detail}");
        var canonical = parsed.Version.ToString();
        return (canonical, canonical, parsed.Note is null ? null : $"{field.Name}: {parsed.Note}");
    }

    private static (object, string, string?) Text(NameTemplate template, NameTemplateField field, object raw, Func<string, string?> problem)
    {
        if (raw is not (string or char or int or long)) throw Given(template, field, $"{field.Name} needs text, not a {raw.GetType().Name}");
        var text = Convert.ToString(raw, CultureInfo.InvariantCulture)!;
        if (problem(text) is { } why) throw Given(template, field, $"{field.Name} '{Shown(text)}' cannot be used: {why}");
        return (text, text, null);
    }

    private static string Shown(object raw)
    {
        var text = Convert.ToString(raw, CultureInfo.InvariantCulture) ?? "";
        text = string.Concat(text.Take(60).Select(c => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString()));
        return text;
    }

    private static ModelNameException Value(NameTemplate template, NameTemplateField field, string name, int position, string detail) =>
        new(ModelNameException.ModelNameInvalid, NameCodes.FieldValue, name, template.Name, detail) { Field = field.Name, Part = field.Placeholder, Position = position };

    private static ModelNameException Given(NameTemplate template, NameTemplateField field, string detail) =>
        new(ModelNameException.ModelNameInvalid, NameCodes.FieldValue, null, template.Name, detail, ErrorKind.InvalidArgument) { Field = field.Name, Part = field.Placeholder };
}
