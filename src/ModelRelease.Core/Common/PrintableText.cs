namespace ModelRelease.Core;

/// <summary>
/// Text from outside (file names and messages from a server, names in a checkpoint) made safe to show in a terminal:
/// every control character (C0 with NUL and ESC, DEL, C1) becomes a visible \uXXXX escape, so no ANSI sequence
/// reaches the screen and nothing is hidden. Line breaks and tabs are kept where <c>keepLineBreaks</c> says so.
/// </summary>
public static class PrintableText
{
    public static string Escape(string? text, bool keepLineBreaks = false)
    {
        if (string.IsNullOrEmpty(text)) return text ?? "";
        if (!text.Any(c => IsUnsafe(c, keepLineBreaks))) return text;
        var builder = new System.Text.StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            if (IsUnsafe(c, keepLineBreaks)) builder.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
            else builder.Append(c);
        }
        return builder.ToString();
    }

    private static bool IsUnsafe(char c, bool keepLineBreaks) => char.IsControl(c) && !(keepLineBreaks && c is '\n' or '\r' or '\t');
}
