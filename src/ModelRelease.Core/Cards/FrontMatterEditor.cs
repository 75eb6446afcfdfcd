using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace ModelRelease.Core.Cards;

/// <summary>
/// Changes a card's front matter in place: only the entries whose value changes are rewritten (each one's lines,
/// from its key to the end of its value), a removed key's lines go, new keys are added at the end; every other byte —
/// comments, blank lines, quoting, anchors, merge keys (&lt;&lt;), tags (!!…), key order — stays as the user wrote it.
/// A change that cannot be made without rewriting something else is refused with CARD_YAML_UNEDITABLE naming the
/// line: a flow-style front matter, a comment inside the value being replaced, or an anchor there that is used elsewhere.
/// </summary>
public static class FrontMatterEditor
{
    private sealed class Entry
    {
        public required string Key { get; init; }
        public required int Start { get; init; }
        public int End { get; set; }
        public int Line { get; init; }
        public List<(int Index, int Line)> Comments { get; } = [];
        public HashSet<string> Anchors { get; } = new(StringComparer.Ordinal);
    }

    /// <summary>
    /// The front matter text with <paramref name="after"/>'s values, edited from <paramref name="yaml"/> whose parsed
    /// values are <paramref name="before"/>. <paramref name="firstLine"/> is the file line of the YAML's first line.
    /// </summary>
    public static string Edit(string yaml, string newline, IReadOnlyDictionary<string, object?> before, IReadOnlyDictionary<string, object?> after, string? file, int firstLine)
    {
        var changed = before.Keys.Where(k => after.TryGetValue(k, out var v) && !PlainEquals(before[k], v)).ToHashSet(StringComparer.Ordinal);
        var removed = before.Keys.Where(k => !after.ContainsKey(k)).ToHashSet(StringComparer.Ordinal);
        var added = after.Where(kv => !before.ContainsKey(kv.Key)).ToList();
        if (changed.Count == 0 && removed.Count == 0 && added.Count == 0) return yaml;

        var (entries, aliases) = Layout(yaml, file, firstLine, needed: changed.Count + removed.Count > 0);
        var output = new System.Text.StringBuilder(yaml.Length + 256);
        var at = 0;
        foreach (var entry in entries.Where(e => changed.Contains(e.Key) || removed.Contains(e.Key)))
        {
            if (entry.Anchors.FirstOrDefault(aliases.Contains) is { } anchor)
            {
                throw Uneditable(file, firstLine + entry.Line, $"'{entry.Key}' defines the anchor &{anchor} that other entries use; change it by hand");
            }
            var replacement = changed.Contains(entry.Key) ? Emit([new(entry.Key, after[entry.Key])], newline) : "";
            if (changed.Contains(entry.Key) && entry.Comments.Count > 0)
            {
                // One comment at the end of a one-line entry that stays one line keeps its place; any other would be lost.
                var (index, line) = entry.Comments[0];
                var oneLine = entry.Comments.Count == 1 && line == entry.Line && !yaml.AsSpan(entry.Start, entry.End - entry.Start).TrimEnd("\r\n").Contains('\n')
                    && replacement.IndexOf('\n') == replacement.Length - 1;
                if (!oneLine)
                {
                    throw Uneditable(file, firstLine + line, $"the value of '{entry.Key}' has a comment that rewriting it would drop; change it by hand or remove the comment");
                }
                var comment = yaml[index..entry.End].TrimEnd('\r', '\n');
                replacement = replacement.TrimEnd('\r', '\n') + " " + comment + newline;
            }
            output.Append(yaml, at, entry.Start - at);
            output.Append(replacement);
            at = entry.End;
        }
        output.Append(yaml, at, yaml.Length - at);
        if (added.Count > 0)
        {
            if (output.Length > 0 && output[^1] != '\n') output.Append(newline);
            output.Append(Emit(added, newline));
        }
        return output.ToString();
    }

    private static string Emit(IEnumerable<KeyValuePair<string, object?>> values, string newline)
    {
        var map = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, value) in values) map[key] = value;
        return CardYaml.Emit(map).Replace("\n", newline, StringComparison.Ordinal);
    }

    /// <summary>The top-level entries with the text each spans, and every alias used anywhere.</summary>
    private static (List<Entry> Entries, HashSet<string> Aliases) Layout(string yaml, string? file, int firstLine, bool needed)
    {
        var entries = new List<Entry>();
        var aliases = new HashSet<string>(StringComparer.Ordinal);
        var comments = new List<(int Index, int Line)>();
        var parser = new Parser(new Scanner(new StringReader(yaml), skipComments: false));
        var depth = 0;            // 1 = directly inside the top-level mapping
        var expectingKey = false; // at depth 1: the next node is a key (else a value)
        var inKey = false;        // inside a complex (collection) key
        Entry? current = null;
        var contentEnd = 0;
        try
        {
            while (parser.MoveNext())
            {
                var e = parser.Current!;
                if (e is Comment)
                {
                    comments.Add(((int)e.Start.Index, (int)e.Start.Line - 1));
                    continue;
                }
                if (depth == 0)
                {
                    if (e is MappingStart top)
                    {
                        if (top.Style == MappingStyle.Flow && needed)
                        {
                            throw Uneditable(file, firstLine + (int)top.Start.Line - 1, "the front matter is written in flow style ({ … }); only block-style front matter is edited in place");
                        }
                        depth = 1;
                        expectingKey = true;
                    }
                    continue;
                }
                if (depth == 1 && expectingKey)
                {
                    if (e is MappingEnd)
                    {
                        depth = 0;
                        continue;
                    }
                    Close(current, contentEnd, yaml);
                    current = null;
                    expectingKey = false;
                    if (e is Scalar key)
                    {
                        current = new Entry { Key = key.Value, Start = LineStart(yaml, (int)e.Start.Index), Line = (int)e.Start.Line - 1 };
                        entries.Add(current);
                        contentEnd = (int)e.End.Index;
                    }
                    else if (e is MappingStart or SequenceStart)
                    {
                        if (needed) throw Uneditable(file, firstLine + (int)e.Start.Line - 1, "a key of the front matter is not a plain name");
                        inKey = true;
                        depth++;
                    }
                    continue;
                }
                switch (e)
                {
                    case MappingStart m:
                        Anchor(current, m.Anchor);
                        depth++;
                        continue;
                    case SequenceStart q:
                        Anchor(current, q.Anchor);
                        depth++;
                        continue;
                    case MappingEnd or SequenceEnd:
                        depth--;
                        if (!inKey && IsFlowEnd(yaml, (int)e.Start.Index)) contentEnd = Math.Max(contentEnd, (int)e.End.Index);
                        break;
                    case Scalar s:
                        Anchor(current, s.Anchor);
                        if (!inKey) contentEnd = Math.Max(contentEnd, (int)e.End.Index);
                        break;
                    case AnchorAlias a:
                        aliases.Add(a.Value.Value);
                        if (!inKey) contentEnd = Math.Max(contentEnd, (int)e.End.Index);
                        break;
                }
                // Back at the top level: a complex key is done (a value follows), or a value is done (a key follows).
                if (depth == 1)
                {
                    expectingKey = !inKey;
                    inKey = false;
                }
            }
        }
        catch (YamlException ex)
        {
            throw new ModelCardException("ModelCardInvalid", CardCodes.YamlInvalid, file, firstLine + (int)ex.Start.Line - 1, "invalid YAML: " + ex.Message.Split('\n')[0], innerException: ex);
        }
        Close(current, contentEnd, yaml);
        // A comment belongs to an entry when it lies in the entry's text: on a line after its key, or after its key on the key's line.
        foreach (var (index, line) in comments)
        {
            foreach (var entry in entries.Where(x => index >= x.Start && index < x.End)) entry.Comments.Add((index, line));
        }
        return (entries, aliases);
    }

    private static void Anchor(Entry? entry, AnchorName anchor)
    {
        if (entry is not null && !anchor.IsEmpty) entry.Anchors.Add(anchor.Value);
    }

    private static bool IsFlowEnd(string yaml, int index) => index < yaml.Length && yaml[index] is ']' or '}';

    /// <summary>An entry ends after the line its value's last character is on.</summary>
    private static void Close(Entry? entry, int contentEnd, string yaml)
    {
        if (entry is null) return;
        var end = Math.Max(contentEnd, entry.Start);
        if (end > 0 && end <= yaml.Length && yaml[end - 1] == '\n') { entry.End = end; return; }
        var newline = yaml.IndexOf('\n', Math.Min(end, yaml.Length));
        entry.End = newline < 0 ? yaml.Length : newline + 1;
    }

    private static int LineStart(string yaml, int index) => index == 0 ? 0 : yaml.LastIndexOf('\n', Math.Min(index, yaml.Length) - 1) + 1;

    private static ModelCardException Uneditable(string? file, int line, string detail) =>
        new("ModelCardMetadataUneditable", CardCodes.YamlUneditable, file, line, detail, ErrorKind.InvalidOperation);

    /// <summary>Whether two parsed metadata values are the same (strings, numbers, booleans, lists, mappings).</summary>
    public static bool PlainEquals(object? a, object? b) => (a, b) switch
    {
        (null, null) => true,
        (null, _) or (_, null) => false,
        (List<object?> x, List<object?> y) => x.Count == y.Count && x.Zip(y).All(p => PlainEquals(p.First, p.Second)),
        (IReadOnlyDictionary<string, object?> x, IReadOnlyDictionary<string, object?> y) => x.Count == y.Count && x.All(kv => y.TryGetValue(kv.Key, out var v) && PlainEquals(kv.Value, v)),
        (string x, string y) => string.Equals(x, y, StringComparison.Ordinal),
        _ when IsNumber(a) && IsNumber(b) => Convert.ToDouble(a, System.Globalization.CultureInfo.InvariantCulture) == Convert.ToDouble(b, System.Globalization.CultureInfo.InvariantCulture) && a.GetType() == b.GetType(),
        _ => Equals(a, b),
    };

    private static bool IsNumber(object o) => o is long or int or double or float or decimal or short or byte;
}
