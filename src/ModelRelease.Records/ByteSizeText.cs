using System.Globalization;

namespace ModelRelease;

/// <summary>Byte counts as people read them: <c>4.2 GB</c> (binary multiples, as file managers show them).</summary>
public static class ByteSizeText
{
    public static string Format(long bytes)
    {
        string[] units = ["B", "KB", "MB", "GB", "TB", "PB"];
        double v = bytes;
        var u = 0;
        while (Math.Abs(v) >= 1024 && u < units.Length - 1)
        {
            v /= 1024;
            u++;
        }
        return u == 0
            ? bytes.ToString(CultureInfo.InvariantCulture) + " B"
            : v.ToString(v >= 100 ? "0" : "0.0", CultureInfo.InvariantCulture) + " " + units[u];
    }
}
