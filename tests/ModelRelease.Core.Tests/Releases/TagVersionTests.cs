using ModelRelease.Core.Releases;
using ModelRelease.Core.Releases.Versions;

namespace ModelRelease.Core.Tests.Releases;

public sealed class TagVersionTests
{
    [Theory]
    [InlineData("v1.2.3", "1.2.3", "v", "v{version}", false)]
    [InlineData("v1.1", "1.1.0", "v", "v{version}", true)]
    [InlineData("model-v2.1.0", "2.1.0", "model-v", "model-v{version}", false)]
    [InlineData("export-v1.0.0-rc.1", "1.0.0-rc.1", "export-v", "export-v{version}", false)]
    [InlineData("weights-v1.1", "1.1.0", "weights-v", "weights-v{major}.{minor}", false)]
    [InlineData("hub-v2.15.0", "2.15.0", "hub-v", "hub-v{version}", false)]
    [InlineData("churn@v3.1.1", "3.1.1", "churn@v", "churn@v{version}", false)]
    [InlineData("my-lib-v0.30.0rc0", "0.30.0-rc.0", "my-lib-v", "my-lib-v{version}", true)]
    [InlineData("1.10.1", "1.10.1", "", "{version}", false)]
    [InlineData("2.0", "2.0.0", "", "{version}", true)]
    public void Versions_are_read_from_tags(string tag, string version, string family, string format, bool noted)
    {
        var read = new TagVersionReader().Read(tag);
        Assert.True(read.NamesVersion, read.Reason);
        Assert.True(read.NamesVersion);
        Assert.Equal(version, read.Version!.ToString());
        Assert.Equal(family, read.Family);
        Assert.Equal(format, read.Format);
        Assert.Equal(noted, read.Note is not null);
        Assert.Null(read.Reason);
    }

    [Theory]
    [InlineData("latest-stable")]
    [InlineData("latest")]
    [InlineData("v1")]
    [InlineData("experimental-fp16")]
    [InlineData("weights-v1")]
    public void A_tag_that_names_no_version_says_so(string tag)
    {
        var read = new TagVersionReader().Read(tag);
        Assert.False(read.NamesVersion);
        Assert.Null(read.Version);
        Assert.Null(read.Family);
        Assert.False(string.IsNullOrWhiteSpace(read.Reason));
        Assert.Contains("not a version", read.Reason);
        Assert.Null(TagNaming.Parse(tag));
    }

    [Fact]
    public void User_templates_read_their_tags_as_their_family()
    {
        var reader = new TagVersionReader(["vllm-v{version}", "release/{major}.{minor}"]);
        var vllm = reader.Read("vllm-v1.4.0");
        Assert.Equal(("vllm-v", "vllm-v{version}", "1.4.0"), (vllm.Family, vllm.Format, vllm.Version!.ToString()));
        var release = reader.Read("release/2.3");
        Assert.Equal(("release/", "2.3.0"), (release.Family, release.Version!.ToString()));
        Assert.False(new TagVersionReader().Read("release/2.3").NamesVersion);
    }

    [Fact]
    public void Of_several_tags_the_version_comes_from_v_then_model_v_then_export_v_then_others()
    {
        var reader = new TagVersionReader();
        Assert.Equal("v1.0.0", reader.Pick(["export-v3.0.0", "model-v2.0.0", "v1.0.0", "latest"])!.Tag);
        Assert.Equal("model-v2.0.0", reader.Pick(["export-v3.0.0", "model-v2.0.0", "weights-v9.9"])!.Tag);
        Assert.Equal("export-v3.0.0", reader.Pick(["weights-v9.9", "export-v3.0.0", "4.0.0"])!.Tag);
        Assert.Equal("weights-v9.9", reader.Pick(["weights-v9.9", "4.0.0", "latest-stable"])!.Tag);
        Assert.Equal("v1.2.0", reader.Pick(["v1.1.0", "v1.2.0", "v1.2.0-rc.1"])!.Tag);
        Assert.Null(reader.Pick(["latest-stable", "main-build"]));
    }

    [Theory]
    [InlineData(TagFormat.Version, "1.2.0", null, "v1.2.0")]
    [InlineData(TagFormat.Model, "2.1.0", null, "model-v2.1.0")]
    [InlineData(TagFormat.Export, "1.2.0-rc.1", null, "export-v1.2.0-rc.1")]
    [InlineData(TagFormat.Weights, "1.1.7", null, "weights-v1.1")]
    [InlineData(TagFormat.Custom, "1.4.0", "vllm-v{version}", "vllm-v1.4.0")]
    [InlineData(TagFormat.Custom, "2.0.1", "release/{major}.{minor}", "release/2.0")]
    public void Tags_are_named_from_their_format_and_read_back(TagFormat format, string version, string? template, string expected)
    {
        var v = VersionParser.Parse(version).Version;
        var name = TagNaming.Name(format, v, template);
        Assert.Equal(expected, name);
        var reader = new TagVersionReader(template is null ? null : [template]);
        var back = reader.Read(name);
        Assert.True(back.NamesVersion);
        var minorOnly = format == TagFormat.Weights || template?.Contains("{patch}", StringComparison.Ordinal) == false && template.Contains("{minor}", StringComparison.Ordinal);
        Assert.Equal(minorOnly ? new SemanticVersion(v.Major, v.Minor, 0) : v, back.Version);
    }

    [Theory]
    [InlineData("release", VersionCodes.TagTemplate)]
    [InlineData("release-{build}", VersionCodes.TagTemplate)]
    [InlineData("v{version}-{major}", VersionCodes.TagTemplate)]
    [InlineData("v{major}.{patch}", VersionCodes.TagTemplate)]
    [InlineData("{version", VersionCodes.TagTemplate)]
    [InlineData("bad tag {version}", VersionCodes.TagTemplate)]
    public void Tag_templates_that_cannot_name_versions_are_refused(string template, string code)
    {
        var ex = Assert.Throws<VersionException>(() => TagNaming.Name(TagFormat.Custom, new SemanticVersion(1, 0, 0), template));
        Assert.Equal((VersionException.TagFormatInvalid, code), (ex.ErrorId, ex.Code));
    }

    [Theory]
    [InlineData("model-v", "model-v{version}")]
    [InlineData("Model", "model-v{version}")]
    [InlineData("weights-v", "weights-v{major}.{minor}")]
    [InlineData("vllm-v{version}", "vllm-v{version}")]
    public void Tag_formats_resolve_by_family_name_or_text(string format, string text) =>
        Assert.Equal(text, TagTemplates.Resolve(format).Text);

    [Fact]
    public void An_unknown_tag_format_is_a_typed_error() =>
        Assert.Equal(VersionCodes.TagFormatUnknown, Assert.Throws<VersionException>(() => TagTemplates.Resolve("nightly")).Code);

    [Fact]
    public void Fuzzed_tags_always_read_to_a_record()
    {
        var random = new Random(5);
        string[] pieces = ["v", "model-", "export-", "weights-", "1", ".", "2", "rc", "-", "@", "latest", "x", "/", "\u0000", "0"];
        var reader = new TagVersionReader(["vllm-v{version}"]);
        for (var i = 0; i < 5000; i++)
        {
            var tag = string.Concat(Enumerable.Range(0, random.Next(0, 10)).Select(_ => pieces[random.Next(pieces.Length)]));
            var read = reader.Read(tag);
            Assert.Equal(read.NamesVersion, read.Version is not null);
            Assert.Equal(read.NamesVersion, read.Reason is null);
        }
    }

    [Fact]
    public void Artifacts_are_named_with_the_version_when_tagged_and_the_time_when_not()
    {
        var at = new DateTime(2025, 9, 15, 13, 24, 16);
        Assert.Equal("vllm-phi3-v2.0.0.tar.gz", ArtifactNaming.Name("vllm-phi3", "tar.gz", new SemanticVersion(2, 0, 0, null, "build.1"), at));
        Assert.Equal("vllm-phi3-20250915-132416.tar.gz", ArtifactNaming.Name("vllm-phi3", ".tar.gz", null, at));
        Assert.Equal(("vllm-phi3", (SemanticVersion?)new SemanticVersion(2, 0, 0), (DateTime?)null), ArtifactNaming.Parse("vllm-phi3-v2.0.0.tar.gz", "tar.gz"));
        Assert.Equal(("vllm-phi3", (SemanticVersion?)null, (DateTime?)at), ArtifactNaming.Parse("vllm-phi3-20250915-132416.tar.gz", "tar.gz"));
        Assert.Null(ArtifactNaming.Parse("vllm-phi3.tar.gz", "tar.gz"));
        Assert.Equal(VersionCodes.ArtifactName, Assert.Throws<VersionException>(() => ArtifactNaming.Name("bad name", "zip", null, at)).Code);
        Assert.Equal(VersionCodes.ArtifactName, Assert.Throws<VersionException>(() => ArtifactNaming.Name("ok", "z ip", null, at)).Code);
    }
}
