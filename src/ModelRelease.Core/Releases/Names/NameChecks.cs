using System.Globalization;
using System.Text.RegularExpressions;
using ModelRelease.Core.Checkpoints.Gguf;

namespace ModelRelease.Core.Releases.Names;

/// <summary>
/// Names that lie: what a name says about a checkpoint, checked against the checkpoint. Each check returns findings
/// with stable codes (<see cref="NameCodes"/>) and nothing when the name says nothing to check.
/// <list type="bullet">
/// <item>The quantization in a GGUF file name (<c>…-q8_0.gguf</c>) against the file's <c>general.file_type</c>:
/// NAME_QUANT_MISMATCH (error), NAME_QUANT_UNVERIFIED (warning: the file has no file type), NAME_QUANT_AMBIGUOUS
/// (warning: the name says two). A family label matches each of its kinds (<c>q4_k</c>: Q4_K_S or Q4_K_M); <c>fp16</c>
/// and <c>fp32</c> mean F16 and F32.</item>
/// <item>A size label (<c>3b</c>, <c>135m</c>, <c>1.5B</c>; or a word such as <c>small</c> with its expected count)
/// against the parameter count, within a tolerance (10% unless given): NAME_SIZE_MISMATCH (error),
/// NAME_SIZE_UNKNOWN (warning: a word with no expected count).</item>
/// </list>
/// </summary>
public static partial class NameChecks
{
    /// <summary>The tolerance of a size label when none is given: labels are rounded (7b for 6.74B parameters).</summary>
    public const double DefaultSizeTolerance = 0.10;

    [GeneratedRegex(@"(?<![A-Za-z0-9])(?<n>[0-9]+(?:\.[0-9]+)?)(?<u>[kKmMbBtT])(?![A-Za-z0-9])", RegexOptions.CultureInvariant)]
    private static partial Regex SizeToken();

    [GeneratedRegex(@"-[0-9]{5}-of-[0-9]{5}$", RegexOptions.CultureInvariant)]
    private static partial Regex SplitSuffix();

    /// <summary>Quantization label (upper case) → the general.file_type names (without MOSTLY_/ALL_) it stands for.</summary>
    private static readonly IReadOnlyDictionary<string, string[]> Labels = BuildLabels();

    private static readonly Regex LabelPattern = new(
        @"(?<![A-Za-z0-9])(?<q>" + string.Join('|', Labels.Keys.OrderByDescending(k => k.Length).Select(Regex.Escape)) + @")(?![A-Za-z0-9])",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

    private static Dictionary<string, string[]> BuildLabels()
    {
        var labels = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < 256; i++)
        {
            var name = GgufFileType.Name(i);
            if (name.StartsWith("FTYPE_", StringComparison.Ordinal)) break;
            var bare = Bare(name);
            labels[bare] = [bare];
        }
        foreach (var (family, kinds) in new[] { ("Q3_K", new[] { "Q3_K_S", "Q3_K_M", "Q3_K_L" }), ("Q4_K", new[] { "Q4_K_S", "Q4_K_M" }), ("Q5_K", new[] { "Q5_K_S", "Q5_K_M" }) })
        {
            labels[family] = kinds;
        }
        labels["FP16"] = ["F16"];
        labels["FP32"] = ["F32"];
        return labels;
    }

    /// <summary><c>MOSTLY_Q4_K_M (guessed)</c> → <c>Q4_K_M</c>.</summary>
    private static string Bare(string fileType)
    {
        var s = fileType.Replace(" (guessed)", "", StringComparison.Ordinal);
        if (s.StartsWith("MOSTLY_", StringComparison.Ordinal)) s = s["MOSTLY_".Length..];
        else if (s.StartsWith("ALL_", StringComparison.Ordinal)) s = s["ALL_".Length..];
        return s;
    }

    /// <summary>The quantization labels a file name says (upper case, in order), without the extension and split suffix.</summary>
    public static IReadOnlyList<string> QuantizationsIn(string fileName)
    {
        var stem = System.IO.Path.GetFileName(fileName);
        if (stem.EndsWith(".gguf", StringComparison.OrdinalIgnoreCase)) stem = stem[..^5];
        stem = SplitSuffix().Replace(stem, "");
        return LabelPattern.Matches(stem).Select(m => m.Groups["q"].Value.ToUpperInvariant()).Distinct().ToList();
    }

    /// <summary>The quantization <see cref="Checkpoint"/>'s file name says against its general.file_type (GGUF only; nothing for other formats).</summary>
    public static IReadOnlyList<Finding> GgufQuantization(Checkpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        return checkpoint.Format == CheckpointFormat.Gguf ? GgufQuantization(checkpoint.Name, checkpoint.FileType, checkpoint.Path) : [];
    }

    /// <summary>The quantization <paramref name="fileName"/> says against <paramref name="fileType"/> (<c>MOSTLY_Q4_K_M</c>, null when the file has none).</summary>
    public static IReadOnlyList<Finding> GgufQuantization(string fileName, string? fileType, string? path = null)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        var said = QuantizationsIn(fileName);
        if (said.Count == 0) return [];
        if (said.Count > 1)
        {
            return [new Finding(FindingSeverity.Warning, NameCodes.QuantizationAmbiguous, $"the name '{fileName}' says {string.Join(" and ", said)}; name one quantization") { Path = path }];
        }
        var label = said[0];
        if (fileType is null)
        {
            return [new Finding(FindingSeverity.Warning, NameCodes.QuantizationUnverified, $"the name says {label}, and the file has no general.file_type to check it against") { Path = path }];
        }
        var actual = Bare(fileType);
        if (Labels[label].Contains(actual, StringComparer.OrdinalIgnoreCase)) return [];
        return [new Finding(FindingSeverity.Error, NameCodes.QuantizationMismatch, $"the name says {label}, but general.file_type is {fileType}: rename the file {actual.ToLowerInvariant()}, or publish the {label} file") { Path = path }];
    }

    /// <summary>The first size label in a name (<c>ruvltra-3b-q4_k_m.gguf</c> → <c>3b</c>), or null.</summary>
    public static string? SizeLabelIn(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var m = SizeToken().Match(name);
        return m.Success ? m.Value : null;
    }

    /// <summary>
    /// A size label against <paramref name="parameterCount"/>. A label that is a count (<c>3b</c>, <c>135m</c>) is read as
    /// one; any other (<c>small</c>) needs its count in <paramref name="expectedCounts"/> (which also overrides a count label).
    /// </summary>
    public static IReadOnlyList<Finding> SizeLabel(string label, long parameterCount, double tolerance = DefaultSizeTolerance, IReadOnlyDictionary<string, long>? expectedCounts = null, string? path = null)
    {
        ArgumentNullException.ThrowIfNull(label);
        if (tolerance is < 0 or > 1 || double.IsNaN(tolerance)) throw new ArgumentOutOfRangeException(nameof(tolerance), tolerance, "a tolerance is a fraction from 0 to 1 (0.1 for 10%)");
        var trimmed = label.Trim();
        long expected;
        var named = expectedCounts?.FirstOrDefault(kv => string.Equals(kv.Key, trimmed, StringComparison.OrdinalIgnoreCase));
        if (named is { Key: not null } pair)
        {
            expected = pair.Value;
        }
        else if (SizeToken().Match(trimmed) is { Success: true } m && m.Length == trimmed.Length && ParameterCountText.TryParse(trimmed, out var count))
        {
            expected = count;
        }
        else
        {
            return [new Finding(FindingSeverity.Warning, NameCodes.SizeUnknown, $"the size label '{trimmed}' is not a count (3b, 135m); give the count it stands for to check it") { Path = path }];
        }
        if (expected <= 0) return [new Finding(FindingSeverity.Warning, NameCodes.SizeUnknown, $"the size label '{trimmed}' stands for no parameters") { Path = path }];
        var deviation = (parameterCount - (double)expected) / expected;
        if (Math.Abs(deviation) <= tolerance + 1e-12) return [];
        return
        [
            new Finding(FindingSeverity.Error, NameCodes.SizeMismatch,
                $"the name says {trimmed} ({ParameterCountText.Format(expected)} parameters), the checkpoint has {ParameterCountText.Format(parameterCount)} " +
                $"({deviation.ToString("+0.##%;-0.##%", CultureInfo.InvariantCulture)}, tolerance {tolerance.ToString("0.##%", CultureInfo.InvariantCulture)})") { Path = path },
        ];
    }
}
