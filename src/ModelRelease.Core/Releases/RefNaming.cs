using System.Text.RegularExpressions;

namespace ModelRelease.Core.Releases;

/// <summary>What a git reference is: a tag or a branch.</summary>
public enum RefKind
{
    Tag,
    Branch,
}

/// <summary>
/// The reserved-name rules tags and branches share, in one place (<see cref="TagNaming"/> and the branch operation
/// both ask here; the hub emulator's GitNames keeps the same rules on the server side): git's ref-name rules (no
/// spaces, control characters, '..', '@{', '//', '~^:?*[\\', no '.lock' or '/' ending, no part starting with '.', not
/// starting with '-'), none of HEAD, @ or a refs/ name (refs/pr/5 is a pull request's), and not 7 to 40 hex digits (a
/// download pinned to that commit id would fetch the reference instead). A tag may not be named main. And one name is
/// one revision: a tag may not take the name of a branch, nor a branch the name of a tag.
/// </summary>
public static partial class RefNaming
{
    /// <summary>The longest reference name accepted.</summary>
    public const int MaxLength = 255;

    [GeneratedRegex("^[0-9a-fA-F]{7,40}$", RegexOptions.CultureInvariant)]
    private static partial Regex CommitIdLike();

    /// <summary>Why <paramref name="name"/> cannot be a <paramref name="kind"/>, or null.</summary>
    public static string? Problem(string name, RefKind kind)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length == 0) return "it is empty";
        if (name.Length > MaxLength) return $"it is longer than {MaxLength} characters";
        if (name is "HEAD" or "@" || name.StartsWith("refs/", StringComparison.Ordinal)) return "git or the Hub reserves that name";
        if (kind == RefKind.Tag && name == "main") return "git or the Hub reserves that name";
        if (name.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || "~^:?*[\\".Contains(c))) return "it contains a space, a control character or one of ~^:?*[\\";
        if (name.Contains("..", StringComparison.Ordinal) || name.Contains("@{", StringComparison.Ordinal) || name.Contains("//", StringComparison.Ordinal)) return "it contains '..', '@{' or '//'";
        if (name.StartsWith('/') || name.StartsWith('-') || name.EndsWith('/') || name.EndsWith('.') || name.EndsWith(".lock", StringComparison.Ordinal)) return "it starts with '/' or '-', or ends with '/', '.' or '.lock'";
        if (name.Split('/').Any(part => part.StartsWith('.'))) return "a part of it starts with '.'";
        if (CommitIdLike().IsMatch(name)) return "it looks like a commit id (7 to 40 hex digits)";
        return null;
    }

    /// <summary>
    /// Why a <paramref name="kind"/> named <paramref name="name"/> would clash with the repository's other references
    /// (a tag named like a branch, a branch named like a tag), or null.
    /// </summary>
    public static string? ClashProblem(string name, RefKind kind, IEnumerable<string> branches, IEnumerable<string> tags) => kind switch
    {
        RefKind.Tag when branches.Contains(name, StringComparer.Ordinal) => $"a branch is named {name}: a tag of that name would make the revision '{name}' ambiguous",
        RefKind.Branch when tags.Contains(name, StringComparer.Ordinal) => $"a tag is named {name}: a branch of that name would make the revision '{name}' ambiguous",
        _ => null,
    };

    /// <summary>A name from a user, safe to show: control characters escaped, at most 200 characters.</summary>
    public static string Printable(string name) =>
        string.Concat(name.Take(200).Select(c => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString())) + (name.Length > 200 ? "…" : "");
}
