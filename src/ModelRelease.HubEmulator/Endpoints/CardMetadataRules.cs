using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace ModelRelease.HubEmulator.Endpoints;

/// <summary>
/// What the Hub checks in a README's front matter, at validate-yaml and again when a commit adds README.md
/// (hf-hub-protocol.md §3.5; the Hub validates only when license, datasets or model-index are present): YAML that
/// parses into a mapping; license a lower-case license id; tags and datasets a string or a list of strings;
/// model-index a list of { name, results: [{ task: { type }, dataset: { type, name }, metrics: [{ type, value }] }] }.
/// The Hub's own list of license ids is not copied here: a well-formed id is accepted.
/// </summary>
internal static partial class CardMetadataRules
{
    [GeneratedRegex("^[a-z0-9][a-z0-9.+-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex LicenseId();

    public static List<string> Check(string readme)
    {
        var errors = new List<string>();
        var text = readme.TrimStart('\uFEFF').Replace("\r\n", "\n", StringComparison.Ordinal);
        if (!text.StartsWith("---\n", StringComparison.Ordinal)) return errors; // no metadata is allowed
        var end = text.IndexOf("\n---", 3, StringComparison.Ordinal);
        if (end < 0 || (end + 4 < text.Length && text[end + 4] != '\n')) return ["The YAML metadata block is not closed with a line ---"];
        var yaml = text[4..(end + 1)];
        YamlMappingNode map;
        try
        {
            if (TooDeep(yaml)) return ["The YAML metadata nests too deeply"];
            var stream = new YamlStream();
            using var reader = new StringReader(yaml);
            stream.Load(reader);
            if (stream.Documents.Count == 0) return errors;
            if (stream.Documents[0].RootNode is not YamlMappingNode root) return ["The YAML metadata must be a mapping"];
            map = root;
        }
        catch (YamlException ex)
        {
            return [$"Invalid YAML in the metadata block at line {ex.Start.Line}: {ex.Message}"];
        }
        foreach (var (key, value) in map.Children)
        {
            switch ((key as YamlScalarNode)?.Value)
            {
                case "license":
                    foreach (var id in value is YamlSequenceNode ids ? ids.Children : [value])
                    {
                        if (id is not YamlScalarNode { Value: { } l } || !LicenseId().IsMatch(l)) errors.Add($"\"license\" must be a license id in lower case (apache-2.0, mit, other, …), not {Show(id)}");
                    }
                    break;
                case "tags" or "datasets" or "language":
                    if (value is YamlMappingNode || (value is YamlSequenceNode list && list.Children.Any(c => c is not YamlScalarNode)))
                    {
                        errors.Add($"\"{((YamlScalarNode)key).Value}\" must be a string or a list of strings");
                    }
                    break;
                case "model-index":
                    ModelIndex(value, errors);
                    break;
            }
        }
        return errors;
    }

    private static void ModelIndex(YamlNode value, List<string> errors)
    {
        if (value is not YamlSequenceNode models)
        {
            errors.Add("\"model-index\" must be an array");
            return;
        }
        for (var i = 0; i < models.Children.Count; i++)
        {
            if (models.Children[i] is not YamlMappingNode model || Get(model, "name") is not YamlScalarNode || Get(model, "results") is not YamlSequenceNode results)
            {
                errors.Add($"\"model-index[{i}]\" must have a \"name\" and a list of \"results\"");
                continue;
            }
            for (var r = 0; r < results.Children.Count; r++)
            {
                var at = $"model-index[{i}].results[{r}]";
                var result = results.Children[r] as YamlMappingNode;
                if (Get(Get(result, "task"), "type") is not YamlScalarNode { Value.Length: > 0 }) errors.Add($"\"{at}.task.type\" is required");
                var dataset = Get(result, "dataset");
                if (Get(dataset, "type") is not YamlScalarNode { Value.Length: > 0 }) errors.Add($"\"{at}.dataset.type\" is required");
                if (Get(dataset, "name") is not YamlScalarNode { Value.Length: > 0 }) errors.Add($"\"{at}.dataset.name\" is required");
                if (Get(result, "metrics") is not YamlSequenceNode metrics)
                {
                    errors.Add($"\"{at}.metrics\" must be an array");
                    continue;
                }
                for (var m = 0; m < metrics.Children.Count; m++)
                {
                    if (Get(metrics.Children[m], "type") is not YamlScalarNode { Value.Length: > 0 }) errors.Add($"\"{at}.metrics[{m}].type\" is required");
                    if (Get(metrics.Children[m], "value") is null) errors.Add($"\"{at}.metrics[{m}].value\" is required");
                }
            }
        }
    }

    private static YamlNode? Get(YamlNode? node, string key) =>
        node is YamlMappingNode map && map.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    private static string Show(YamlNode node) => node is YamlScalarNode s ? $"'{s.Value}'" : "a " + node.NodeType.ToString().ToLowerInvariant();

    /// <summary>Nesting over 64 levels, found from the parser's events before the recursive node model is built.</summary>
    private static bool TooDeep(string yaml)
    {
        var parser = new Parser(new StringReader(yaml));
        var depth = 0;
        while (parser.MoveNext())
        {
            if (parser.Current is MappingStart or SequenceStart && ++depth > 64) return true;
            if (parser.Current is MappingEnd or SequenceEnd) depth--;
        }
        return false;
    }
}
