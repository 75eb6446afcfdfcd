using System.Text.RegularExpressions;

namespace ModelRelease.Core.Cards;

/// <summary>
/// Reads the Markdown of a card's body the way a renderer does, as far as a card check needs: which lines are code
/// (fenced with ``` or ~~~, or indented four spaces after a blank line), which are HTML comments, which are headings
/// (ATX <c>## Title</c> with up to three spaces before, or setext: a paragraph underlined with <c>===</c> or
/// <c>---</c>), and so the sections. The one section reader of <c>card show</c>, <c>Get-ModelCard</c> and <c>Test-ModelCard</c>.
/// </summary>
public static partial class CardOutline
{
    /// <summary>What a line of the body is.</summary>
    public enum LineKind
    {
        Text,
        Blank,
        Fence,
        Code,
        Comment,
    }

    // Every pattern here is anchored at the line's start and has no ambiguous repetition, so it runs in time linear in
    // the line and a hostile card cannot stall the reader; code spans and comments are found without patterns (Prose).
    [GeneratedRegex(@"^ {0,3}(`{3,}|~{3,})(.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex FenceOpen();

    [GeneratedRegex(@"^ {0,3}(#{1,6})(?:[ \t]+(.*))?$", RegexOptions.CultureInvariant)]
    private static partial Regex Atx();

    [GeneratedRegex(@"(^|[ \t])#+$", RegexOptions.CultureInvariant)]
    private static partial Regex AtxClosing();

    [GeneratedRegex(@"^ {0,3}(=+|-+)[ \t]*$", RegexOptions.CultureInvariant)]
    private static partial Regex SetextUnderline();

    [GeneratedRegex(@"^ {0,3}([-*+]|\d{1,9}[.)])([ \t]|$)", RegexOptions.CultureInvariant)]
    private static partial Regex ListItem();

    [GeneratedRegex(@"^ {0,3}((-[ \t]*){3,}|(\*[ \t]*){3,}|(_[ \t]*){3,})$", RegexOptions.CultureInvariant)]
    private static partial Regex ThematicBreak();

    /// <summary>The lines of <paramref name="body"/> (LF or CRLF), without their line ends.</summary>
    public static string[] Lines(string body) => body.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();

    /// <summary>What each line is: text, blank, a fence line, code, or inside an HTML comment.</summary>
    public static LineKind[] Classify(IReadOnlyList<string> lines)
    {
        var kinds = new LineKind[lines.Count];
        char fenceChar = '\0';
        var fenceLength = 0;
        var inComment = false;
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            if (fenceLength > 0)
            {
                var close = FenceOpen().Match(line);
                if (close.Success && close.Groups[1].Value[0] == fenceChar && close.Groups[1].Length >= fenceLength && close.Groups[2].Value.Trim().Length == 0)
                {
                    kinds[i] = LineKind.Fence;
                    fenceLength = 0;
                }
                else
                {
                    kinds[i] = LineKind.Code;
                }
                continue;
            }
            if (inComment)
            {
                kinds[i] = LineKind.Comment;
                if (line.Contains("-->", StringComparison.Ordinal)) inComment = false;
                continue;
            }
            if (line.Trim().Length == 0)
            {
                kinds[i] = LineKind.Blank;
                continue;
            }
            var open = FenceOpen().Match(line);
            if (open.Success && !(open.Groups[1].Value[0] == '`' && open.Groups[2].Value.Contains('`', StringComparison.Ordinal)))
            {
                kinds[i] = LineKind.Fence;
                fenceChar = open.Groups[1].Value[0];
                fenceLength = open.Groups[1].Length;
                continue;
            }
            var trimmed = line.TrimStart(' ');
            if (line.Length - trimmed.Length <= 3 && trimmed.StartsWith("<!--", StringComparison.Ordinal))
            {
                var end = trimmed.IndexOf("-->", 4, StringComparison.Ordinal);
                if (end < 0)
                {
                    inComment = true;
                    kinds[i] = LineKind.Comment;
                    continue;
                }
                if (trimmed[(end + 3)..].Trim().Length == 0)
                {
                    kinds[i] = LineKind.Comment;
                    continue;
                }
            }
            // An indented line (four spaces or a tab) after a blank line or more code is an indented code block.
            var indented = line.StartsWith("    ", StringComparison.Ordinal) || line.StartsWith('\t');
            kinds[i] = indented && i > 0 && kinds[i - 1] is LineKind.Blank or LineKind.Code ? LineKind.Code : LineKind.Text;
        }
        return kinds;
    }

    /// <summary>The line with code spans (`code`, ``co`de``) and inline HTML comments blanked out: what a reader sees as prose.</summary>
    public static string Prose(string line)
    {
        var chars = line.ToCharArray();
        // Code spans: a run of n backticks up to the next run of exactly n; found with one list of runs per length.
        var runs = new List<(int Start, int Length)>();
        for (var i = 0; i < chars.Length;)
        {
            if (chars[i] != '`')
            {
                i++;
                continue;
            }
            var start = i;
            while (i < chars.Length && chars[i] == '`') i++;
            runs.Add((start, i - start));
        }
        var byLength = new Dictionary<int, List<int>>();
        for (var r = 0; r < runs.Count; r++)
        {
            if (!byLength.TryGetValue(runs[r].Length, out var list)) byLength[runs[r].Length] = list = [];
            list.Add(r);
        }
        for (var r = 0; r < runs.Count;)
        {
            var same = byLength[runs[r].Length];
            var at = same.BinarySearch(r) + 1;
            if (at >= same.Count)
            {
                r++;
                continue;
            }
            var close = same[at];
            Array.Fill(chars, ' ', runs[r].Start, runs[close].Start + runs[close].Length - runs[r].Start);
            r = close + 1;
        }
        // Inline comments: <!-- up to the next -->.
        var text = new string(chars);
        for (var from = 0; from < text.Length;)
        {
            var open = text.IndexOf("<!--", from, StringComparison.Ordinal);
            if (open < 0) break;
            var shut = text.IndexOf("-->", open + 4, StringComparison.Ordinal);
            if (shut < 0) break;
            Array.Fill(chars, ' ', open, shut + 3 - open);
            from = shut + 3;
        }
        return new string(chars);
    }

    /// <summary>Whether the line holds an inline HTML comment (<c>&lt;!-- … --&gt;</c>).</summary>
    private static bool HasInlineComment(string line) =>
        line.IndexOf("<!--", StringComparison.Ordinal) is var open and >= 0 && line.IndexOf("-->", open + 4, StringComparison.Ordinal) >= 0;

    /// <summary>
    /// The sections of <paramref name="body"/>; <paramref name="firstLine"/> is the file line of the body's first line.
    /// Linear in the body's size whatever it holds (a hostile card of a million headings too): each section's end comes
    /// from a stack of open headings, and whether it is empty from a running count of visible lines.
    /// </summary>
    public static IReadOnlyList<CardSection> Read(string body, int firstLine = 1)
    {
        var lines = Lines(body);
        var kinds = Classify(lines);
        var headings = Headings(lines, kinds);

        var inHeading = new bool[lines.Length];
        foreach (var (_, _, start, contentStart) in headings)
        {
            for (var k = start; k < contentStart; k++) inHeading[k] = true;
        }
        // visible[k]: how many lines before k a reader sees (text that is not only comments, code, fences).
        var visible = new int[lines.Length + 1];
        for (var k = 0; k < lines.Length; k++)
        {
            var seen = !inHeading[k] && kinds[k] switch
            {
                LineKind.Blank or LineKind.Comment => false,
                LineKind.Text => Prose(lines[k]).Trim().Length > 0 || !HasInlineComment(lines[k]),
                _ => true,
            };
            visible[k + 1] = visible[k] + (seen ? 1 : 0);
        }

        var ends = new int[headings.Count];
        var open = new Stack<int>();
        for (var h = 0; h < headings.Count; h++)
        {
            while (open.Count > 0 && headings[open.Peek()].Level >= headings[h].Level) ends[open.Pop()] = headings[h].Start;
            open.Push(h);
        }
        while (open.Count > 0) ends[open.Pop()] = lines.Length;

        var sections = new List<CardSection>(headings.Count);
        for (var h = 0; h < headings.Count; h++)
        {
            var (level, title, start, contentStart) = headings[h];
            var end = ends[h];
            var content = string.Join('\n', lines, contentStart, end - contentStart).Trim();
            sections.Add(new CardSection(level, title, firstLine + start, content, visible[end] - visible[contentStart] == 0));
        }
        return sections;
    }

    /// <summary>The sections of a card's body, with file lines.</summary>
    public static IReadOnlyList<CardSection> Read(ModelCard card) => Read(card.Body, BodyLine(card));

    /// <summary>The file line the card's body starts on.</summary>
    public static int BodyLine(ModelCard card) => 1 + card.Text.AsSpan(0, card.Text.Length - card.Body.Length).Count('\n');

    /// <summary>Headings: level, title, the index of their first line and of the first line after them.</summary>
    private static List<(int Level, string Title, int Start, int ContentStart)> Headings(string[] lines, LineKind[] kinds)
    {
        var found = new List<(int, string, int, int)>();
        var paragraphStart = -1;
        for (var i = 0; i < lines.Length; i++)
        {
            if (kinds[i] != LineKind.Text)
            {
                paragraphStart = -1;
                continue;
            }
            var atx = Atx().Match(lines[i]);
            if (atx.Success)
            {
                var title = AtxClosing().Replace(atx.Groups[2].Value.TrimEnd(' ', '\t'), "").Trim();
                found.Add((atx.Groups[1].Length, title, i, i + 1));
                paragraphStart = -1;
                continue;
            }
            var underline = SetextUnderline().Match(lines[i]);
            if (underline.Success && paragraphStart >= 0)
            {
                var title = string.Join(' ', lines[paragraphStart..i].Select(l => l.Trim()));
                found.Add((underline.Groups[1].Value[0] == '=' ? 1 : 2, title, paragraphStart, i + 1));
                paragraphStart = -1;
                continue;
            }
            if (IsParagraphLine(lines[i]))
            {
                if (paragraphStart < 0) paragraphStart = i;
            }
            else
            {
                paragraphStart = -1;
            }
        }
        return found;
    }

    /// <summary>A line that a setext underline below it turns into a heading: plain text, not a list item, quote, table row, HTML or rule.</summary>
    private static bool IsParagraphLine(string line)
    {
        var t = line.TrimStart();
        return !ListItem().IsMatch(line) && !ThematicBreak().IsMatch(line) && !t.StartsWith('>') && !t.StartsWith('|') && !t.StartsWith('<');
    }
}
