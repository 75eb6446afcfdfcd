using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace ModelRelease.Core.Releases.Names;

/// <summary>
/// A name template: literal text, fields <c>{field}</c> or <c>{field:format}</c> (see <see cref="NameFieldKind"/>) and
/// optional parts in brackets (<c>[-{format}[-{exportedAt:yyyyMMdd-HHmmss}]]</c>). A template builds names from
/// field values (<see cref="Write"/>) and reads them back (<see cref="Read"/>); every name it builds reads back to
/// the same fields, or building fails (NAME_AMBIGUOUS). When the name does not fit, the error names the part of
/// the template that did not match and where.
/// <para>Reading prefers, where a name could be split more than one way, to leave an optional part out and to give
/// a multi-word field as few words as the rest of the name allows, so that the parts after it match.</para>
/// </summary>
public sealed partial class NameTemplate
{
    /// <summary>The longest template text read.</summary>
    public const int MaxTemplateLength = 512;

    /// <summary>The longest name read.</summary>
    public const int MaxNameLength = 512;

    private static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(2);

    private static readonly string[] IntegerNames = ["major", "minor", "patch", "rank", "alpha", "epochs", "epoch", "step", "steps", "seed", "bits"];
    private static readonly string[] NamespaceNames = ["org", "namespace", "owner", "user"];
    private static readonly string[] WordsNames = ["model", "name", "format"];
    private static readonly string[] TimestampNames = ["date", "time", "timestamp"];

    private const string SegmentPattern = "[A-Za-z0-9_.]+";
    private const string DefaultTimestamp = "yyyyMMdd-HHmmss";

    private readonly Regex _regex;

    private NameTemplate(string name, string text, NameKind kind, IReadOnlyList<Node> nodes, IReadOnlyList<FlatField> flat)
    {
        Name = name;
        Text = text;
        Kind = kind;
        Nodes = nodes;
        Flat = flat;
        _regex = BuildRegex(null);
    }

    /// <summary>The template's name (<c>descriptive</c>) or, for a template of your own, its text.</summary>
    public string Name { get; }

    /// <summary>The template's text.</summary>
    public string Text { get; }

    /// <summary>What the names it builds name.</summary>
    public NameKind Kind { get; }

    /// <summary>Every field, in template order (a nested template's fields follow the field that holds it).</summary>
    public IReadOnlyList<NameTemplateField> Fields => Flat.Select(f => f.Field).ToList();

    internal IReadOnlyList<Node> Nodes { get; }

    internal IReadOnlyList<FlatField> Flat { get; }

    public override string ToString() => Text;

    /// <summary>
    /// Reads a template's text. <paramref name="nested"/> finds the templates a <c>{field:template}</c> names;
    /// <paramref name="kind"/> defaults to File when the template ends in a literal extension (<c>.gguf</c>), else Repository.
    /// Throws <see cref="ModelNameException"/> (NameTemplateInvalid, NAME_TEMPLATE_SYNTAX).
    /// </summary>
    public static NameTemplate Parse(string text, string? name = null, NameKind? kind = null, Func<string, NameTemplate?>? nested = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        name ??= text;
        if (text.Length == 0) throw Syntax(name, "the template is empty");
        if (text.Length > MaxTemplateLength) throw Syntax(name, $"a template has at most {MaxTemplateLength} characters");
        var nodes = ParseNodes(text, name, nested);
        var flat = new List<FlatField>();
        Flatten(nodes, optional: false, flat);
        if (flat.Count == 0) throw Syntax(name, "the template has no {field}");
        var duplicate = flat.GroupBy(f => f.Field.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw Syntax(name, $"the field {{{duplicate.Key}}} appears more than once");
        CheckSeparated(nodes, name);
        var resolvedKind = kind ?? (EndsInExtension().IsMatch(text) ? NameKind.File : NameKind.Repository);
        return new NameTemplate(name, text, resolvedKind, nodes, flat);
    }

    [GeneratedRegex(@"\.[A-Za-z0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex EndsInExtension();

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*$", RegexOptions.CultureInvariant)]
    private static partial Regex FieldNamePattern();

    // ----- reading

    /// <summary>
    /// Reads <paramref name="name"/>: every field in template order (null for a left-out optional part) and the notes
    /// on loose values. Throws <see cref="ModelNameException"/> (ModelNameInvalid) naming the part that did not match.
    /// </summary>
    public NameReading Read(string name, NameOptions? options = null) =>
        TryRead(name, options, out var error, out _) ?? throw error!;

    /// <summary>Like <see cref="Read"/>; on failure, the error and how many parts of the template matched before it.</summary>
    internal NameReading? TryRead(string name, NameOptions? options, out ModelNameException? error, out int matchedParts)
    {
        ArgumentNullException.ThrowIfNull(name);
        error = null;
        matchedParts = 0;
        if (name.Length == 0)
        {
            error = new ModelNameException(ModelNameException.ModelNameInvalid, NameCodes.Part, name, Name, "the name is empty");
            return null;
        }
        if (name.Length > MaxNameLength)
        {
            error = new ModelNameException(ModelNameException.ModelNameInvalid, NameCodes.TooLong, name, Name, $"a name has at most {MaxNameLength} characters");
            return null;
        }
        var regex = options is { KnownValues.Count: > 0 } ? BuildRegex(options) : _regex;
        var m = SafeMatch(regex, name);
        if (m is null || !m.Success)
        {
            (error, matchedParts) = Diagnose(name, options);
            return null;
        }
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        var texts = new Dictionary<string, string?>(StringComparer.Ordinal);
        var notes = new List<string>();
        for (var i = 0; i < Flat.Count; i++)
        {
            var field = Flat[i].Field;
            var group = m.Groups["g" + i.ToString(CultureInfo.InvariantCulture)];
            if (!group.Success)
            {
                values[field.Name] = null;
                texts[field.Name] = null;
                continue;
            }
            (object Value, string Text, string? Note) converted;
            try
            {
                converted = NameFieldValues.FromText(this, field, group.Value, name, group.Index);
            }
            catch (ModelNameException ex)
            {
                error = ex;
                matchedParts = i;
                return null;
            }
            var (value, text, note) = converted;
            values[field.Name] = value;
            texts[field.Name] = text;
            if (note is not null) notes.Add(note);
        }
        return new NameReading(name, values, texts, notes);
    }

    private Match? SafeMatch(Regex regex, string name)
    {
        try
        {
            return regex.Match(name);
        }
        catch (RegexMatchTimeoutException)
        {
            throw new ModelNameException(ModelNameException.ModelNameInvalid, NameCodes.TooLong, name, Name, "the name is too intricate to read against this template");
        }
    }

    /// <summary>Finds the first part of the template that the name does not match, and where.</summary>
    private (ModelNameException Error, int MatchedParts) Diagnose(string name, NameOptions? options)
    {
        var (part, position, trailing, matched) = Longest(Nodes, name, 0, options);
        var rest = name[position..];
        var shownRest = rest.Length > 40 ? rest[..40] + "…" : rest;
        if (trailing)
        {
            return (new ModelNameException(ModelNameException.ModelNameInvalid, NameCodes.Trailing, name, Name,
                $"the template {Text} ends at position {position}, but the name goes on with '{shownRest}'")
            { Part = "(end)", Position = position }, matched);
        }
        var after = position == 0 ? "at the start" : $"after '{(position > 40 ? "…" + name[(position - 40)..position] : name[..position])}'";
        var found = rest.Length == 0 ? "the name ends there" : $"found '{shownRest}'";
        return (new ModelNameException(ModelNameException.ModelNameInvalid, NameCodes.Part, name, Name,
            $"does not fit the template {Text}: expected {part} {after} (position {position}), {found}")
        { Part = part, Position = position, Field = part.StartsWith('{') ? part[1..part.IndexOfAny([':', '}'])] : null }, matched);
    }

    /// <summary>
    /// The part of <paramref name="nodes"/> that stops matching <paramref name="name"/> from <paramref name="start"/>,
    /// where, and how many parts matched before it. Prefixes match as the full template would (fewest words), so the
    /// part right after a field is checked at the field's shortest end; when every part matches and text is left,
    /// the end is the longest the template can reach.
    /// </summary>
    private (string Part, int Position, bool Trailing, int Matched) Longest(IReadOnlyList<Node> nodes, string name, int start, NameOptions? options)
    {
        var end = start;
        for (var k = 1; k <= nodes.Count; k++)
        {
            var m = PrefixMatch(nodes, k, name, start, options, greedy: false);
            if (m is null || !m.Success)
            {
                var failing = nodes[k - 1];
                if (failing is FieldNode { Field.Nested: { } inner })
                {
                    var (innerPart, innerPosition, _, innerMatched) = inner.Longest(inner.Nodes, name, end, options);
                    return (innerPart, innerPosition, false, k - 1 + innerMatched);
                }
                return (Describe(failing), end, false, k - 1);
            }
            end = m.Index + m.Length;
        }
        if (PrefixMatch(nodes, nodes.Count, name, start, options, greedy: true) is { Success: true } longest) end = Math.Max(end, longest.Index + longest.Length);
        return ("(end)", end, true, nodes.Count);
    }

    private static Match? PrefixMatch(IReadOnlyList<Node> nodes, int count, string name, int start, NameOptions? options, bool greedy)
    {
        var prefix = new StringBuilder();
        var counter = 0;
        foreach (var node in nodes.Take(count)) prefix.Append(Pattern(node, options, ref counter));
        var pattern = prefix.ToString();
        if (greedy) pattern = pattern.Replace("*?", "*", StringComparison.Ordinal).Replace(")??", ")?", StringComparison.Ordinal);
        var regex = new Regex(@"\G(?:" + pattern + ")", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture, MatchTimeout);
        try
        {
            return regex.Match(name, start);
        }
        catch (RegexMatchTimeoutException)
        {
            return null;
        }
    }

    private static string Describe(Node node) => node switch
    {
        LiteralNode l => $"'{l.Text}'",
        FieldNode f => f.Field.Placeholder + " (" + KindText(f.Field) + ")",
        OptionalNode o => "[" + string.Concat(o.Nodes.Select(Show)) + "]",
        _ => "?",
    };

    private static string Show(Node node) => node switch
    {
        LiteralNode l => l.Text,
        FieldNode f => f.Field.Placeholder,
        OptionalNode o => "[" + string.Concat(o.Nodes.Select(Show)) + "]",
        _ => "?",
    };

    internal static string KindText(NameTemplateField field) => field.Kind switch
    {
        NameFieldKind.Segment => "a word of letters, digits, '_' or '.'",
        NameFieldKind.Words => "words of letters, digits, '_' or '.' joined by '-'",
        NameFieldKind.Integer => "a whole number without leading zeros",
        NameFieldKind.Timestamp => $"a timestamp {field.Timestamp!.Text}",
        NameFieldKind.Version => "a version such as 1.2.0",
        NameFieldKind.Namespace => "a user or organisation",
        NameFieldKind.Template => $"a {field.Nested!.Name} name ({field.Nested.Text})",
        _ => "?",
    };

    // ----- writing

    /// <summary>
    /// Builds the name from <paramref name="fields"/> (names are matched without regard to case; a null or empty value
    /// leaves a field out). Checks every value against its kind, builds, then reads the result back and requires the
    /// same fields. Throws <see cref="ModelNameException"/> (ModelNameInvalid).
    /// </summary>
    public NameReading Write(IReadOnlyDictionary<string, object?> fields, NameOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var given = new Dictionary<NameTemplateField, (object Value, string Text)>();
        var notes = new List<string>();
        foreach (var (key, raw) in fields)
        {
            if (raw is null || raw is string { Length: 0 }) continue;
            var flat = Flat.FirstOrDefault(f => string.Equals(f.Field.Name, key, StringComparison.OrdinalIgnoreCase));
            if (flat is null && options?.IgnoreUnknownFields == true) continue;
            if (flat is null)
            {
                throw new ModelNameException(ModelNameException.ModelNameInvalid, NameCodes.FieldUnknown, null, Name,
                    $"the template {Text} has no field '{VersionException_Shown(key)}'; its fields are {string.Join(", ", Flat.Select(f => f.Field.Name))}", ErrorKind.InvalidArgument)
                { Field = key };
            }
            var (value, text, note) = NameFieldValues.FromValue(this, flat.Field, raw, options);
            given[flat.Field] = (value, text);
            if (note is not null) notes.Add(note);
        }
        // A nested name given whole fills its own fields (and must agree with any given one by one).
        foreach (var flat in Flat.Where(f => f.Field.Nested is not null && given.ContainsKey(f.Field)))
        {
            var inner = flat.Field.Nested!.Read(given[flat.Field].Text, options);
            foreach (var innerField in flat.Field.Nested.Flat)
            {
                var text = inner.Texts[innerField.Field.Name];
                if (given.TryGetValue(innerField.Field, out var own) && own.Text != text)
                {
                    throw new ModelNameException(ModelNameException.ModelNameInvalid, NameCodes.FieldConflict, null, Name,
                        $"{flat.Field.Name} '{given[flat.Field].Text}' has {innerField.Field.Name} = '{text}', but {innerField.Field.Name} = '{own.Text}' was given", ErrorKind.InvalidArgument)
                    { Field = innerField.Field.Name };
                }
                if (text is not null) given[innerField.Field] = (inner.Values[innerField.Field.Name]!, text);
            }
        }
        var sb = new StringBuilder();
        Render(Nodes, given, sb, requiredBecause: null);
        var name = sb.ToString();
        NameReading back;
        try
        {
            back = Read(name, options);
        }
        catch (ModelNameException ex)
        {
            throw new ModelNameException(ModelNameException.ModelNameInvalid, NameCodes.Ambiguous, name, Name, $"the name built does not read back with the template: {ex.Detail}", ErrorKind.InvalidArgument)
            { Part = ex.Part, Position = ex.Position, Field = ex.Field };
        }
        var differences = Flat
            .Where(f => back.Texts[f.Field.Name] != (given.TryGetValue(f.Field, out var g) ? g.Text : null))
            .Select(f => $"{f.Field.Name} = {Quote(back.Texts[f.Field.Name])} instead of {Quote(given.TryGetValue(f.Field, out var g) ? g.Text : null)}")
            .ToList();
        if (differences.Count > 0)
        {
            throw new ModelNameException(ModelNameException.ModelNameInvalid, NameCodes.Ambiguous, name, Name,
                $"the name reads back with other fields ({string.Join("; ", differences)}): choose values that keep the parts apart" +
                (Flat.Any(f => f.Field.Name.Equals("variant", StringComparison.OrdinalIgnoreCase)) ? ", or give the family's variants" : ""), ErrorKind.InvalidArgument);
        }
        return back with { Notes = [.. notes, .. back.Notes.Where(n => !notes.Contains(n))] };
    }

    private static string Quote(string? text) => text is null ? "(none)" : $"'{text}'";

    private static string VersionException_Shown(string text) => text.Length > 60 ? text[..60] + "…" : text;

    private void Render(IReadOnlyList<Node> nodes, Dictionary<NameTemplateField, (object Value, string Text)> given, StringBuilder sb, string? requiredBecause)
    {
        foreach (var node in nodes)
        {
            switch (node)
            {
                case LiteralNode l:
                    sb.Append(l.Text);
                    break;
                case FieldNode f when given.TryGetValue(f.Field, out var value):
                    sb.Append(value.Text);
                    break;
                case FieldNode { Field.Nested: { } inner }:
                    Render(inner.Nodes, given, sb, requiredBecause);
                    break;
                case FieldNode f:
                    throw new ModelNameException(ModelNameException.ModelNameInvalid, NameCodes.FieldMissing, null, Name,
                        $"the template {Text} needs {f.Field.Placeholder}" + (requiredBecause is null ? "" : $" (the optional part with {requiredBecause} was given)"), ErrorKind.InvalidArgument)
                    { Field = f.Field.Name, Part = f.Field.Placeholder };
                case OptionalNode o:
                    var present = FieldsOf(o.Nodes).FirstOrDefault(given.ContainsKey);
                    if (present is not null) Render(o.Nodes, given, sb, requiredBecause: present.Name);
                    break;
            }
        }
    }

    private static IEnumerable<NameTemplateField> FieldsOf(IEnumerable<Node> nodes)
    {
        foreach (var node in nodes)
        {
            switch (node)
            {
                case FieldNode f:
                    yield return f.Field;
                    if (f.Field.Nested is { } inner) foreach (var x in FieldsOf(inner.Nodes)) yield return x;
                    break;
                case OptionalNode o:
                    foreach (var x in FieldsOf(o.Nodes)) yield return x;
                    break;
            }
        }
    }

    // ----- the regular expression

    private Regex BuildRegex(NameOptions? options)
    {
        var counter = 0;
        var sb = new StringBuilder("^(?:");
        foreach (var node in Nodes) sb.Append(Pattern(node, options, ref counter));
        sb.Append(")$");
        return new Regex(sb.ToString(), RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture, MatchTimeout);
    }

    /// <summary>The pattern of a node; fields get groups g0, g1, … in <see cref="Flat"/> order.</summary>
    private static string Pattern(Node node, NameOptions? options, ref int counter)
    {
        switch (node)
        {
            case LiteralNode l:
                return Regex.Escape(l.Text);
            case OptionalNode o:
                var inner = new StringBuilder();
                foreach (var n in o.Nodes) inner.Append(Pattern(n, options, ref counter));
                return "(?:" + inner + ")??";
            case FieldNode f:
                var group = "g" + counter.ToString(CultureInfo.InvariantCulture);
                counter++;
                if (f.Field.Nested is { } nested)
                {
                    var body = new StringBuilder();
                    foreach (var n in nested.Nodes) body.Append(Pattern(n, options, ref counter));
                    return $"(?<{group}>{body})";
                }
                return $"(?<{group}>{FieldPattern(f.Field, options)})";
            default:
                throw new InvalidOperationException();
        }
    }

    private static string FieldPattern(NameTemplateField field, NameOptions? options)
    {
        if (options?.KnownValues is { } known && known.TryGetValue(field.Name, out var values) && values.Count > 0)
        {
            return "(?:" + string.Join('|', values.OrderByDescending(v => v.Length).Select(Regex.Escape)) + ")";
        }
        return field.Kind switch
        {
            NameFieldKind.Segment => SegmentPattern,
            NameFieldKind.Words => $"{SegmentPattern}(?:-{SegmentPattern})*?",
            NameFieldKind.Integer => "(?:0|[1-9][0-9]{0,9})(?![0-9])",
            NameFieldKind.Timestamp => field.Timestamp!.Pattern,
            NameFieldKind.Version => @"[0-9]+(?:\.[0-9]+)+[-+._0-9A-Za-z]*?",
            NameFieldKind.Namespace => "[A-Za-z0-9][A-Za-z0-9._-]*",
            _ => throw new InvalidOperationException(),
        };
    }

    // ----- template syntax

    private static List<Node> ParseNodes(string text, string name, Func<string, NameTemplate?>? nested)
    {
        var stack = new Stack<(List<Node> Nodes, int Open)>();
        var current = new List<Node>();
        var literal = new StringBuilder();
        void Flush()
        {
            if (literal.Length == 0) return;
            current.Add(new LiteralNode(literal.ToString()));
            literal.Clear();
        }
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case '{':
                    Flush();
                    var close = text.IndexOf('}', i + 1);
                    if (close < 0) throw Syntax(name, $"the '{{' at position {i} is not closed");
                    current.Add(new FieldNode(CreateField(text[(i + 1)..close], name, nested)));
                    i = close;
                    break;
                case '}':
                    throw Syntax(name, $"the '}}' at position {i} closes nothing");
                case '[':
                    Flush();
                    stack.Push((current, i));
                    current = [];
                    break;
                case ']':
                    Flush();
                    if (stack.Count == 0) throw Syntax(name, $"the ']' at position {i} closes nothing");
                    var inner = current;
                    var (outer, open) = stack.Pop();
                    current = outer;
                    if (!FieldsOf(inner).Any()) throw Syntax(name, $"the optional part at position {open} has no {{field}}");
                    current.Add(new OptionalNode(inner));
                    break;
                default:
                    if (char.IsControl(c)) throw Syntax(name, $"a control character at position {i}");
                    literal.Append(c);
                    break;
            }
        }
        Flush();
        if (stack.Count > 0) throw Syntax(name, $"the '[' at position {stack.Peek().Open} is not closed");
        return current;
    }

    private static NameTemplateField CreateField(string inner, string templateName, Func<string, NameTemplate?>? nested)
    {
        var colon = inner.IndexOf(':', StringComparison.Ordinal);
        var fieldName = colon < 0 ? inner : inner[..colon];
        var format = colon < 0 ? null : inner[(colon + 1)..];
        var placeholder = "{" + inner + "}";
        if (!FieldNamePattern().IsMatch(fieldName)) throw Syntax(templateName, $"'{placeholder}': a field name is letters, digits and '_', starting with a letter");
        if (format is null)
        {
            var kind = DefaultKind(fieldName);
            var ts = kind == NameFieldKind.Timestamp ? TimestampFormat.TryCreate(DefaultTimestamp, out _) : null;
            return new NameTemplateField(fieldName, kind, placeholder, ts, null);
        }
        switch (format)
        {
            case "int": return new NameTemplateField(fieldName, NameFieldKind.Integer, placeholder, null, null);
            case "word": return new NameTemplateField(fieldName, NameFieldKind.Segment, placeholder, null, null);
            case "words": return new NameTemplateField(fieldName, NameFieldKind.Words, placeholder, null, null);
            case "version": return new NameTemplateField(fieldName, NameFieldKind.Version, placeholder, null, null);
            case "namespace": return new NameTemplateField(fieldName, NameFieldKind.Namespace, placeholder, null, null);
        }
        if (TimestampFormat.LooksLikeOne(format))
        {
            var ts = TimestampFormat.TryCreate(format, out var problem) ?? throw Syntax(templateName, $"'{placeholder}': {problem}");
            return new NameTemplateField(fieldName, NameFieldKind.Timestamp, placeholder, ts, null);
        }
        if (nested?.Invoke(format) is { } template)
        {
            return new NameTemplateField(fieldName, NameFieldKind.Template, placeholder, null, template);
        }
        throw Syntax(templateName, $"'{placeholder}': the format '{format}' is none of int, word, words, version, namespace, a timestamp (yyyyMMdd-HHmmss) or a template's name");
    }

    private static NameFieldKind DefaultKind(string field)
    {
        bool Is(string[] names) => names.Contains(field, StringComparer.OrdinalIgnoreCase);
        if (field.Equals("version", StringComparison.OrdinalIgnoreCase)) return NameFieldKind.Version;
        if (Is(IntegerNames)) return NameFieldKind.Integer;
        if (Is(NamespaceNames)) return NameFieldKind.Namespace;
        if (Is(WordsNames)) return NameFieldKind.Words;
        if (Is(TimestampNames) || (field.Length > 2 && field.EndsWith("At", StringComparison.Ordinal))) return NameFieldKind.Timestamp;
        return NameFieldKind.Segment;
    }

    private static void Flatten(IEnumerable<Node> nodes, bool optional, List<FlatField> into)
    {
        foreach (var node in nodes)
        {
            switch (node)
            {
                case FieldNode f:
                    into.Add(new FlatField(f.Field, optional));
                    if (f.Field.Nested is { } inner) Flatten(inner.Nodes, optional, into);
                    break;
                case OptionalNode o:
                    Flatten(o.Nodes, optional: true, into);
                    break;
            }
        }
    }

    /// <summary>Two fields with nothing between them cannot be told apart.</summary>
    private static void CheckSeparated(IReadOnlyList<Node> nodes, string name)
    {
        for (var i = 0; i + 1 < nodes.Count; i++)
        {
            if (EndsWithField(nodes[i]) is { } a && StartsWithField(nodes[i + 1]) is { } b)
            {
                throw Syntax(name, $"{a.Placeholder} and {b.Placeholder} have nothing between them; put a separator such as '-' between fields");
            }
        }
        foreach (var o in nodes.OfType<OptionalNode>()) CheckSeparated(o.Nodes, name);
    }

    private static NameTemplateField? StartsWithField(Node node) => node switch
    {
        FieldNode f => f.Field,
        OptionalNode o => o.Nodes.Count > 0 ? StartsWithField(o.Nodes[0]) : null,
        _ => null,
    };

    private static NameTemplateField? EndsWithField(Node node) => node switch
    {
        FieldNode f => f.Field,
        OptionalNode o => o.Nodes.Count > 0 ? EndsWithField(o.Nodes[^1]) : null,
        _ => null,
    };

    private static ModelNameException Syntax(string name, string detail) =>
        new(ModelNameException.NameTemplateInvalid, NameCodes.TemplateSyntax, null, name, $"template '{name}': {detail}", ErrorKind.InvalidArgument)
        {
            RecommendedAction = "Write a template as text with {field} or {field:format} and optional parts in [brackets], e.g. {org}/{model}[-{variant}].",
        };

    internal abstract record Node;

    internal sealed record LiteralNode(string Text) : Node;

    internal sealed record FieldNode(NameTemplateField Field) : Node;

    internal sealed record OptionalNode(IReadOnlyList<Node> Nodes) : Node;

    internal sealed record FlatField(NameTemplateField Field, bool Optional);
}

/// <summary>What reading (or building) a name gives: the name, each field's typed value and its text, and notes on loose values.</summary>
public sealed record NameReading(string Name, IReadOnlyDictionary<string, object?> Values, IReadOnlyDictionary<string, string?> Texts, IReadOnlyList<string> Notes);

/// <summary>Options for reading and building: the values a field may take (the family's variants for <c>variant</c>).</summary>
public sealed record NameOptions
{
    /// <summary>Field name → the values it may take; a field listed here matches only these.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> KnownValues { get; init; } = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Building: skip given values the template has no field for (the other columns of a CSV row) instead of refusing them.</summary>
    public bool IgnoreUnknownFields { get; init; }
}
