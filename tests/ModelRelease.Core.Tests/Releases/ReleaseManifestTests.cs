using System.Reflection;
using ModelRelease.Core.Releases.Manifests;

namespace ModelRelease.Core.Tests.Releases;

/// <summary>Release manifests: read with every path full and {variant} replaced, or refused with every problem, its code, path and line.</summary>
public sealed class ReleaseManifestTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mr-manifest-").FullName;

    public ReleaseManifestTests()
    {
        foreach (var v in new[] { "small", "base" })
        {
            Directory.CreateDirectory(Path.Combine(_dir, "out", v));
            File.WriteAllText(Path.Combine(_dir, "out", v, "model.safetensors"), "x");
            File.WriteAllText(Path.Combine(_dir, $"{v}.yaml"), "lr: 1\n");
        }
        File.WriteAllText(Path.Combine(_dir, "LICENSE"), "MIT");
        File.WriteAllText(Path.Combine(_dir, "sections.json"), "{}");
    }

    public void Dispose() => Directory.Delete(_dir, true);

    private const string Valid = """
        schemaVersion: 1
        family: pico
        version: v1.2
        repository: org/pico-{variant}
        license: mit
        language: [en]
        card:
          sections: sections.json
        files: [LICENSE]
        requiredFiles: [LICENSE, README.md]
        changes:
          - Faster.
        metrics:
          direction: { bits_per_byte: lower }
          regression: error
        variants:
          - name: small
            checkpoint: out/{variant}
            config: '{variant}.yaml'
            expectedParameters: 8.8K
            tolerance: 1%
          - name: base
            repository: other/base-model
            checkpoint: out/base/model.safetensors
            expectedParameters: 26784
            tolerance: 0.02
        """;

    private ReleaseManifest Parse(string text) => ReleaseManifestReader.Parse(text, Path.Combine(_dir, "release.yaml"));

    private ReleaseManifestException Refused(string text) => Assert.Throws<ReleaseManifestException>(() => Parse(text));

    [Fact]
    public void A_valid_manifest_reads_into_variants_with_full_paths()
    {
        var m = Parse(Valid);
        Assert.Equal(("pico", "mit", "1.2.0"), (m.Family, m.License, m.Version!.Version.ToString()));
        Assert.NotNull(m.Version.Note);
        Assert.Equal(["en"], m.Language);
        Assert.Equal(Path.Combine(_dir, "sections.json"), m.CardSections);
        Assert.Equal(["LICENSE", "README.md"], m.RequiredFiles);
        Assert.Equal("lower", m.MetricDirections["bits_per_byte"]);
        Assert.True(m.MetricRegressionIsError);
        Assert.Equal(2, m.Variants.Count);
        var small = m.Variants[0];
        Assert.Equal(("small", "org/pico-small", Path.Combine(_dir, "out", "small"), Path.Combine(_dir, "small.yaml")), (small.Name, small.Repository, small.Checkpoint, small.Config));
        Assert.Equal((8800L, 0.01), (small.ExpectedParameters!.Value, small.Tolerance));
        Assert.Equal([Path.Combine(_dir, "LICENSE")], small.Files);
        var b = m.Variants[1];
        Assert.Equal(("other/base-model", 26784L, 0.02), (b.Repository, b.ExpectedParameters!.Value, b.Tolerance));
    }

    [Fact]
    public void An_unknown_variant_field_is_a_schema_finding_with_its_path_and_line()
    {
        var ex = Refused(Valid.Replace("    config: '{variant}.yaml'", "    confgi: '{variant}.yaml'"));
        Assert.Equal((ReleaseManifestException.ManifestInvalid, ManifestCodes.SchemaAdditional), (ex.ErrorId, ex.Code));
        var f = Assert.Single(ex.Findings);
        Assert.Equal(("$.variants[0].confgi", 19), (f.JsonPath, f.Line));
        Assert.Contains("known: name, repository, checkpoint, config", f.Message);
        Assert.Equal(Path.Combine(_dir, "release.yaml"), ex.Target);
    }

    [Fact]
    public void Every_problem_is_collected_with_its_code()
    {
        var text = Valid
            .Replace("expectedParameters: 8.8K", "expectedParameters: lots")
            .Replace("tolerance: 1%", "tolerance: 250%")
            .Replace("version: v1.2", "version: one")
            .Replace("checkpoint: out/base/model.safetensors", "checkpoint: out/large/model.safetensors")
            .Replace("repository: other/base-model", "repository: org/pico-small");
        var codes = Refused(text).Findings.Select(f => f.Code).Order().ToList();
        Assert.Equal(new[] { ManifestCodes.Count, ManifestCodes.FileMissing, ManifestCodes.Tolerance, ManifestCodes.VariantDuplicate, ManifestCodes.Version }.Order(), codes);
    }

    [Theory]
    [InlineData("schemaVersion: 2", ManifestCodes.SchemaValue)]
    [InlineData("repository: org/pico", ManifestCodes.SchemaPattern)]
    [InlineData("variants: []", ManifestCodes.SchemaSize)]
    public void Schema_rules_have_their_codes(string replacement, string code)
    {
        var key = replacement.Split(':')[0];
        var lines = Valid.Split('\n').ToList();
        var at = lines.FindIndex(l => l.StartsWith(key + ":", StringComparison.Ordinal));
        if (key == "variants") lines = lines.Take(at).Append(replacement).ToList();
        else lines[at] = replacement;
        Assert.Contains(Refused(string.Join('\n', lines)).Findings, f => f.Code == code);
    }

    [Fact]
    public void A_repository_the_Hub_refuses_and_text_that_is_not_yaml_are_refused()
    {
        Assert.Equal(ManifestCodes.Repository, Refused(Valid.Replace("repository: other/base-model", "repository: other/base--model")).Code);
        var yaml = Refused("schemaVersion: 1\nvariants: [\n  - oops: {\n");
        Assert.Equal(ManifestCodes.Yaml, yaml.Code);
        Assert.NotNull(Assert.Single(yaml.Findings).Line);
        Assert.Equal(ManifestCodes.Yaml, Refused("a: 1\na: 2\n").Code);
    }

    [Fact]
    public async Task A_missing_manifest_is_not_found()
    {
        var ex = await Assert.ThrowsAsync<ReleaseManifestException>(() => ReleaseManifestReader.ReadAsync(Path.Combine(_dir, "nope.yaml")));
        Assert.Equal((ReleaseManifestException.ManifestNotFound, ManifestCodes.NotFound, ErrorKind.NotFound), (ex.ErrorId, ex.Code, ex.Kind));
    }

    [Fact]
    public void The_published_schema_is_the_one_checked_and_the_codes_are_a_catalogue()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "ModelRelease.slnx"))) root = Path.GetDirectoryName(root)!;
        Assert.Equal(File.ReadAllText(Path.Combine(root, "schemas", ManifestSchema.FileName)), ManifestSchema.Text);
        var codes = typeof(ManifestCodes).GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).ToList();
        Assert.Equal(codes.Count, codes.Distinct().Count());
        Assert.All(codes, c => Assert.Matches("^MAN_[A-Z_]+$", c));
        // The manifest of the examples reads (its files are the examples' workspace's; only the shape is checked here).
        var example = File.ReadAllText(Path.Combine(root, "examples", "release.yaml"));
        var ex = Assert.Throws<ReleaseManifestException>(() => ReleaseManifestReader.Parse(example, Path.Combine(_dir, "examples", "release.yaml")));
        Assert.All(ex.Findings, f => Assert.Equal(ManifestCodes.FileMissing, f.Code));
    }
}
