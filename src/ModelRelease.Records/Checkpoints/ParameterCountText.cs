using System.Globalization;

namespace ModelRelease;

/// <summary>
/// The way people write parameter counts: <c>15.8M</c>, <c>1.2B</c>, <c>350K</c>, <c>7e9</c>, <c>1,234</c>.
/// Suffixes are decimal (K = 10^3, M = 10^6, B or G = 10^9, T = 10^12), case-insensitive.
/// </summary>
public static class ParameterCountText
{
    /// <summary>Three significant digits with a suffix: 15812 → <c>15.8K</c>, 1234567890 → <c>1.23B</c>.</summary>
    public static string Format(long count)
    {
        if (count < 0) return "-" + Format(-count);
        if (count < 1000) return count.ToString(CultureInfo.InvariantCulture);
        ReadOnlySpan<(double Scale, string Suffix)> units = [(1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "K")];
        foreach (var (scale, suffix) in units)
        {
            if (count < scale) continue;
            var v = count / scale;
            var text = v >= 100 ? v.ToString("0", CultureInfo.InvariantCulture)
                     : v >= 10 ? v.ToString("0.#", CultureInfo.InvariantCulture)
                     : v.ToString("0.##", CultureInfo.InvariantCulture);
            // 999.96K rounds to "1000K": move to the next unit instead.
            if (text == "1000" && suffix != "T") return Format((long)Math.Round(count / (scale * 1000)) * (long)(scale * 1000));
            return text + suffix;
        }
        return count.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>Parses <c>15.8M</c>, <c>1.2B</c>, <c>7e9</c>, <c>1_000_000</c>, <c>1,000</c>. Rounds to the nearest whole count.</summary>
    public static bool TryParse(string? text, out long count)
    {
        count = 0;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var s = text.Trim().Replace("_", "", StringComparison.Ordinal).Replace(",", "", StringComparison.Ordinal);
        double scale = 1;
        var last = char.ToUpperInvariant(s[^1]);
        switch (last)
        {
            case 'K': scale = 1e3; break;
            case 'M': scale = 1e6; break;
            case 'B': case 'G': scale = 1e9; break;
            case 'T': scale = 1e12; break;
        }
        if (scale != 1) s = s[..^1].TrimEnd();
        if (s.Length == 0) return false;
        if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)) return false;
        value *= scale;
        if (double.IsNaN(value) || value < 0 || value > long.MaxValue / 2.0) return false;
        count = (long)Math.Round(value);
        return true;
    }

    /// <summary>Like <see cref="TryParse"/> but throws <see cref="FormatException"/> naming the text.</summary>
    public static long Parse(string text) =>
        TryParse(text, out var n) ? n : throw new FormatException($"'{text}' is not a parameter count; write it like 15800000, 15.8M, 1.2B or 350K.");
}
