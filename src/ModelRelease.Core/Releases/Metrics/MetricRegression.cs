using System.Globalization;
using ModelRelease.Core.Cards;
using ModelRelease.Core.Operations.Release;

namespace ModelRelease.Core.Releases.Metrics;

/// <summary>
/// The metric regression check of a release: each metric of the new card's <c>model-index</c> against the same metric
/// (dataset, type and name) of the previous release's card, judged by its direction — given, or known by its type
/// (accuracy, f1, bleu, rouge, exact_match, … are better higher; loss, perplexity, wer, cer, bits_per_byte, … lower).
/// A metric that got worse is RELEASE_METRIC_REGRESSION (a warning, or an error when asked); one the previous release
/// reported and this one does not is RELEASE_METRIC_DROPPED; one whose direction is not known is
/// RELEASE_METRIC_DIRECTION_UNKNOWN (a note); values that are not numbers are not compared.
/// </summary>
public static class MetricRegression
{
    private static readonly string[] Higher =
    [
        "accuracy", "acc", "f1", "precision", "recall", "bleu", "sacrebleu", "chrf", "meteor", "rouge", "rougel", "rougelsum", "exact_match", "em", "auc",
        "roc_auc", "map", "mrr", "ndcg", "spearman", "pearson", "matthews_correlation", "bertscore", "top1", "top5", "top-1", "top-5", "pass@", "win_rate", "score",
    ];

    private static readonly string[] Lower =
    [
        "loss", "perplexity", "ppl", "wer", "cer", "ter", "mae", "mse", "rmse", "bits_per_byte", "bits-per-byte", "bpb", "bpc", "nll",
        "error", "error_rate", "eer", "fid", "latency",
    ];

    /// <summary>The direction of a metric: the one given for its type or name, else the one its type is known by; null when neither says.</summary>
    public static MetricDirection? DirectionOf(string type, string? name, IReadOnlyDictionary<string, string>? given = null)
    {
        foreach (var key in new[] { type, name })
        {
            if (key is null || given is null) continue;
            var hit = given.FirstOrDefault(kv => string.Equals(kv.Key, key, StringComparison.OrdinalIgnoreCase));
            if (hit.Key is not null) return Parse(hit.Value);
        }
        var t = type.Trim().ToLowerInvariant();
        if (Lower.Any(l => t == l || t.StartsWith(l + "_", StringComparison.Ordinal) || t.EndsWith("_" + l, StringComparison.Ordinal))) return MetricDirection.Lower;
        // A known name, alone or followed by what is not a letter (rouge1, f1_macro, pass@10, top-5).
        if (Higher.Any(h => t == h || t.StartsWith(h, StringComparison.Ordinal) && (h.EndsWith('@') || !char.IsAsciiLetter(t[h.Length])))) return MetricDirection.Higher;
        return null;
    }

    /// <summary>higher / lower (and their long forms) as a direction; ArgumentException otherwise.</summary>
    public static MetricDirection Parse(string direction) => direction.Trim().ToLowerInvariant() switch
    {
        "higher" or "higher-is-better" or "higher_is_better" or "higherisbetter" or "max" => MetricDirection.Higher,
        "lower" or "lower-is-better" or "lower_is_better" or "lowerisbetter" or "min" => MetricDirection.Lower,
        _ => throw new ArgumentException($"'{direction}' is not a metric direction: write higher or lower"),
    };

    /// <summary>The findings of comparing the new model-index with the previous release's.</summary>
    public static IReadOnlyList<Finding> Compare(object? previousIndex, object? newIndex, string previousTag, IReadOnlyDictionary<string, string>? directions = null, bool regressionIsError = false, string? cardPath = null)
    {
        var before = CardModelIndex.Check(previousIndex, _ => { });
        var after = CardModelIndex.Check(newIndex, _ => { });
        var findings = new List<Finding>();
        var severity = regressionIsError ? FindingSeverity.Error : FindingSeverity.Warning;
        foreach (var old in before)
        {
            var now = after.FirstOrDefault(m => m.Dataset == old.Dataset && m.Type == old.Type && m.Name == old.Name);
            var label = $"{old.Name ?? old.Type} on {old.Dataset}";
            if (now.Type is null)
            {
                findings.Add(new Finding(FindingSeverity.Warning, ReleaseCodes.MetricDropped, $"{label} was reported by {previousTag} ({old.Value}) and is not in this release's card") { Path = cardPath });
                continue;
            }
            if (!TryNumber(old.Value, out var was) || !TryNumber(now.Value, out var isNow)) continue;
            var direction = DirectionOf(old.Type, old.Name, directions);
            if (direction is null)
            {
                findings.Add(new Finding(FindingSeverity.Info, ReleaseCodes.MetricDirectionUnknown,
                    $"{label}: {was.ToString(CultureInfo.InvariantCulture)} in {previousTag}, {isNow.ToString(CultureInfo.InvariantCulture)} now; whether higher or lower is better is not known (say it in the manifest's metrics.direction)") { Path = cardPath });
                continue;
            }
            var worse = direction == MetricDirection.Higher ? isNow < was : isNow > was;
            if (!worse) continue;
            var change = was == 0 ? "" : $" ({((isNow - was) / Math.Abs(was)).ToString("+0.##%;-0.##%", CultureInfo.InvariantCulture)})";
            findings.Add(new Finding(severity, ReleaseCodes.MetricRegression,
                $"{label} is worse than in {previousTag}: {isNow.ToString(CultureInfo.InvariantCulture)}, was {was.ToString(CultureInfo.InvariantCulture)}{change}; {(direction == MetricDirection.Higher ? "higher" : "lower")} is better") { Path = cardPath });
        }
        return findings;
    }

    private static bool TryNumber(string text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
}
