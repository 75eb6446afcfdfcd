namespace ModelRelease.Core.Releases;

/// <summary>
/// Tag names for versions and versions from tag names, over the tag formats as data (<see cref="Versions.TagTemplates"/>,
/// <see cref="Versions.TagVersionReader"/>). Families, in the priority used when a tag could be read more than one way:
/// <c>v1.2.3</c>, <c>model-v1.2.3</c>, <c>export-v1.2.3</c>, <c>weights-v1.1</c>; custom templates use <c>{version}</c>,
/// <c>{major}</c>, <c>{minor}</c>, <c>{patch}</c>.
/// </summary>
public static class TagNaming
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

    /// <summary>Why <paramref name="name"/> cannot be a tag, or null (the rules tags and branches share: <see cref="RefNaming"/>).</summary>
    public static string? NameProblem(string name) => RefNaming.Problem(name, RefKind.Tag);

    /// <summary>A name from a user, safe to show: control characters escaped.</summary>
    private static string Printable(string name) => RefNaming.Printable(name);

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
