using System.Text;
using System.Text.RegularExpressions;

namespace ModelRelease.Core.Releases.Changelog;

/// <summary>
/// A repository's CHANGELOG.md in the Keep a Changelog layout: a release is a <c>## [1.3.0] - 2025-09-15</c> heading and
/// its list. A new release goes above the newest one (below an <c>## [Unreleased]</c> section, which stays on top); a
/// file that does not exist yet is started with a title. The line endings of the file are kept. A version that
/// already has its entry is left as it is (a release made again changes nothing).
/// </summary>
public static partial class ChangelogFile
{
    /// <summary>The file's name in a repository.</summary>
    public const string FileName = "CHANGELOG.md";

    [GeneratedRegex(@"^##\s+\[?(?<version>[^\]\s]+)\]?", RegexOptions.CultureInvariant)]
    private static partial Regex ReleaseHeading();

    /// <summary>The entry's heading and list, without a trailing blank line.</summary>
    public static string Entry(string version, DateOnly date, IReadOnlyList<string> lines)
    {
        var text = new StringBuilder($"## [{version}] - {date:yyyy-MM-dd}\n\n");
        foreach (var line in lines.Where(l => !string.IsNullOrWhiteSpace(l))) text.Append(AsItem(line)).Append('\n');
        return text.ToString().TrimEnd('\n');
    }

    /// <summary>A line as a list item (<c>- </c> added when it is not one).</summary>
    public static string AsItem(string line)
    {
        var t = line.Trim();
        return t.StartsWith("- ", StringComparison.Ordinal) || t.StartsWith("* ", StringComparison.Ordinal) ? t : "- " + t;
    }

    /// <summary>True when <paramref name="text"/> has a release heading for <paramref name="version"/>.</summary>
    public static bool HasEntry(string? text, string version) =>
        text is not null && text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').Any(l => ReleaseHeading().Match(l) is { Success: true } m && m.Groups["version"].Value.TrimStart('v') == version);

    /// <summary>The text with the entry for <paramref name="version"/> added (unchanged when it has one).</summary>
    public static string AddEntry(string? text, string version, DateOnly date, IReadOnlyList<string> lines)
    {
        if (HasEntry(text, version)) return text!;
        var entry = Entry(version, date, lines);
        if (string.IsNullOrWhiteSpace(text))
        {
            return $"# Changelog\n\nEvery release of this project, newest first.\n\n{entry}\n";
        }
        var newline = text.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";
        var all = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').ToList();
        var at = all.FindIndex(l => ReleaseHeading().Match(l) is { Success: true } m && !m.Groups["version"].Value.Equals("Unreleased", StringComparison.OrdinalIgnoreCase));
        var block = entry.Split('\n').ToList();
        if (at < 0)
        {
            while (all.Count > 0 && all[^1].Length == 0) all.RemoveAt(all.Count - 1);
            all.Add("");
            all.AddRange(block);
            all.Add("");
        }
        else
        {
            block.Add("");
            all.InsertRange(at, block);
        }
        return string.Join(newline, all);
    }
}
