using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace ModelRelease.Core.Releases.Names;

/// <summary>A timestamp format of a template field: its regular expression and its .NET format, from <c>yyyyMMdd-HHmmss</c>.</summary>
internal sealed class TimestampFormat
{
    private TimestampFormat(string text, string pattern, string netFormat)
    {
        Text = text;
        Pattern = pattern;
        NetFormat = netFormat;
    }

    public string Text { get; }
    public string Pattern { get; }
    public string NetFormat { get; }

    public static bool LooksLikeOne(string format) => format.Contains("yyyy", StringComparison.Ordinal);

    /// <summary>Reads a format; null and a reason when it uses something other than yyyy MM dd HH mm ss fff and - _ . T.</summary>
    public static TimestampFormat? TryCreate(string format, out string? problem)
    {
        problem = null;
        var pattern = new StringBuilder();
        var net = new StringBuilder();
        var i = 0;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (i < format.Length)
        {
            var token = new[] { "yyyy", "fff", "MM", "dd", "HH", "mm", "ss" }.FirstOrDefault(t => string.CompareOrdinal(format, i, t, 0, t.Length) == 0);
            if (token is not null)
            {
                if (!seen.Add(token))
                {
                    problem = $"'{token}' appears twice in the timestamp format '{format}'";
                    return null;
                }
                pattern.Append(CultureInfo.InvariantCulture, $"[0-9]{{{token.Length}}}");
                net.Append(token);
                i += token.Length;
                continue;
            }
            var c = format[i];
            if (c is '-' or '_' or '.' or 'T')
            {
                pattern.Append(Regex.Escape(c.ToString()));
                net.Append('\\').Append(c);
                i++;
                continue;
            }
            problem = $"'{c}' in the timestamp format '{format}': use yyyy, MM, dd, HH, mm, ss, fff and the separators - _ . T";
            return null;
        }
        if (!seen.Contains("yyyy"))
        {
            problem = $"the timestamp format '{format}' has no yyyy";
            return null;
        }
        return new TimestampFormat(format, pattern.ToString(), net.ToString());
    }

    public string Write(DateTime value) => value.ToString(NetFormat, CultureInfo.InvariantCulture);

    public bool TryRead(string text, out DateTime value) =>
        DateTime.TryParseExact(text, NetFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out value);
}
