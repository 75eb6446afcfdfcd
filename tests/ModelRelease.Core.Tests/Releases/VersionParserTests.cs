using ModelRelease.Core.Releases.Versions;

namespace ModelRelease.Core.Tests.Releases;

public sealed class VersionParserTests
{
    [Theory]
    [InlineData("1.2.0")]
    [InlineData("0.0.0")]
    [InlineData("1.2.0-rc.1")]
    [InlineData("1.0.0-alpha.beta.1")]
    [InlineData("1.0.0-x-y.7")]
    [InlineData("1.0.0+build.5")]
    [InlineData("1.0.0-1")]
    [InlineData("1.0.0-rc.1+sha.5114f85")]
    public void Canonical_SemVer_reads_as_it_is_without_a_note(string text)
    {
        var parsed = VersionParser.Parse(text);
        Assert.Equal(text, parsed.Version.ToString());
        Assert.Null(parsed.Note);
        Assert.True(parsed.IsCanonical);
    }

    [Theory]
    [InlineData("v1.1", "1.1.0", "'v' prefix")]
    [InlineData("1.1", "1.1.0", "patch number taken as 0")]
    [InlineData("V2.0.0", "2.0.0", "'v' prefix")]
    [InlineData(" 1.2.0 ", "1.2.0", "spaces")]
    [InlineData("01.2.03", "1.2.3", "leading zeros")]
    [InlineData("2.0.0rc1", "2.0.0-rc.1", "PEP 440 pre-release")]
    [InlineData("2.0.0-rc1", "2.0.0-rc.1", "so that .10 sorts after .9")]
    [InlineData("2.0.0.rc1", "2.0.0-rc.1", "PEP 440")]
    [InlineData("2.0.0-RC.1", "2.0.0-rc.1", "lower case")]
    [InlineData("2.0rc", "2.0.0-rc.0", "PEP 440")]
    [InlineData("1.0a1", "1.0.0-alpha.1", "PEP 440")]
    [InlineData("1.0.0b2", "1.0.0-beta.2", "PEP 440")]
    [InlineData("1.0c3", "1.0.0-rc.3", "PEP 440")]
    [InlineData("1.0.0-preview4", "1.0.0-rc.4", "'rc.4'")]
    [InlineData("1.2.0.dev3", "1.2.0-dev.3", "development release")]
    [InlineData("1.2.0a1.dev2", "1.2.0-alpha.1.dev.2", "development release")]
    [InlineData("1.2.0.post1", "1.2.0+post.1", "post-release")]
    [InlineData("1.2.0-post2", "1.2.0+post.2", "post-release")]
    [InlineData("1.2.0rc1.post1", "1.2.0-rc.1+post.1", "post-release")]
    [InlineData("1.2.0+cu118", "1.2.0+cu118", null)]
    [InlineData("1.2+cu118", "1.2.0+cu118", "patch number")]
    [InlineData("1.2.0.post1+ubuntu_1", "1.2.0+post.1.ubuntu.1", "local version")]
    [InlineData("v0.30.0rc0", "0.30.0-rc.0", "'v' prefix")]
    [InlineData("1.2.0-rc.01", "1.2.0-rc.1", "PEP 440")]
    public void Loose_forms_are_read_and_the_normalisation_is_reported(string text, string expected, string? noteSays)
    {
        var parsed = VersionParser.Parse(text);
        Assert.Equal(expected, parsed.Version.ToString());
        if (noteSays is null)
        {
            Assert.Null(parsed.Note);
            return;
        }
        Assert.NotNull(parsed.Note);
        Assert.Contains(noteSays, parsed.Note);
        Assert.StartsWith($"'{text}' read as {expected}", parsed.Note);
    }

    [Theory]
    [InlineData("", VersionCodes.Empty)]
    [InlineData("   ", VersionCodes.Empty)]
    [InlineData(null, VersionCodes.Empty)]
    [InlineData("1", VersionCodes.Syntax)]
    [InlineData("v1", VersionCodes.Syntax)]
    [InlineData("1.2.3.4", VersionCodes.Parts)]
    [InlineData("latest", VersionCodes.Syntax)]
    [InlineData("1.2.x", VersionCodes.Syntax)]
    [InlineData("1.2.0-", VersionCodes.Syntax)]
    [InlineData("1.2.0+", VersionCodes.Syntax)]
    [InlineData("1.2.0-rc.1.01", VersionCodes.Syntax)]
    [InlineData("1.2.0-rc..1", VersionCodes.Syntax)]
    [InlineData("99999999999.0.0", VersionCodes.Number)]
    [InlineData("1!2.0", VersionCodes.Unsupported)]
    [InlineData("1.0.post1.dev2", VersionCodes.Unsupported)]
    [InlineData("1.0 .0", VersionCodes.Syntax)]
    [InlineData("1.0.0\u0000", VersionCodes.Syntax)]
    public void Invalid_versions_are_typed_errors_with_a_stable_code(string? text, string code)
    {
        var ex = Assert.Throws<VersionException>(() => VersionParser.Parse(text));
        Assert.Equal(VersionException.VersionInvalid, ex.ErrorId);
        Assert.Equal(code, ex.Code);
        Assert.Equal(text ?? "", ex.Input);
        Assert.NotNull(ex.RecommendedAction);
        Assert.False(VersionParser.TryParse(text, out var none, out var error));
        Assert.Null(none);
        Assert.Equal(code, error!.Code);
    }

    [Fact]
    public void An_error_message_shows_control_characters_escaped()
    {
        var ex = Assert.Throws<VersionException>(() => VersionParser.Parse("1.0\u001b[31m"));
        Assert.DoesNotContain('\u001b', ex.Message);
        Assert.Contains("\\u001b", ex.Message);
    }

    [Fact]
    public void Precedence_is_SemVer_2()
    {
        var ordered = new[]
        {
            "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2", "1.0.0-beta.11",
            "1.0.0-rc.1", "1.0.0", "1.0.1", "1.2.0", "1.10.0", "2.0.0-rc.1", "2.0.0",
        }.Select(t => VersionParser.Parse(t).Version).ToList();
        var shuffled = ordered.OrderBy(v => v.ToString().GetHashCode(StringComparison.Ordinal)).ToList();
        Assert.Equal(ordered, shuffled.Order(VersionOrder.Instance).ToList());
        Assert.Equal(0, VersionOrder.Instance.Compare(VersionParser.Parse("1.2.0+a").Version, VersionParser.Parse("1.2.0+b").Version));
        Assert.True(VersionOrder.Same(VersionParser.Parse("1.2.0.post1").Version, VersionParser.Parse("1.2").Version));
    }

    [Fact]
    public void PEP_440_pre_releases_keep_their_order_as_SemVer()
    {
        var pep = new[] { "1.0a1", "1.0a2", "1.0b1", "1.0rc1", "1.0rc2", "1.0rc10", "1.0" };
        var versions = pep.Select(t => VersionParser.Parse(t).Version).ToList();
        Assert.Equal(versions, versions.AsEnumerable().Reverse().Order(VersionOrder.Instance).ToList());
    }

    [Fact]
    public void The_core_order_and_the_records_own_order_agree_on_generated_versions()
    {
        var random = new Random(20250915);
        string[] labels = ["alpha", "beta", "rc", "dev", "x-y", "a1b"];
        for (var i = 0; i < 2000; i++)
        {
            var a = Generated(random, labels);
            var b = Generated(random, labels);
            Assert.Equal(Math.Sign(a.CompareTo(b)), Math.Sign(VersionOrder.Instance.Compare(a, b)));
        }
    }

    private static SemanticVersion Generated(Random random, string[] labels)
    {
        string? pre = random.Next(3) switch
        {
            0 => null,
            1 => labels[random.Next(labels.Length)],
            _ => labels[random.Next(labels.Length)] + "." + random.Next(0, 12),
        };
        return new SemanticVersion(random.Next(0, 3), random.Next(0, 3), random.Next(0, 3), pre);
    }

    [Fact]
    public void Fuzzed_input_gives_a_version_or_a_VersionException_and_nothing_else()
    {
        var random = new Random(4242);
        const string alphabet = "0123456789.-+_vVrcabdevpostRC!* \u0000é";
        var read = 0;
        for (var i = 0; i < 20000; i++)
        {
            var chars = new char[random.Next(0, 24)];
            for (var j = 0; j < chars.Length; j++) chars[j] = alphabet[random.Next(alphabet.Length)];
            var text = new string(chars);
            try
            {
                var parsed = VersionParser.Parse(text);
                read++;
                // What was read prints as canonical SemVer, which reads back unchanged.
                var again = VersionParser.Parse(parsed.Version.ToString());
                Assert.Equal(parsed.Version, again.Version);
                Assert.Null(again.Note);
            }
            catch (VersionException ex)
            {
                Assert.StartsWith("VER_", ex.Code);
            }
        }
        Assert.InRange(read, 1, 19999);
    }
}
