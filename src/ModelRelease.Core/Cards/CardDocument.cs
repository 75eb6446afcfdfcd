namespace ModelRelease.Core.Cards;

/// <summary>
/// Reads a card into front matter and body without changing a byte, and writes metadata changes back by
/// re-emitting only the front matter: the body, the line endings and the final newline stay as they were.
/// </summary>
public static class CardDocument
{
    /// <summary>A UTF-8 byte order mark at the start of a file, kept as the character U+FEFF in <see cref="ModelCard.Text"/> so writing the text back gives the same bytes.</summary>
    public const char ByteOrderMark = '\uFEFF';

    public static ModelCard Parse(string text, string? path)
    {
        var (start, close, _) = Locate(text, path);
        var yaml = text[start..close];
        var metadata = CardYaml.ParseMapping(yaml.Replace("\r\n", "\n", StringComparison.Ordinal), path, 2, "ModelCardInvalid", CardCodes.YamlInvalid);
        var afterClose = text.IndexOf('\n', close) is var nl and >= 0 ? nl + 1 : text.Length;
        return WithSections(new ModelCard { Metadata = metadata, Body = text[afterClose..], Text = text, Path = path });
    }

    /// <summary>Where the front matter's YAML is in <paramref name="text"/> (from the line after '---' to the closing line) and the newline it uses.</summary>
    private static (int Start, int Close, string Newline) Locate(string text, string? path)
    {
        var newline = text.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";
        var bom = text.Length > 0 && text[0] == ByteOrderMark ? 1 : 0;
        if (!text.AsSpan(bom).StartsWith("---" + newline, StringComparison.Ordinal) && text[bom..] != "---")
        {
            throw new ModelCardException("ModelCardInvalid", CardCodes.NoFrontMatter, path, 1, "the card has no YAML front matter: it must start with a line '---', the metadata, and a closing '---'");
        }
        var start = Math.Min(text.Length, bom + 3 + newline.Length);
        var close = FindClosing(text, start, newline);
        if (close < 0)
        {
            throw new ModelCardException("ModelCardInvalid", CardCodes.NoFrontMatter, path, 1, "the front matter opened on line 1 is never closed with a line '---'");
        }
        return (start, close, newline);
    }

    private static int FindClosing(string text, int from, string newline)
    {
        var at = from;
        while (at <= text.Length)
        {
            var end = text.IndexOf('\n', at);
            var line = (end < 0 ? text[at..] : text[at..end]).TrimEnd('\r');
            if (line is "---" or "...") return at;
            if (end < 0) return -1;
            at = end + 1;
        }
        return -1;
    }

    /// <summary>The front matter's YAML text (LF line endings) and the file line it starts on.</summary>
    public static (string Yaml, int FirstLine) FrontMatter(ModelCard card)
    {
        var head = card.Text[..^card.Body.Length].TrimStart(ByteOrderMark).Replace("\r\n", "\n", StringComparison.Ordinal);
        var lines = head.Split('\n');
        // lines: "---", the YAML lines, "---" (or "..."), and "" after the last newline.
        var yamlLines = lines.Skip(1).TakeWhile(l => l is not ("---" or "...")).ToList();
        return (string.Join('\n', yamlLines) + (yamlLines.Count > 0 ? "\n" : ""), 2);
    }

    /// <summary>
    /// The card with new metadata, its front matter edited in place (<see cref="FrontMatterEditor"/>): only the entries
    /// whose values change are rewritten; comments, quoting, anchors, tags and the body stay byte for byte.
    /// </summary>
    public static ModelCard WithMetadata(ModelCard card, IReadOnlyDictionary<string, object?> metadata)
    {
        var (start, close, newline) = Locate(card.Text, card.Path);
        var yaml = FrontMatterEditor.Edit(card.Text[start..close], newline, card.Metadata, metadata, card.Path, 2);
        var text = card.Text[..start] + yaml + card.Text[close..];
        return WithSections(card with { Metadata = metadata, Text = text });
    }

    /// <summary>A new card from metadata and a body (LF line endings).</summary>
    public static ModelCard Create(IReadOnlyDictionary<string, object?> metadata, string body) =>
        WithSections(new ModelCard { Metadata = metadata, Body = body, Text = "---\n" + CardYaml.Emit(metadata) + "---\n" + body });

    /// <summary>The card with its <see cref="ModelCard.Sections"/> read from its body (<see cref="CardOutline"/>), at their file lines.</summary>
    private static ModelCard WithSections(ModelCard card) => card with { Sections = CardOutline.Read(card) };
}
