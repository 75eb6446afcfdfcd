using ModelRelease.Core.Releases.Versions;

namespace ModelRelease.Core.Tests.Releases;

public sealed class VersionBumperTests
{
    [Theory]
    [InlineData("1.2.3", VersionIncrement.Patch, null, "1.2.4")]
    [InlineData("1.2.3", VersionIncrement.Minor, null, "1.3.0")]
    [InlineData("1.2.3", VersionIncrement.Major, null, "2.0.0")]
    [InlineData("1.2.3+build.7", VersionIncrement.Patch, null, "1.2.4")]
    [InlineData("1.2.4-rc.1", VersionIncrement.Patch, null, "1.2.4")]
    [InlineData("1.3.0-rc.1", VersionIncrement.Minor, null, "1.3.0")]
    [InlineData("1.2.4-rc.1", VersionIncrement.Minor, null, "1.3.0")]
    [InlineData("2.0.0-rc.1", VersionIncrement.Major, null, "2.0.0")]
    [InlineData("2.1.0-rc.1", VersionIncrement.Major, null, "3.0.0")]
    [InlineData("1.2.3", VersionIncrement.Prerelease, null, "1.2.4-rc.1")]
    [InlineData("1.2.3", VersionIncrement.Prerelease, "beta", "1.2.4-beta.1")]
    [InlineData("1.2.4-rc.1", VersionIncrement.Prerelease, null, "1.2.4-rc.2")]
    [InlineData("1.2.4-rc.9", VersionIncrement.Prerelease, "rc", "1.2.4-rc.10")]
    [InlineData("1.2.4-beta.3", VersionIncrement.Prerelease, "rc", "1.2.4-rc.1")]
    [InlineData("1.2.4-alpha", VersionIncrement.Prerelease, null, "1.2.4-alpha.1")]
    [InlineData("1.2.4-1", VersionIncrement.Prerelease, null, "1.2.4-2")]
    [InlineData("1.2.4-1", VersionIncrement.Prerelease, "rc", "1.2.4-rc.1")]
    public void Bumps_follow_their_rules(string from, VersionIncrement increment, string? label, string expected) =>
        Assert.Equal(expected, VersionBumper.Next(VersionParser.Parse(from).Version, increment, label).ToString());

    [Theory]
    [InlineData(VersionBump.Patch, "1.2.4")]
    [InlineData(VersionBump.Minor, "1.3.0")]
    [InlineData(VersionBump.Major, "2.0.0")]
    public void A_comparisons_bump_applies(VersionBump bump, string expected) =>
        Assert.Equal(expected, VersionBumper.Next(new SemanticVersion(1, 2, 3), bump).ToString());

    [Fact]
    public void Bumps_that_go_backwards_or_nowhere_are_refused()
    {
        Assert.Equal(VersionCodes.Bump, Assert.Throws<VersionException>(() => VersionBumper.Next(VersionParser.Parse("1.2.4-rc.1").Version, VersionIncrement.Prerelease, "beta")).Code);
        Assert.Equal(VersionCodes.Bump, Assert.Throws<VersionException>(() => VersionBumper.Next(new SemanticVersion(1, 2, 3), VersionBump.None)).Code);
        Assert.Equal(VersionCodes.Bump, Assert.Throws<VersionException>(() => VersionBumper.Next(new SemanticVersion(1, 2, 3), VersionIncrement.Prerelease, "Not a label!")).Code);
        Assert.Equal(VersionCodes.Bump, Assert.Throws<VersionException>(() => VersionBumper.Next(new SemanticVersion(int.MaxValue, 0, 0), VersionIncrement.Major)).Code);
    }

    [Fact]
    public void Every_bump_moves_forward()
    {
        var random = new Random(77);
        foreach (var _ in Enumerable.Range(0, 500))
        {
            var v = new SemanticVersion(random.Next(0, 5), random.Next(0, 5), random.Next(0, 5), random.Next(2) == 0 ? null : "rc." + random.Next(1, 5));
            foreach (var increment in Enum.GetValues<VersionIncrement>())
            {
                Assert.True(VersionOrder.Instance.Compare(VersionBumper.Next(v, increment), v) > 0, $"{increment} of {v}");
            }
        }
    }
}
