using System.Globalization;

namespace ModelRelease.Core.Cards;

/// <summary>A training config (any YAML, so JSON too) as a flat hyperparameter table.</summary>
public static class CardConfig
{
    public static IReadOnlyList<(string Key, string Value)> Read(string path)
    {
        if (!File.Exists(path)) throw new ModelCardException("ModelCardConfigInvalid", CardCodes.ConfigMissing, path, null, "the config file does not exist", ErrorKind.NotFound);
        var text = CardFile.ReadInput(path, "ModelCardConfigInvalid", CardCodes.ConfigYaml);
        if (text.Contains('\0')) throw new ModelCardException("ModelCardConfigInvalid", CardCodes.ConfigYaml, path, 1, "the config is not text (it has NUL bytes), so it is not YAML");
        var map = CardYaml.ParseMapping(text.Replace("\r\n", "\n", StringComparison.Ordinal), path, 1, "ModelCardConfigInvalid", CardCodes.ConfigYaml);
        var rows = new List<(string, string)>();
        Flatten("", map, rows);
        return rows;
    }

    private static void Flatten(string prefix, object? value, List<(string, string)> rows)
    {
        switch (value)
        {
            case Dictionary<string, object?> d:
                foreach (var (k, v) in d) Flatten(prefix.Length == 0 ? k : prefix + "." + k, v, rows);
                break;
            case List<object?> list when list.All(x => x is not (Dictionary<string, object?> or List<object?>)):
                rows.Add((prefix, "[" + string.Join(", ", list.Select(Scalar)) + "]"));
                break;
            case List<object?> list:
                for (var i = 0; i < list.Count; i++) Flatten($"{prefix}[{i}]", list[i], rows);
                break;
            default:
                rows.Add((prefix, Scalar(value)));
                break;
        }
    }

    private static string Scalar(object? v) => v switch
    {
        null => "null",
        bool b => b ? "true" : "false",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        _ => Convert.ToString(v, CultureInfo.InvariantCulture) ?? "",
    };

    public static string Table(IReadOnlyList<(string Key, string Value)> rows) =>
        rows.Count == 0 ? "[More Information Needed]"
        : string.Join('\n', new[] { "| Hyperparameter | Value |", "|---|---|" }.Concat(rows.Select(r => $"| {r.Key.Replace("|", "\\|", StringComparison.Ordinal)} | {r.Value.Replace("|", "\\|", StringComparison.Ordinal)} |")));
}
