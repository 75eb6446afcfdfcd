using System.Text;

namespace ModelRelease.Core.Releases.Names;

/// <summary>
/// The rules a name must keep to be used for what it names. Repository ids (<c>org/name</c> or <c>name</c>), each
/// part: 1 to 96 characters of letters, digits, '-', '_' and '.'; no '--' or '..'; not starting or ending with '-' or
/// '.'; not ending in '.git' (huggingface_hub's validate_repo_id). File names: not empty, '.' or '..'; no '/', '\' or
/// control characters; at most 255 bytes of UTF-8. Tags: git's ref-name rules (<see cref="TagNaming.NameProblem"/>).
/// </summary>
public static class HubNameRules
{
    public const int MaxRepoNameLength = 96;

    /// <summary>Every way <paramref name="name"/> breaks the rules of <paramref name="kind"/>, as error findings.</summary>
    public static IReadOnlyList<Finding> Check(string name, NameKind kind) => kind switch
    {
        NameKind.Repository => CheckRepoId(name),
        NameKind.File => CheckFileName(name),
        NameKind.Tag => TagNaming.NameProblem(name) is { } problem ? [Error(NameCodes.TagName, $"'{Shown(name)}' cannot be a tag: {problem}")] : [],
        _ => [],
    };

    /// <summary>The Hub's repository-id rules, part by part.</summary>
    public static IReadOnlyList<Finding> CheckRepoId(string id)
    {
        var findings = new List<Finding>();
        var parts = id.Split('/');
        if (parts.Length > 2 || parts.Any(p => p.Length == 0))
        {
            findings.Add(Error(NameCodes.HubParts, $"'{Shown(id)}' is not name or namespace/name: {(parts.Length > 2 ? "more than one '/'" : "an empty part")}"));
            return findings;
        }
        foreach (var part in parts)
        {
            var what = parts.Length == 2 && ReferenceEquals(part, parts[0]) ? "namespace" : "name";
            if (part.Length > MaxRepoNameLength) findings.Add(Error(NameCodes.HubLength, $"the {what} '{Shown(part)}' has {part.Length} characters; the Hub allows {MaxRepoNameLength}"));
            var bad = part.Where(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')).Distinct().ToList();
            if (bad.Count > 0) findings.Add(Error(NameCodes.HubCharacter, $"the {what} '{Shown(part)}' has {string.Join(", ", bad.Select(c => $"'{Shown(c.ToString())}'"))}; the Hub allows letters, digits, '-', '_' and '.'"));
            if (part.Contains("--", StringComparison.Ordinal) || part.Contains("..", StringComparison.Ordinal)) findings.Add(Error(NameCodes.HubDoubled, $"the {what} '{Shown(part)}' has '--' or '..', which the Hub refuses"));
            if (part[0] is '-' or '.' || part[^1] is '-' or '.') findings.Add(Error(NameCodes.HubEdge, $"the {what} '{Shown(part)}' starts or ends with '-' or '.', which the Hub refuses"));
            if (part.EndsWith(".git", StringComparison.OrdinalIgnoreCase)) findings.Add(Error(NameCodes.HubSuffix, $"the {what} '{Shown(part)}' ends in '.git', which the Hub refuses"));
        }
        return findings;
    }

    /// <summary>File-name rules.</summary>
    public static IReadOnlyList<Finding> CheckFileName(string name)
    {
        if (name.Length == 0 || name is "." or "..") return [Error(NameCodes.FileName, "a file name cannot be empty, '.' or '..'")];
        if (name.Any(c => c is '/' or '\\' || char.IsControl(c))) return [Error(NameCodes.FileName, $"the file name '{Shown(name)}' has '/', '\\' or a control character")];
        if (Encoding.UTF8.GetByteCount(name) > 255) return [Error(NameCodes.FileName, $"the file name '{Shown(name)}' is longer than 255 bytes")];
        return [];
    }

    private static Finding Error(string code, string message) => new(FindingSeverity.Error, code, message);

    private static string Shown(string text) =>
        string.Concat(text.Take(100).Select(c => char.IsControl(c) || char.IsSurrogate(c) ? $"\\u{(int)c:x4}" : c.ToString())) + (text.Length > 100 ? "…" : "");
}
