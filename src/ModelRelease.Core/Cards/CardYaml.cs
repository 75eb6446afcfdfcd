using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;
using YamlDotNet.Serialization;

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
        return (Dictionary<string, object?>)ToPlain(map)!;
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

    private static object? ToPlain(YamlNode node) => node switch
    {
        YamlMappingNode map => map.Children.ToDictionary(kv => ((YamlScalarNode)kv.Key).Value ?? "", kv => ToPlain(kv.Value), StringComparer.Ordinal),
        YamlSequenceNode seq => seq.Children.Select(ToPlain).ToList(),
        YamlScalarNode scalar => Scalar(scalar),
        _ => null,
    };

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

    /// <summary>Block-style YAML of <paramref name="values"/>, keys in their order, ending with a newline.</summary>
    public static string Emit(IReadOnlyDictionary<string, object?> values)
    {
        var serializer = new SerializerBuilder()
            .WithIndentedSequences()
            .DisableAliases()
            .Build();
        return serializer.Serialize(Normalize(values));
    }

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
