using System.Globalization;

namespace ModelRelease.Core.Releases.Changelog;

/// <summary>
/// The changelog of a model card: the list under its <c>## Changelog</c> heading. A release's card carries the entries
/// of the previous release's card forward, below its own entry, so the card on the Hub tells the whole history.
/// </summary>
public static class CardChangelog
{
    /// <summary>The entries (list items and their continuation lines) of the card body's changelog section; empty when it has none.</summary>
    public static IReadOnlyList<string> Entries(string body)
    {
        var lines = body.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var start = Array.FindIndex(lines, l => l.TrimStart().StartsWith("## ", StringComparison.Ordinal) && l.Trim()[3..].Trim().Equals("Changelog", StringComparison.OrdinalIgnoreCase));
        if (start < 0) return [];
        var entries = new List<string>();
        for (var i = start + 1; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.StartsWith('#')) break;
            if (string.IsNullOrWhiteSpace(line) || line.Contains("[More Information Needed]", StringComparison.OrdinalIgnoreCase)) continue;
            entries.Add(line.TrimEnd());
        }
        return entries;
    }

    /// <summary>This release's entry (<c>- v1.3.0 (2025-09-15): what changed</c>) above the previous entries.</summary>
    public static string Compose(string tag, DateOnly date, IReadOnlyList<string> changes, IReadOnlyList<string> previous)
    {
        var what = changes.Where(c => !string.IsNullOrWhiteSpace(c)).Select(c => c.Trim().TrimStart('-', '*').Trim().TrimEnd('.', ';')).Where(c => c.Length > 0).ToList();
        var entry = $"- {tag} ({date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}): " + (what.Count == 0 ? "released with ModelRelease." : string.Join("; ", what) + ".");
        return string.Join('\n', [entry, .. previous.Where(p => !p.TrimStart().StartsWith($"- {tag} ", StringComparison.Ordinal) && !p.TrimStart().StartsWith($"- {tag}:", StringComparison.Ordinal))]);
    }
}
