using System.Text;
using System.Text.RegularExpressions;
using ModelRelease.HubEmulator.Http;

namespace ModelRelease.HubEmulator.Storage;

/// <summary>
/// What the Hub (a git server) accepts as an object id, a path in a repository and a tag or branch name. Each check
/// throws the 400 the Hub answers with, so nothing the store builds a file name from leaves its folder.
/// </summary>
public static partial class GitNames
{
    /// <summary>Longest path in a repository, and longest segment, in UTF-8 bytes (git and common file systems).</summary>
    public const int MaxPathBytes = 4096;
    public const int MaxSegmentBytes = 255;

    [GeneratedRegex("^[0-9a-f]{64}$", RegexOptions.CultureInvariant)]
    private static partial Regex Sha256Pattern();

    [GeneratedRegex("^[0-9a-f]{40}$", RegexOptions.CultureInvariant)]
    private static partial Regex Sha1Pattern();

    [GeneratedRegex("^[0-9a-fA-F]{7,40}$", RegexOptions.CultureInvariant)]
    private static partial Regex CommitLikePattern();

    public static bool IsSha256(string? oid) => oid is not null && Sha256Pattern().IsMatch(oid);

    public static bool IsSha1(string? id) => id is not null && Sha1Pattern().IsMatch(id);

    public static string RequireSha256(string? oid) =>
        IsSha256(oid) ? oid! : throw HubError.BadRequest($"Invalid LFS oid '{Printable(oid)}': 64 lowercase hex digits expected");

    public static string RequireSha1(string? id) =>
        IsSha1(id) ? id! : throw HubError.BadRequest($"Invalid object id '{Printable(id)}': 40 lowercase hex digits expected");

    /// <summary>A path git can hold: no NUL or control characters, no empty, ".", "..", ".git" segments, bounded length.</summary>
    public static string? PathProblem(string path)
    {
        if (path.Length == 0) return "the path is empty";
        if (path.Any(c => c < ' ' || c == '\u007f')) return "the path contains a control character";
        if (Encoding.UTF8.GetByteCount(path) > MaxPathBytes) return $"the path is longer than {MaxPathBytes} bytes";
        foreach (var segment in path.Split('/'))
        {
            if (segment is "" or "." or ".." or ".git") return $"the path has a '{segment}' segment";
            if (Encoding.UTF8.GetByteCount(segment) > MaxSegmentBytes) return $"a name in the path is longer than {MaxSegmentBytes} bytes";
        }
        return null;
    }

    /// <summary>
    /// A tag name git and the Hub accept and that cannot be mistaken for another revision: git's ref-name rules, none
    /// of HEAD, @ or a refs/ name, not 7 to 40 hex digits (a commit id), and not the name of a branch.
    /// </summary>
    public static string? TagProblem(string tag, IEnumerable<string> branches)
    {
        var problem = RefProblem(tag);
        if (problem is not null) return problem;
        if (CommitLikePattern().IsMatch(tag)) return "it looks like a commit id (7 to 40 hex digits)";
        if (branches.Contains(tag, StringComparer.Ordinal)) return "a branch has that name";
        return null;
    }

    /// <summary>git check-ref-format, plus the names the Hub reserves.</summary>
    public static string? RefProblem(string name)
    {
        if (name.Length == 0) return "the name is empty";
        if (name.Length > 255) return "the name is longer than 255 characters";
        if (name is "HEAD" or "@" || name.StartsWith("refs/", StringComparison.Ordinal)) return "the name is reserved by git";
        if (name.Any(c => c < ' ' || c == '\u007f' || c is ' ' or '~' or '^' or ':' or '?' or '*' or '[' or '\\')) return "the name contains a character git refuses";
        if (name.Contains("..", StringComparison.Ordinal) || name.Contains("@{", StringComparison.Ordinal) || name.Contains("//", StringComparison.Ordinal)) return "the name contains '..', '@{' or '//'";
        if (name.StartsWith('/') || name.EndsWith('/') || name.EndsWith('.') || name.EndsWith(".lock", StringComparison.Ordinal)) return "the name starts or ends in a way git refuses";
        if (name.Split('/').Any(part => part.StartsWith('.'))) return "a part of the name starts with '.'";
        return null;
    }

    /// <summary>Text from a request, safe to put in a message: control characters escaped, at most 200 characters.</summary>
    public static string Printable(string? text)
    {
        if (text is null) return "";
        var builder = new StringBuilder();
        foreach (var c in text.Length > 200 ? text[..200] : text)
        {
            builder.Append(c < ' ' || c == '\u007f' ? $"\\u{(int)c:x4}" : c.ToString());
        }
        return text.Length > 200 ? builder + "…" : builder.ToString();
    }
}
