using ModelRelease.Core.Operations.Registry;
using ModelRelease.Core.Registry;
using ModelRelease.Core.Registry.Commits;
using ModelRelease.Core.Registry.Gates;
using ModelRelease.Core.Registry.Lifecycle;
using ModelRelease.Core.Releases.Names;

namespace ModelRelease.Registry.Tests;

/// <summary>The registry's rules that need no database: names, the move table, test results, commit messages, the catalogues.</summary>
public sealed class RulesTests
{
    [Theory]
    [InlineData("pib-vg", "base", "diffusion", "1.2.3", "pib-vg-base-diffusion-1.2.3-20230615")]
    [InlineData("pib-vg", "super-resolution", "esrgan", "2.0.0", "pib-vg-super-resolution-esrgan-2.0.0-20230615")]
    [InlineData("acme", "fact-checking", "t5_xl", "0.1.0-rc.1", "acme-fact-checking-t5_xl-0.1.0-rc.1-20230615")]
    public void Model_ids_are_built_by_the_component_name_template(string prefix, string component, string architecture, string version, string expected)
    {
        Assert.Equal(expected, ModelVersionRegistration.BuildModelId(prefix, component, architecture, version, new DateTime(2023, 6, 15)));
        var read = NameTemplates.Default.Resolve(NameTemplates.Component).Read(expected, new NameOptions { KnownValues = new Dictionary<string, IReadOnlyList<string>> { ["component"] = [component] } });
        Assert.Equal((prefix, component, architecture, version, new DateTime(2023, 6, 15)), ((string)read.Values["prefix"]!, (string)read.Values["component"]!, (string)read.Values["architecture"]!, read.Values["version"]!.ToString(), (DateTime)read.Values["date"]!));
    }

    [Fact]
    public void The_move_table_has_the_issues_moves_and_no_other()
    {
        var moves = LifecycleRules.Moves.Select(m => $"{ModelStatusText.Format(m.From)}->{ModelStatusText.Format(m.To)}:{m.Gate}").ToList();
        Assert.Equal(
        [
            "development->testing:TestResults", "testing->staging:Performance", "staging->production:Approvals", "production->deprecated:None",
            "deprecated->archived:GracePeriod", "critical-issue->archived:None", "testing->development:None", "staging->testing:None",
        ], moves);
        Assert.Empty(LifecycleRules.Targets(ModelStatus.Archived));
        Assert.Equal([ModelStatus.Testing], LifecycleRules.Targets(ModelStatus.Development));
    }

    [Theory]
    [InlineData("<TestRun><ResultSummary outcome=\"Completed\"><Counters total=\"5\" executed=\"5\" passed=\"5\" failed=\"0\" error=\"0\" timeout=\"0\" aborted=\"0\"/></ResultSummary></TestRun>", "TRX", 5, 0)]
    [InlineData("<TestRun><ResultSummary outcome=\"Failed\"><Counters total=\"5\" executed=\"5\" passed=\"4\" failed=\"1\" error=\"0\"/></ResultSummary></TestRun>", "TRX", 5, 1)]
    [InlineData("<testsuite tests=\"3\" failures=\"0\" errors=\"0\" skipped=\"1\"/>", "JUnit", 2, 0)]
    [InlineData("<testsuites><testsuite tests=\"3\" failures=\"1\" errors=\"0\"/><testsuite tests=\"2\" failures=\"0\" errors=\"1\"/></testsuites>", "JUnit", 5, 2)]
    [InlineData("<test-run total=\"4\" passed=\"4\" failed=\"0\" skipped=\"0\" inconclusive=\"0\"/>", "NUnit", 4, 0)]
    [InlineData("<test-results total=\"7\" errors=\"0\" failures=\"2\" not-run=\"1\" inconclusive=\"0\" ignored=\"0\" skipped=\"0\"/>", "NUnit", 7, 2)]
    public void Test_results_are_read_in_each_format(string xml, string format, long executed, long failing)
    {
        var path = Path.Combine(Path.GetTempPath(), Guid.NewGuid() + ".xml");
        File.WriteAllText(path, xml);
        var summary = TestResults.Read(path);
        Assert.Equal((format, executed, failing), (summary.Format, summary.Executed, summary.Failed + summary.Errors));
        File.Delete(path);
    }

    [Theory]
    [InlineData("<html/>", ModelRegistryCodes.TestResultsFormat)]
    [InlineData("<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><testsuite tests=\"1\">&e;</testsuite>", ModelRegistryCodes.TestResultsFormat)]
    [InlineData("<testsuite tests=\"many\"/>", ModelRegistryCodes.TestResultsFormat)]
    public void Test_results_that_are_not_a_format_are_refused(string xml, string code)
    {
        var path = Path.Combine(Path.GetTempPath(), Guid.NewGuid() + ".xml");
        File.WriteAllText(path, xml);
        var error = Assert.Throws<ModelRegistryException>(() => TestResults.Read(path));
        Assert.Equal((ModelRegistryErrors.FileInvalid, code), (error.ErrorId, error.Code));
        File.Delete(path);
    }

    [Fact]
    public void Commit_messages_follow_the_convention()
    {
        var good = CommitMessages.Check("[BASE] PERF: Lower noise lambda to 0.10\n\nTuned on June eval.\nPerformance impact: FID 11.8 -> 10.9\nReviewed-by: Alice Example\nReviewed-by: Bob\n# a git comment\n");
        Assert.True(good.IsValid);
        Assert.Equal(("BASE", "PERF", "Lower noise lambda to 0.10", "FID 11.8 -> 10.9"), (good.Component, good.Type, good.Description, good.PerformanceImpact));
        Assert.Equal(["Alice Example", "Bob"], good.ReviewedBy);

        var bad = CommitMessages.Check("fixed stuff\n");
        Assert.False(bad.IsValid);
        Assert.Equal([ModelRegistryCodes.CommitSubject, ModelRegistryCodes.CommitPerformance, ModelRegistryCodes.CommitReviewed], bad.Findings.Select(f => f.Code));
        Assert.Equal([ModelRegistryCodes.CommitType], CommitMessages.Check("[BASE] TWEAK: x\nPerformance impact: none\nReviewed-by: a\n").Findings.Select(f => f.Code));
        Assert.True(CommitMessages.Check(CommitMessages.Format("super-resolution", "model", "Register 2.0.0", "PSNR +0.4", ["carol"])).IsValid);
    }

    [Theory]
    [InlineData("models/registry/model_registry.db", RegistryProvider.Sqlite)]
    [InlineData("/var/lib/registry.db", RegistryProvider.Sqlite)]
    [InlineData("Host=db;Database=models;Username=ci;Password=x", RegistryProvider.PostgreSql)]
    [InlineData("server=db;database=models", RegistryProvider.PostgreSql)]
    [InlineData("postgresql://ci:x@db:5433/models", RegistryProvider.PostgreSql)]
    public void A_registry_is_a_file_or_a_connection_string(string registry, RegistryProvider provider)
    {
        var location = new ModelRegistryLocation { Root = "/work/store", Registry = registry };
        Assert.Equal(provider, location.Provider);
        Assert.DoesNotContain("Password", location.Display, StringComparison.OrdinalIgnoreCase);
        if (registry.StartsWith("postgresql://", StringComparison.Ordinal)) Assert.Equal("Host=db;Port=5433;Database=models;Username=ci", location.Display);
    }

    [Fact]
    public void The_catalogues_hold_unique_stable_codes()
    {
        var codes = typeof(ModelRegistryCodes).GetFields().Select(f => (string)f.GetValue(null)!).ToList();
        Assert.All(codes, c => Assert.StartsWith("MREG_", c, StringComparison.Ordinal));
        Assert.Equal(codes.Count, codes.Distinct().Count());
        var ids = typeof(ModelRegistryErrors).GetFields().Select(f => (string)f.GetValue(null)!).ToList();
        Assert.All(ids, id => Assert.Matches("^Model[A-Z][A-Za-z]+$", id));
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }
}

public sealed class AboutTopicTests
{
    [Fact]
    public void Every_registry_error_id_is_in_the_about_topics_error_list()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "ModelRelease.slnx"))) root = Path.GetDirectoryName(root)!;
        var about = File.ReadAllLines(Path.Combine(root, "en-US", "about_ModelRelease.help.txt"));
        var start = Array.FindIndex(about, l => l == "ERRORS");
        var end = Array.FindIndex(about, start + 1, l => l.Length > 0 && !char.IsWhiteSpace(l[0]));
        var listed = about[start..end].Select(l => System.Text.RegularExpressions.Regex.Match(l, "^ {8}([A-Z][A-Za-z]+) +\\S")).Where(m => m.Success).Select(m => m.Groups[1].Value).ToHashSet();
        var ids = typeof(ModelRegistryErrors).GetFields().Select(f => (string)f.GetValue(null)!).ToList();
        var undocumented = ids.Where(id => !listed.Contains(id)).ToList();
        var unknown = listed.Where(id => id.StartsWith("Model", StringComparison.Ordinal) && !id.StartsWith("ModelCard", StringComparison.Ordinal) && !ids.Contains(id)).ToList();
        Assert.True(undocumented.Count == 0, "not in the about topic: " + string.Join(", ", undocumented));
        Assert.True(unknown.Count == 0, "in the about topic, not in the catalogue: " + string.Join(", ", unknown));
    }
}
