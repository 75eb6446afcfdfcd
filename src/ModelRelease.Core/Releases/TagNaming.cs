using System.Text.RegularExpressions;

namespace ModelRelease.Core.Releases;

/// <summary>
/// Tag names for versions and versions from tag names. Families, in the priority used when a tag could be
/// read more than one way: <c>v1.2.3</c>, <c>model-v1.2.3</c>, <c>export-v1.2.3</c>, <c>weights-v1.1</c>; custom
/// templates use <c>{version}</c>, <c>{major}</c>, <c>{minor}</c>, <c>{patch}</c>.
/// </summary>
public static partial class TagNaming
{
    public static string Name(TagFormat format, SemanticVersion version, string? template = null) => format switch
    {
        TagFormat.Version => "v" + version,
        TagFormat.Model => "model-v" + version,
        TagFormat.Export => "export-v" + version,
        TagFormat.Weights => $"weights-v{version.Major}.{version.Minor}",
        TagFormat.Custom => Custom(template ?? throw new ArgumentException("A custom tag format needs a template such as 'release-{version}'.", nameof(template)), version),
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };

    private static string Custom(string template, SemanticVersion version)
    {
        if (!template.Contains('{', StringComparison.Ordinal)) throw new ArgumentException($"The tag template '{template}' has no {{version}} placeholder.", nameof(template));
        var name = template.Replace("{version}", version.ToString(), StringComparison.Ordinal)
            .Replace("{major}", version.Major.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{minor}", version.Minor.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{patch}", version.Patch.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        if (name.Contains('{', StringComparison.Ordinal)) throw new ArgumentException($"The tag template '{template}' has an unknown placeholder; use {{version}}, {{major}}, {{minor}}, {{patch}}.", nameof(template));
        return ValidName(name);
    }

    /// <summary>A name git accepts as a tag: no spaces, no '..', no control characters, not ending in '.lock' or '/'.</summary>
    public static string ValidName(string name)
    {
        if (name.Length == 0 || name.Contains("..", StringComparison.Ordinal) || name.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || "~^:?*[\\".Contains(c))
            || name.StartsWith('/') || name.EndsWith('/') || name.EndsWith(".lock", StringComparison.Ordinal) || name.StartsWith('-'))
        {
            throw new ArgumentException($"'{name}' is not a valid tag name.", nameof(name));
        }
        return name;
    }

    [GeneratedRegex(@"^(?<family>v|model-v|export-v|weights-v|[A-Za-z0-9_.-]+?[-@/]v?)(?<version>\d+\.\d+(?:\.\d+)?(?:[-.]?[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?)$", RegexOptions.CultureInvariant)]
    private static partial Regex TagPattern();

    private static readonly string[] Priority = ["v", "model-v", "export-v", "weights-v"];

    /// <summary>The version a tag names and its family, or null when it names none (<c>latest</c>, <c>stable</c>).</summary>
    public static (SemanticVersion Version, string Family)? Parse(string tag)
    {
        if (SemanticVersion.TryParse(tag, out var bare)) return (bare, "");
        var m = TagPattern().Match(tag);
        if (!m.Success || !SemanticVersion.TryParse(m.Groups["version"].Value, out var v)) return null;
        return (v, m.Groups["family"].Value);
    }

    /// <summary>Family rank for ordering ties: v before model-v before export-v before weights-v before others.</summary>
    public static int FamilyRank(string family)
    {
        var i = Array.IndexOf(Priority, family);
        return i < 0 ? Priority.Length : i;
    }
}
