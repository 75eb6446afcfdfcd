using ModelRelease.Core.Operations.Release;
using ModelRelease.Core.Releases.Metrics;

namespace ModelRelease.Core.Tests.Releases;

/// <summary>The new card's model-index against the previous release's, metric by metric, by direction.</summary>
public sealed class MetricRegressionTests
{
    private static List<object?> Index(params (string Type, string? Name, object Value)[] metrics) =>
    [
        new Dictionary<string, object?>
        {
            ["name"] = "org/m",
            ["results"] = new List<object?>
            {
                new Dictionary<string, object?>
                {
                    ["task"] = new Dictionary<string, object?> { ["type"] = "text-generation" },
                    ["dataset"] = new Dictionary<string, object?> { ["type"] = "wikitext", ["name"] = "WikiText-2" },
                    ["metrics"] = metrics.Select(m => (object?)new Dictionary<string, object?> { ["type"] = m.Type, ["name"] = m.Name, ["value"] = m.Value }).ToList(),
                },
            },
        },
    ];

    [Theory]
    [InlineData("accuracy", MetricDirection.Higher)]
    [InlineData("f1", MetricDirection.Higher)]
    [InlineData("rouge1", MetricDirection.Higher)]
    [InlineData("pass@1", MetricDirection.Higher)]
    [InlineData("perplexity", MetricDirection.Lower)]
    [InlineData("wer", MetricDirection.Lower)]
    [InlineData("bits_per_byte", MetricDirection.Lower)]
    [InlineData("eval_loss", MetricDirection.Lower)]
    [InlineData("mapping_quality", null)]
    [InlineData("vibes", null)]
    public void Directions_are_known_by_metric_type(string type, MetricDirection? expected) =>
        Assert.Equal(expected, MetricRegression.DirectionOf(type, null));

    [Fact]
    public void A_given_direction_wins_by_type_or_name()
    {
        var given = new Dictionary<string, string> { ["vibes"] = "higher", ["Judge score"] = "lower" };
        Assert.Equal(MetricDirection.Higher, MetricRegression.DirectionOf("vibes", null, given));
        Assert.Equal(MetricDirection.Lower, MetricRegression.DirectionOf("accuracy", "Judge score", given));
        Assert.Throws<ArgumentException>(() => MetricRegression.Parse("sideways"));
    }

    [Fact]
    public void Worse_metrics_are_regressions_in_their_direction_and_better_ones_say_nothing()
    {
        var before = Index(("accuracy", "Acc", 0.80), ("perplexity", "PPL", 12.0), ("vibes", null, 3), ("bleu", null, 30.0));
        var after = Index(("accuracy", "Acc", 0.75), ("perplexity", "PPL", 11.0), ("vibes", null, 2));
        var findings = MetricRegression.Compare(before, after, "v1.0.0");

        var regression = Assert.Single(findings, f => f.Code == ReleaseCodes.MetricRegression);
        Assert.Equal(FindingSeverity.Warning, regression.Severity);
        Assert.Contains("Acc on WikiText-2", regression.Message);
        Assert.Contains("v1.0.0", regression.Message);
        Assert.Equal(FindingSeverity.Info, Assert.Single(findings, f => f.Code == ReleaseCodes.MetricDirectionUnknown).Severity);
        Assert.Contains("bleu", Assert.Single(findings, f => f.Code == ReleaseCodes.MetricDropped).Message);
        Assert.Equal(3, findings.Count);

        var strict = MetricRegression.Compare(before, after, "v1.0.0", regressionIsError: true);
        Assert.Equal(FindingSeverity.Error, Assert.Single(strict, f => f.Code == ReleaseCodes.MetricRegression).Severity);
    }

    [Fact]
    public void Values_that_are_not_numbers_and_empty_indexes_are_not_compared()
    {
        Assert.Empty(MetricRegression.Compare(Index(("accuracy", null, "n/a")), Index(("accuracy", null, 0.1)), "v1"));
        Assert.Empty(MetricRegression.Compare(null, Index(("accuracy", null, 0.1)), "v1"));
        Assert.Empty(MetricRegression.Compare(Index(("accuracy", null, 0.5)), Index(("accuracy", null, 0.5)), "v1"));
    }
}
