using System.Globalization;

namespace ModelRelease;

/// <summary>Tolerances as people write them: <c>1%</c> or <c>0.01</c> (both one percent); at most 100%.</summary>
public static class ToleranceText
{
    public static bool TryParse(string? text, out double fraction)
    {
        fraction = 0;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var s = text.Trim();
        var percent = s.EndsWith('%');
        if (percent) s = s[..^1].TrimEnd();
        if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || double.IsNaN(v) || v < 0) return false;
        v = percent ? v / 100 : v;
        if (v > 1) return false;
        fraction = v;
        return true;
    }
}
