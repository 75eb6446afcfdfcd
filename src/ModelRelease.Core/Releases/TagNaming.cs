using System.Text.RegularExpressions;

namespace ModelRelease.Core.Releases;

/// <summary>
/// Tag names for versions and versions from tag names, over the tag formats as data (<see cref="Versions.TagTemplates"/>,
/// <see cref="Versions.TagVersionReader"/>). Families, in the priority used when a tag could be read more than one way:
/// <c>v1.2.3</c>, <c>model-v1.2.3</c>, <c>export-v1.2.3</c>, <c>weights-v1.1</c>; custom templates use <c>{version}</c>,
/// <c>{major}</c>, <c>{minor}</c>, <c>{patch}</c>.
/// </summary>
public static partial class TagNaming
{
    /// <summary>The tag for <paramref name="version"/> in <paramref name="format"/> (Custom: <paramref name="template"/>, text with {version} or {major}.{minor}).</summary>
    public static string Name(TagFormat format, SemanticVersion version, string? template = null) =>
        Versions.TagTemplates.For(format, template).Format(version);

    /// <summary>
    /// A name git accepts as a tag and that cannot be taken for another revision: git's ref-name rules (no spaces,
    /// control characters, '..', '@{', '~^:?*[\\', no '.lock' or '/' ending, no part starting with '.'), none of
    /// HEAD, @, main or a refs/ name, and not 7 to 40 hex digits (a download pinned to that commit id would fetch the
    /// tag's commit instead). Whether a branch has the name is checked against the repository (<see cref="Hub.ReleaseTagger"/>).
    /// </summary>
    public static string ValidName(string name)
    {
        if (NameProblem(name) is { } problem) throw new ArgumentException($"'{Printable(name)}' is not a valid tag name: {problem}.", nameof(name));
        return name;
    }

    /// <summary>Why <paramref name="name"/> cannot be a tag, or null.</summary>
    public static string? NameProblem(string name)
    {
        if (name.Length == 0) return "it is empty";
        if (name.Length > 255) return "it is longer than 255 characters";
        if (name is "HEAD" or "@" or "main" || name.StartsWith("refs/", StringComparison.Ordinal)) return "git or the Hub reserves that name";
        if (name.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || "~^:?*[\\".Contains(c))) return "it contains a space, a control character or one of ~^:?*[\\";
        if (name.Contains("..", StringComparison.Ordinal) || name.Contains("@{", StringComparison.Ordinal) || name.Contains("//", StringComparison.Ordinal)) return "it contains '..', '@{' or '//'";
        if (name.StartsWith('/') || name.StartsWith('-') || name.EndsWith('/') || name.EndsWith('.') || name.EndsWith(".lock", StringComparison.Ordinal)) return "it starts with '/' or '-', or ends with '/', '.' or '.lock'";
        if (name.Split('/').Any(part => part.StartsWith('.'))) return "a part of it starts with '.'";
        if (CommitIdLike().IsMatch(name)) return "it looks like a commit id (7 to 40 hex digits)";
        return null;
    }

    [GeneratedRegex("^[0-9a-fA-F]{7,40}$", RegexOptions.CultureInvariant)]
    private static partial Regex CommitIdLike();

    /// <summary>A name from a user, safe to show: control characters escaped.</summary>
    private static string Printable(string name) =>
        string.Concat(name.Take(200).Select(c => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString()));

    private static readonly string[] Priority = ["v", "model-v", "export-v", "weights-v"];

    /// <summary>
    /// The version a tag names and its family (<see cref="Versions.TagVersionReader"/>: the tag formats in priority order,
    /// then the whole name as a version), or null when it names none (<c>latest</c>, <c>stable</c>).
    /// </summary>
    public static (SemanticVersion Version, string Family)? Parse(string tag)
    {
        var read = new Versions.TagVersionReader().Read(tag);
        return read.NamesVersion ? (read.Version!, read.Family!) : null;
    }

    /// <summary>Family rank for ordering ties: v before model-v before export-v before weights-v before others.</summary>
    public static int FamilyRank(string family)
    {
        var i = Array.IndexOf(Priority, family);
        return i < 0 ? Priority.Length : i;
    }
}
