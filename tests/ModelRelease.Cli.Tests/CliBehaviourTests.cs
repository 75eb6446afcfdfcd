using ModelRelease.Core.Tests.Support;

namespace ModelRelease.Cli.Tests;

/// <summary>Exit codes and human output.</summary>
public class CliBehaviourTests
{
    [Theory]
    [InlineData("modelrelease inspect", "inspect")]
    [InlineData("modelrelease", "frobnicate")]
    [InlineData("modelrelease params", "params", "--expected", "lots", "{gguf}")]
    [InlineData("modelrelease params", "params", "--tolerance", "200%", "--expected", "1M", "{gguf}")]
    [InlineData("modelrelease validate", "validate", "--expected-sha256", "abc", "{gguf}")]
    [InlineData("modelrelease inspect", "inspect", "--nope", "{gguf}")]
    // Values the core's readers refuse before anything runs: a weights version with a patch, tag formats without a version.
    [InlineData("modelrelease weights publish", "weights", "publish", "-r", "{registry}", "-m", "basic", "-f", "{gguf}", "--version", "1.1.1", "--packages", ">=1.0", "--repo", "org/weights")]
    [InlineData("modelrelease weights publish", "weights", "publish", "-r", "{registry}", "-m", "basic", "-f", "{gguf}", "--version", "1.1-rc.1", "--packages", ">=1.0", "--repo", "org/weights")]
    [InlineData("modelrelease tags", "tags", "--repo", "org/model", "--template", "release-without-a-version")]
    [InlineData("modelrelease tag", "tag", "--repo", "org/model", "--version", "1.0.0", "--format", "Custom", "--template", "release-{nope}")]
    public async Task Bad_usage_exits_2_naming_the_command_and_showing_its_usage(string command, params string[] args)
    {
        var registry = Path.Combine(TestEnvironment.Root, "usage-" + Guid.NewGuid().ToString("N"), "weights-registry.json");
        var r = await Cli.RunAsync(args.Select(a => a switch { "{gguf}" => Fixtures.Path("gguf/basic-types.gguf"), "{registry}" => registry, _ => a }).ToArray());
        Assert.Equal(2, r.ExitCode);
        Assert.False(File.Exists(registry)); // bad usage writes nothing
        Assert.StartsWith(command + ": ", r.Error);
        Assert.Contains("Usage:\n  " + Cli.ProgramName + command["modelrelease".Length..], r.Error.ReplaceLineEndings("\n"));
        Assert.Equal("", r.Out);
    }

    [Fact]
    public async Task A_missing_file_is_bad_usage_naming_the_file()
    {
        var r = await Cli.RunAsync("inspect", "/no/such/model.safetensors");
        Assert.Equal(2, r.ExitCode);
        Assert.StartsWith("modelrelease inspect: '/no/such/model.safetensors' does not exist.", r.Error);
    }

    [Fact]
    public async Task A_file_that_is_not_a_checkpoint_is_a_failed_check_naming_the_file_and_code()
    {
        var path = Path.Combine(TestEnvironment.Root, "not-a-model.safetensors");
        await File.WriteAllBytesAsync(path, [1, 2, 3]);
        var r = await Cli.RunAsync("inspect", path);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains(path, r.Error);
        Assert.Matches("(ST|CKPT)_[A-Z_]+", r.Error);
    }

    [Fact]
    public async Task Params_outside_tolerance_exits_1()
    {
        var path = Fixtures.Path("gguf/basic-types.gguf");
        Assert.Equal(0, (await Cli.RunAsync("params", "--expected", "963", path)).ExitCode);
        Assert.Equal(0, (await Cli.RunAsync("params", "--expected", "950", "--tolerance", "2%", path)).ExitCode);
        var off = await Cli.RunAsync("params", "--expected", "1K", "--tolerance", "1%", "--json", path);
        Assert.Equal(1, off.ExitCode);
        using var doc = System.Text.Json.JsonDocument.Parse(off.Out);
        Assert.False(Assert.Single(doc.RootElement.EnumerateArray()).GetProperty("withinTolerance").GetBoolean());
    }

    [Fact]
    public async Task Human_tables_show_name_format_and_parameters()
    {
        var r = await Cli.RunAsync("inspect", "--tensors", Fixtures.Path("safetensors/hf-safetensors-samples_overall.safetensors"));
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("hf-safetensors-samples_overall.safetensors", r.Out);
        Assert.Contains("Safetensors", r.Out);
        Assert.Contains("tensors:", r.Out);
    }

    [Fact]
    public async Task Compare_reports_sharded_vs_single_as_identical_content_and_takes_the_sets_folder()
    {
        var single = Fixtures.Path("safetensors/fluxml_model.safetensors");
        // The index, and the folder that holds the set: the same checkpoint. The set adds total_size (index) and format (shards) to the
        // metadata the single file does not have: the same tensors with other metadata, a patch.
        foreach (var sharded in new[] { Fixtures.Path("safetensors/fluxml_sharded/model.safetensors.index.json"), Fixtures.Path("safetensors/fluxml_sharded") })
        {
            var r = await Cli.RunAsync("compare", "--content", "--json", single, sharded);
            Assert.True(r.ExitCode == 0, r.Error);
            using var doc = System.Text.Json.JsonDocument.Parse(r.Out);
            Assert.True(doc.RootElement.GetProperty("isIdentical").GetBoolean());
            Assert.Equal(["format", "total_size"], doc.RootElement.GetProperty("metadataChanged").EnumerateArray().Select(e => e.GetString()));
            Assert.Equal("Patch", doc.RootElement.GetProperty("impliedBump").GetString());
        }
        var same = await Cli.RunAsync("compare", "--content", "--json", single, single);
        using (var doc = System.Text.Json.JsonDocument.Parse(same.Out)) Assert.Equal("None", doc.RootElement.GetProperty("impliedBump").GetString());
        var v = await Cli.RunAsync("compare", "--fail-on", "Minor", "--json", single, Fixtures.Path("safetensors/burn_boolean.safetensors"));
        Assert.Equal(1, v.ExitCode);
        using (var doc = System.Text.Json.JsonDocument.Parse(v.Out)) Assert.Equal("Major", doc.RootElement.GetProperty("impliedBump").GetString());
    }

    [Fact]
    public async Task Compare_across_formats_reports_the_same_tensors_and_a_patch_for_the_format()
    {
        var zip = Fixtures.Path("pytorch/pytorch_model.bin");
        var legacy = Fixtures.Path("pytorch/pytorch_model_legacy.bin");
        var r = await Cli.RunAsync("compare", "--content", "--json", zip, legacy);
        Assert.True(r.ExitCode == 0, r.Error);
        using (var doc = System.Text.Json.JsonDocument.Parse(r.Out))
        {
            var c = doc.RootElement;
            Assert.Equal(0, c.GetProperty("retyped").GetArrayLength());
            Assert.Equal(0, c.GetProperty("contentChanged").GetArrayLength());
            Assert.Equal(("PyTorch", "PyTorchLegacy"), (c.GetProperty("referenceFormat").GetString(), c.GetProperty("differenceFormat").GetString()));
            Assert.True(c.GetProperty("formatChanged").GetBoolean());
            Assert.Equal("Patch", c.GetProperty("impliedBump").GetString());
        }
        // The human rendering names the formats (the rendering is the thing under test here).
        var text = await Cli.RunAsync("compare", "--content", zip, legacy);
        Assert.Contains("Format: PyTorch -> PyTorchLegacy", text.Out);
        Assert.Contains("Implied version bump: Patch", text.Out);
        Assert.Equal(1, (await Cli.RunAsync("compare", "--content", "--fail-on", "Patch", zip, legacy)).ExitCode);
    }

    [Fact]
    public async Task Version_reports_the_dependencies_it_runs_with()
    {
        var r = await Cli.RunAsync("version", "--dependencies");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("yamlRoundTrip=15.8M", r.Out);
    }
}
