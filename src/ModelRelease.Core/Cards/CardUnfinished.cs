using System.Text.RegularExpressions;

namespace ModelRelease.Core.Cards;

/// <summary>
/// Finds what a policy calls unfinished, one finding per line: placeholders anywhere in the card in any case
/// ("More information needed" also catches the template's "[More Information Needed]"), draft words such as TODO and
/// TBD as whole words in prose (not inside ``` fences, indented code or `inline code`; not "TODO-list", not "TODOs"),
/// and, for the strict policy, exact phrases anywhere.
/// </summary>
public static class CardUnfinished
{
    /// <summary>(file line, what was found, the line's text) for each unfinished line of <paramref name="card"/>.</summary>
    public static IReadOnlyList<(int Line, IReadOnlyList<string> Found, string Text)> Find(ModelCard card, CardPolicy policy)
    {
        var found = new SortedDictionary<int, List<string>>();
        void Add(int index, string what)
        {
            if (!found.TryGetValue(index, out var list)) found[index] = list = [];
            if (!list.Contains(what, StringComparer.Ordinal)) list.Add(what);
        }

        var lines = CardOutline.Lines(card.Text);
        var placeholders = policy.Placeholders.Select(p => (p, Pattern(p, RegexOptions.IgnoreCase))).ToList();
        var phrases = policy.UnfinishedPhrases.Select(p => (p, Pattern(p, RegexOptions.None))).ToList();
        for (var i = 0; i < lines.Length; i++)
        {
            foreach (var (text, pattern) in placeholders.Concat(phrases))
            {
                if (pattern.IsMatch(lines[i])) Add(i, text);
            }
        }

        if (policy.UnfinishedWords.Count > 0)
        {
            var words = new Regex(@"(?<![\w-])(" + string.Join('|', policy.UnfinishedWords.Select(Regex.Escape)) + @")(?![\w-])", RegexOptions.CultureInvariant);
            var bodyStart = CardOutline.BodyLine(card) - 1;
            var body = lines[bodyStart..];
            var kinds = CardOutline.Classify(body);
            for (var i = 0; i < body.Length; i++)
            {
                if (kinds[i] is not (CardOutline.LineKind.Text or CardOutline.LineKind.Comment)) continue;
                foreach (Match m in words.Matches(kinds[i] == CardOutline.LineKind.Text ? CardOutline.Prose(body[i]) : body[i]))
                {
                    Add(bodyStart + i, m.Value);
                }
            }
        }
        return found.Select(kv => (kv.Key + 1, (IReadOnlyList<string>)kv.Value, lines[kv.Key].Trim())).ToList();
    }

    /// <summary>The text as a pattern, bounded as a word where it starts or ends with a letter or digit.</summary>
    private static Regex Pattern(string text, RegexOptions options) =>
        new((char.IsLetterOrDigit(text[0]) ? @"\b" : "") + Regex.Escape(text) + (char.IsLetterOrDigit(text[^1]) ? @"\b" : ""), options | RegexOptions.CultureInvariant);
}
