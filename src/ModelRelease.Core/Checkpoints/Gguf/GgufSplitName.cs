using System.Globalization;
using System.Text.RegularExpressions;

namespace ModelRelease.Core.Checkpoints.Gguf;

/// <summary>Split file names <c>&lt;prefix&gt;-%05d-of-%05d.gguf</c>, numbered from 1 (llama.cpp <c>llama_split_path</c>).</summary>
internal static partial class GgufSplitName
{
    [GeneratedRegex(@"^(?<prefix>.+)-(?<no>\d{5})-of-(?<count>\d{5})\.gguf$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    public static bool TryParse(string fileName, out string prefix, out int number, out int count)
    {
        var m = Pattern().Match(fileName);
        if (!m.Success)
        {
            prefix = "";
            number = count = 0;
            return false;
        }
        prefix = m.Groups["prefix"].Value;
        number = int.Parse(m.Groups["no"].Value, CultureInfo.InvariantCulture);
        count = int.Parse(m.Groups["count"].Value, CultureInfo.InvariantCulture);
        return true;
    }

    public static string Format(string prefix, int number, int count) =>
        string.Create(CultureInfo.InvariantCulture, $"{prefix}-{number:D5}-of-{count:D5}.gguf");
}
