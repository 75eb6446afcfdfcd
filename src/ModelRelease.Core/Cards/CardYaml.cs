using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace ModelRelease.Core.Cards;

/// <summary>
/// YAML for cards, through YamlDotNet only: parsed into plain .NET values (ordered dictionaries, lists,
/// strings, longs, doubles, booleans, null) so no YamlDotNet type ever leaves the core, and emitted in
/// block style in the dictionaries' order, so the same metadata always gives the same bytes.
/// </summary>
public static partial class CardYaml
{
    [GeneratedRegex(@"^[-+]?(0|[1-9][0-9]*)$", RegexOptions.CultureInvariant)]
    private static partial Regex Integer();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Float();

    /// <summary>Parses a YAML mapping; a syntax error names the file and the line (<paramref name="firstLine"/> is the file line of the YAML's first line).</summary>
    public static Dictionary<string, object?> ParseMapping(string yaml, string? file, int firstLine, string errorId, string code)
    {
        var stream = new YamlStream();
        try
        {
            CheckNesting(yaml, file, firstLine, errorId, code);
            using var reader = new StringReader(yaml);
            stream.Load(reader);
        }
        catch (YamlException ex)
        {
            throw new ModelCardException(errorId, code, file, firstLine + (int)ex.Start.Line - 1, "invalid YAML: " + FirstLine(ex.Message), innerException: ex);
        }
        catch (InvalidOperationException ex)
        {
            // YamlDotNet's scanner sometimes stops with no position; the first line whose prefix fails is the place.
            throw new ModelCardException(errorId, code, file, firstLine + FailingLine(yaml) - 1, "invalid YAML: the parser could not read past this line", innerException: ex);
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" }) return new Dictionary<string, object?>(StringComparer.Ordinal);
        if (stream.Documents[0].RootNode is not YamlMappingNode map)
        {
            throw new ModelCardException(errorId, code, file, firstLine + (int)stream.Documents[0].RootNode.Start.Line - 1, "the YAML must be a mapping of keys to values");
        }
        var budget = new Budget(file, firstLine, errorId, code);
        return (Dictionary<string, object?>)budget.ToPlain(map, 0)!;
    }

    /// <summary>
    /// A first pass over the parser's events (an explicit state machine, no recursion) that refuses nesting deeper
    /// than <see cref="MaxDepth"/> before the node model is built: building it recurses once per level, and a few
    /// thousand levels of '[' would otherwise end the process.
    /// </summary>
    private static void CheckNesting(string yaml, string? file, int firstLine, string errorId, string code)
    {
        using var reader = new StringReader(yaml);
        var parser = new YamlDotNet.Core.Parser(reader);
        var depth = 0;
        while (parser.MoveNext())
        {
            switch (parser.Current)
            {
                case YamlDotNet.Core.Events.MappingStart or YamlDotNet.Core.Events.SequenceStart:
                    if (++depth > MaxDepth)
                    {
                        throw new ModelCardException(errorId, code, file, firstLine + (int)parser.Current!.Start.Line - 1, $"the YAML nests deeper than {MaxDepth} levels");
                    }
                    break;
                case YamlDotNet.Core.Events.MappingEnd or YamlDotNet.Core.Events.SequenceEnd:
                    depth--;
                    break;
            }
        }
    }

    /// <summary>
    /// Plain (unquoted) scalars that PyYAML takes for booleans and YAML 1.2 readers for strings (<c>no</c>,
    /// <c>yes</c>, <c>on</c>, <c>off</c> in lower, title or upper case), with their line: the same card means
    /// different things to huggingface_hub and to the Hub's own reader.
    /// </summary>
    public static IReadOnlyList<(string Text, int Line)> AmbiguousPlainScalars(string yaml, int firstLine)
    {
        var found = new List<(string, int)>();
        try
        {
            var parser = new YamlDotNet.Core.Parser(new StringReader(yaml));
            while (parser.MoveNext())
            {
                if (parser.Current is YamlDotNet.Core.Events.Scalar { Style: ScalarStyle.Plain } scalar && Yaml11Booleans.Contains(scalar.Value))
                {
                    found.Add((scalar.Value, firstLine + (int)scalar.Start.Line - 1));
                }
            }
        }
        catch (YamlException)
        {
            // Reported as CARD_YAML_INVALID by the parse itself.
        }
        return found;
    }

    /// <summary>The words PyYAML's resolver reads as booleans besides true and false (it leaves y and n, which YAML 1.1 also lists, as strings).</summary>
    private static readonly HashSet<string> Yaml11Booleans = new(StringComparer.Ordinal) { "yes", "Yes", "YES", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF" };

    /// <summary>The most values a document may expand to (aliases count each time they are used) and the deepest nesting.</summary>
    public const int MaxValues = 100_000;
    public const int MaxDepth = 64;

    /// <summary>
    /// Turns nodes into plain values under limits, so a hostile document (an alias bomb that references a list of
    /// lists a billion times over, nesting thousands deep) is an error naming the line, not an exhausted process;
    /// keys must be scalars and appear once in a mapping.
    /// </summary>
    private sealed class Budget(string? file, int firstLine, string errorId, string code)
    {
        private int _values;

        private ModelCardException Error(YamlNode node, string detail) =>
            new(errorId, code, file, firstLine + (int)node.Start.Line - 1, detail);

        public object? ToPlain(YamlNode node, int depth)
        {
            if (++_values > MaxValues) throw Error(node, $"the YAML expands to more than {MaxValues:N0} values (aliases count each time they are used)");
            if (depth > MaxDepth) throw Error(node, $"the YAML nests deeper than {MaxDepth} levels");
            switch (node)
            {
                case YamlMappingNode map:
                    var result = new Dictionary<string, object?>(StringComparer.Ordinal);
                    foreach (var (key, value) in map.Children)
                    {
                        if (key is not YamlScalarNode { Value: { } name }) throw Error(key, "a key must be a plain value, not a list or a mapping");
                        if (!result.TryAdd(name, ToPlain(value, depth + 1))) throw Error(key, $"the key '{name}' appears twice in one mapping");
                    }
                    return result;
                case YamlSequenceNode seq:
                    var list = new List<object?>(Math.Min(seq.Children.Count, 1024));
                    foreach (var child in seq.Children) list.Add(ToPlain(child, depth + 1));
                    return list;
                case YamlScalarNode scalar:
                    return Scalar(scalar);
                default:
                    return null;
            }
        }
    }

    private static int FailingLine(string yaml)
    {
        var lines = yaml.Split('\n');
        for (var k = 1; k <= lines.Length; k++)
        {
            try
            {
                using var reader = new StringReader(string.Join('\n', lines.Take(k)));
                new YamlStream().Load(reader);
            }
            catch (Exception e) when (e is YamlException or InvalidOperationException)
            {
                return k;
            }
        }
        return lines.Length;
    }

    private static string FirstLine(string message) => message.Split('\n')[0].Trim();

    private static object? Scalar(YamlScalarNode s)
    {
        var v = s.Value;
        if (s.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted or ScalarStyle.Literal or ScalarStyle.Folded) return v ?? "";
        if (v is null || v is "~" or "null" or "Null" or "NULL" or "") return null;
        if (v is "true" or "True" or "TRUE") return true;
        if (v is "false" or "False" or "FALSE") return false;
        if (Integer().IsMatch(v) && long.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l)) return l;
        if (Float().IsMatch(v) && double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)) return d;
        return v;
    }

    /// <summary>
    /// Block-style YAML of <paramref name="values"/>, keys in their order, ending with a newline. A string that a
    /// YAML 1.1 reader (PyYAML, which huggingface_hub uses) or a YAML 1.2 reader would take for something else —
    /// <c>no</c> (Norwegian) for false, <c>1.10</c> for 1.1, <c>2024-01-01</c> for a date, <c>null</c>, <c>010</c> — is
    /// single-quoted, so every reader sees the same string; a double keeps a decimal point so it stays a float.
    /// </summary>
    public static string Emit(IReadOnlyDictionary<string, object?> values)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        var emitter = new Emitter(writer, EmitterSettings.Default.WithIndentedSequences());
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart(null, null, true));
        Write(emitter, Normalize(values));
        emitter.Emit(new DocumentEnd(true));
        emitter.Emit(new StreamEnd());
        return writer.ToString();
    }

    private static void Write(IEmitter emitter, object? value)
    {
        switch (value)
        {
            case Dictionary<string, object?> map:
                emitter.Emit(new MappingStart(AnchorName.Empty, TagName.Empty, true, MappingStyle.Block));
                foreach (var (key, item) in map)
                {
                    Text(emitter, key);
                    Write(emitter, item);
                }
                emitter.Emit(new MappingEnd());
                break;
            case List<object?> list:
                emitter.Emit(new SequenceStart(AnchorName.Empty, TagName.Empty, true, SequenceStyle.Block));
                foreach (var item in list) Write(emitter, item);
                emitter.Emit(new SequenceEnd());
                break;
            case null:
                Plain(emitter, "null");
                break;
            case bool b:
                Plain(emitter, b ? "true" : "false");
                break;
            case double d:
                Plain(emitter, FloatText(d));
                break;
            case float f:
                Plain(emitter, FloatText(f));
                break;
            case decimal m:
                Plain(emitter, FloatText((double)m));
                break;
            case long or int or short or byte or ulong or uint or ushort or sbyte:
                Plain(emitter, Convert.ToString(value, CultureInfo.InvariantCulture)!);
                break;
            default:
                Text(emitter, Convert.ToString(value, CultureInfo.InvariantCulture) ?? "");
                break;
        }
    }

    private static void Plain(IEmitter emitter, string text) =>
        emitter.Emit(new Scalar(AnchorName.Empty, TagName.Empty, text, ScalarStyle.Plain, true, false));

    private static void Text(IEmitter emitter, string text) =>
        emitter.Emit(new Scalar(AnchorName.Empty, TagName.Empty, text, Ambiguous(text) ? ScalarStyle.SingleQuoted : ScalarStyle.Any, true, true));

    private static string FloatText(double d) =>
        double.IsNaN(d) ? ".nan" : double.IsPositiveInfinity(d) ? ".inf" : double.IsNegativeInfinity(d) ? "-.inf"
        : d.ToString("R", CultureInfo.InvariantCulture) is var r && (r.Contains('.') || r.Contains('E') || r.Contains('e')) ? r : r + ".0";

    private static readonly HashSet<string> Words = new(StringComparer.OrdinalIgnoreCase)
    {
        "y", "n", "yes", "no", "true", "false", "on", "off", "null", "~", "<<", "=",
    };

    /// <summary>True when a plain scalar with this text would not read back as this string in YAML 1.1 or 1.2.</summary>
    public static bool Ambiguous(string text) =>
        text.Length == 0
        || Words.Contains(text)
        || NumberLike().IsMatch(text)
        || SpecialFloat().IsMatch(text);

    [GeneratedRegex(@"^[-+]?\.?[0-9]", RegexOptions.CultureInvariant)]
    private static partial Regex NumberLike();

    [GeneratedRegex(@"^[-+]?\.(inf|nan)$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex SpecialFloat();

    private static object? Normalize(object? value) => value switch
    {
        IReadOnlyDictionary<string, object?> d => d.ToDictionary(kv => kv.Key, kv => Normalize(kv.Value), StringComparer.Ordinal),
        IDictionary<string, object?> d => d.ToDictionary(kv => kv.Key, kv => Normalize(kv.Value), StringComparer.Ordinal),
        System.Collections.IDictionary d => d.Keys.Cast<object>().ToDictionary(k => k.ToString()!, k => Normalize(d[k]), StringComparer.Ordinal),
        string s => s,
        System.Collections.IEnumerable e => e.Cast<object?>().Select(Normalize).ToList(),
        _ => value,
    };
}
