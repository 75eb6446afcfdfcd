using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ModelRelease.Core.Releases.Registry;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ModelRelease.Core.Releases.Manifests;

/// <summary>
/// A YAML document as JSON (the YAML 1.2 core schema: plain <c>1</c> and <c>0.01</c> are numbers, <c>true</c> and
/// <c>false</c> booleans, <c>null</c> and <c>~</c> null, everything else — and every quoted scalar — a string), with
/// the line of each value by its JSON path, so a schema finding can say where it is.
/// </summary>
internal static partial class ManifestYaml
{
    [GeneratedRegex(@"^[-+]?[0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex Integer();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Float();

    /// <summary>The document's root as JSON and the lines by JSON path; throws <see cref="YamlException"/> for text that is not YAML.</summary>
    public static (JsonNode? Root, IReadOnlyDictionary<string, int> Lines) Read(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        var lines = new Dictionary<string, int>(StringComparer.Ordinal);
        if (stream.Documents.Count == 0) return (null, lines);
        return (Convert(stream.Documents[0].RootNode, "$", lines, 0), lines);
    }

    private static JsonNode? Convert(YamlNode node, string path, Dictionary<string, int> lines, int depth)
    {
        if (depth > 64) throw new YamlException(node.Start, node.End, "the document nests deeper than 64 levels");
        lines[path] = (int)node.Start.Line;
        switch (node)
        {
            case YamlMappingNode mapping:
                var obj = new JsonObject();
                foreach (var (key, value) in mapping.Children)
                {
                    var name = key is YamlScalarNode k ? k.Value ?? "" : throw new YamlException(key.Start, key.End, "a mapping key must be a plain value");
                    if (obj.ContainsKey(name)) throw new YamlException(key.Start, key.End, $"the key '{name}' appears twice in one mapping");
                    obj[name] = Convert(value, JsonPath.Child(path, name), lines, depth + 1);
                }
                return obj;
            case YamlSequenceNode sequence:
                var array = new JsonArray();
                var i = 0;
                foreach (var item in sequence.Children) array.Add(Convert(item, $"{path}[{i++}]", lines, depth + 1));
                return array;
            case YamlScalarNode scalar:
                var text = scalar.Value ?? "";
                if (scalar.Style is not ScalarStyle.Plain) return JsonValue.Create(text);
                if (text is "" or "~" or "null" or "Null" or "NULL") return null;
                if (text is "true" or "True" or "TRUE") return JsonValue.Create(true);
                if (text is "false" or "False" or "FALSE") return JsonValue.Create(false);
                if (Integer().IsMatch(text) && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)) return JsonValue.Create(n);
                if (Float().IsMatch(text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d)) return JsonValue.Create(d);
                return JsonValue.Create(text);
            default:
                throw new YamlException(node.Start, node.End, "an alias to nothing");
        }
    }
}
