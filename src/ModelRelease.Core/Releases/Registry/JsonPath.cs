using System.Text.RegularExpressions;

namespace ModelRelease.Core.Releases.Registry;

/// <summary>JSON paths as findings show them (<c>$.models['cser-detector'].latest</c>) and JSON Pointers as patches write them (<c>/models/cser-detector/latest</c>).</summary>
public static partial class JsonPath
{
    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$", RegexOptions.CultureInvariant)]
    private static partial Regex Identifier();

    /// <summary>The path of <paramref name="key"/> inside <paramref name="parent"/>.</summary>
    public static string Child(string parent, string key) =>
        Identifier().IsMatch(key) ? $"{parent}.{key}" : $"{parent}['{JsonSchemaValidator.Printable(key).Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal)}']";

    /// <summary>An RFC 6901 JSON Pointer of <paramref name="keys"/>.</summary>
    public static string Pointer(params string[] keys) =>
        string.Concat(keys.Select(k => "/" + k.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal)));
}
