using ModelRelease.Core.Releases.Versions;

namespace ModelRelease.Core.Tests.Releases;

public sealed class PackageVersionRangeTests
{
    [Theory]
    [InlineData(">=1.0.0,<2.0.0", "1.0.0", true)]
    [InlineData(">=1.0.0,<2.0.0", "1.9.9", true)]
    [InlineData(">=1.0.0,<2.0.0", "2.0.0", false)]
    [InlineData(">=1.0.0,<2.0.0", "0.9.0", false)]
    [InlineData(">=1.0.0,<2.0.0", "2.0.0rc1", false)] // PEP 440: <V does not take V's pre-releases
    [InlineData(">=1.0.0,<2.0.0rc2", "2.0.0rc1", true)]
    [InlineData(">=1.0.0", "1.5.0-rc.1", true)] // an installed pre-release is accepted
    [InlineData(">=1.0", "1.0.0", true)]
    [InlineData(">1.0.0", "1.0.0.post1", false)] // a post-release ranks with its release
    [InlineData(">1.0.0", "1.0.1", true)]
    [InlineData("<=1.2.0", "1.2.0", true)]
    [InlineData("<=1.2.0", "1.2.1", false)]
    [InlineData("~=1.4", "1.4.0", true)]
    [InlineData("~=1.4", "1.9.3", true)]
    [InlineData("~=1.4", "2.0.0", false)]
    [InlineData("~=1.4", "1.3.9", false)]
    [InlineData("~=1.4.2", "1.4.9", true)]
    [InlineData("~=1.4.2", "1.5.0", false)]
    [InlineData("==1.*", "1.7.2", true)]
    [InlineData("==1.*", "2.0.0", false)]
    [InlineData("==1.4.*", "1.4.0-rc.1", true)]
    [InlineData("!=1.2.3", "1.2.3", false)]
    [InlineData("!=1.2.3", "1.2.4", true)]
    [InlineData("!=1.*", "1.5.0", false)]
    [InlineData("==1.2", "1.2.0", true)]
    [InlineData("==1.2.0", "1.2.0+cu118", true)]
    [InlineData(" >= 0.2.0 , < 1.0.0 ", "0.2.0", true)]
    [InlineData("[1.0.0,2.0.0)", "1.0.0", true)]
    [InlineData("[1.0.0,2.0.0)", "2.0.0", false)]
    [InlineData("[1.0.0,2.0.0)", "2.0.0-rc.1", true)] // NuGet: the upper bound's pre-releases are inside
    [InlineData("(1.0.0,2.0.0]", "1.0.0", false)]
    [InlineData("(1.0.0,2.0.0]", "2.0.0", true)]
    [InlineData("[1.2.0]", "1.2.0", true)]
    [InlineData("[1.2.0]", "1.2.1", false)]
    [InlineData("(,2.0)", "0.0.1", true)]
    [InlineData("[1.0,)", "99.0.0", true)]
    [InlineData("[1.0rc1, 2.0)", "1.0.0-rc.1", true)]
    public void Ranges_in_both_notations_hold_what_their_ecosystem_says(string range, string version, bool expected) =>
        Assert.Equal(expected, PackageVersionRange.Parse(range).Contains(VersionParser.Parse(version).Version));

    [Theory]
    [InlineData(">=1.0.0,<2.0.0", "1.0.0", true, "2.0.0", false)]
    [InlineData("~=1.4", "1.4.0", true, "2.0.0", false)]
    [InlineData("==1.*", "1.0.0", true, "2.0.0", false)]
    [InlineData("[1.0.0,2.0.0)", "1.0.0", true, "2.0.0", false)]
    [InlineData("(,2.0]", null, false, "2.0.0", true)]
    [InlineData(">0.2", "0.2.0", false, null, false)]
    [InlineData("!=1.0.0", null, false, null, false)]
    public void Bounds_are_known(string range, string? lower, bool lowerIncluded, string? upper, bool upperIncluded)
    {
        var r = PackageVersionRange.Parse(range);
        Assert.Equal(lower, r.Lower?.Version.ToString());
        if (lower is not null) Assert.Equal(lowerIncluded, r.Lower!.Inclusive);
        Assert.Equal(upper, r.Upper?.Version.ToString());
        if (upper is not null) Assert.Equal(upperIncluded, r.Upper!.Inclusive);
    }

    [Theory]
    [InlineData("", VersionCodes.RangeSyntax)]
    [InlineData("1.0.0", VersionCodes.RangeOperator)]
    [InlineData("===1.0.0", VersionCodes.RangeOperator)]
    [InlineData(">=1.0.0,,<2", VersionCodes.RangeSyntax)]
    [InlineData(">=1.0.0,", VersionCodes.RangeSyntax)]
    [InlineData("=>1.0.0", VersionCodes.RangeSyntax)]
    [InlineData(">=banana", VersionCodes.RangeVersion)]
    [InlineData(">=1.*", VersionCodes.RangeSyntax)]
    [InlineData("==1.*.3", VersionCodes.RangeSyntax)]
    [InlineData("~=1", VersionCodes.RangeSyntax)]
    [InlineData(">=2.0.0,<1.0.0", VersionCodes.RangeEmpty)]
    [InlineData(">1.0.0,<1.0.0", VersionCodes.RangeEmpty)]
    [InlineData("[1.0.0,2.0.0", VersionCodes.RangeSyntax)]
    [InlineData("(1.0.0)", VersionCodes.RangeSyntax)]
    [InlineData("[,]", VersionCodes.RangeSyntax)]
    [InlineData("[2.0,1.0]", VersionCodes.RangeEmpty)]
    [InlineData("(1.0,1.0)", VersionCodes.RangeEmpty)]
    [InlineData("[1.0,1.0)", VersionCodes.RangeEmpty)]
    [InlineData("[1.0,x)", VersionCodes.RangeVersion)]
    [InlineData("[1.0,2.0,3.0]", VersionCodes.RangeSyntax)]
    public void Invalid_ranges_are_typed_errors_with_a_stable_code(string range, string code)
    {
        var ex = Assert.Throws<VersionException>(() => PackageVersionRange.Parse(range));
        Assert.Equal(VersionException.VersionRangeInvalid, ex.ErrorId);
        Assert.Equal(code, ex.Code);
        Assert.NotNull(ex.RecommendedAction);
    }

    [Fact]
    public void Fuzzed_ranges_give_a_range_or_a_VersionException_and_nothing_else()
    {
        var random = new Random(99);
        string[] pieces = [">=", "<", "<=", ">", "==", "!=", "~=", "===", ",", "[", "]", "(", ")", "1", "2.0", "1.4.2", ".*", "rc1", " ", "v", "-", "x", "\u0000"];
        var parsed = 0;
        for (var i = 0; i < 20000; i++)
        {
            var text = string.Concat(Enumerable.Range(0, random.Next(0, 8)).Select(_ => pieces[random.Next(pieces.Length)]));
            try
            {
                var range = PackageVersionRange.Parse(text);
                parsed++;
                _ = range.Contains(new SemanticVersion(1, 4, 2));
            }
            catch (VersionException ex)
            {
                Assert.True(ex.Code.StartsWith("RANGE_", StringComparison.Ordinal), ex.Code + " " + ex.Message);
            }
        }
        Assert.InRange(parsed, 1, 19999);
    }
}
