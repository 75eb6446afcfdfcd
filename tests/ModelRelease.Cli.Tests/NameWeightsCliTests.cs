using System.Text.Json;

namespace ModelRelease.Cli.Tests;

/// <summary><c>modelrelease name new|parse</c> and <c>modelrelease weights resolve|export-python</c>.</summary>
public sealed class NameWeightsCliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mr-cli-names-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private const string Registry = """
        {
          "schemaVersion": 1,
          "models": {
            "cser-detector": {
              "repoId": "acme/cser-detector",
              "file": "cser.safetensors",
              "latest": "1.1",
              "versions": {
                "1.0": { "tag": "weights-v1.0", "sha256": "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "size": 1024, "publishedAt": "2025-06-01T10:00:00Z", "packageVersions": ">=0.1.0,<0.2.0" },
                "1.1": { "tag": "weights-v1.1", "sha256": "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", "size": 2048, "publishedAt": "2025-09-15T12:40:51Z", "packageVersions": ">=0.2.0" }
              }
            }
          }
        }
        """;

    private string WriteRegistry(string text = Registry)
    {
        var path = Path.Combine(_dir, "weights-registry.json");
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public async Task Name_new_builds_a_descriptive_name_and_reports_loose_values()
    {
        var r = await Cli.RunAsync("name", "new", "descriptive", "-f", "base=phi3mini4k", "-f", "dataset=minimal", "-f", "rank=32", "-f", "alpha=64", "-f", "epochs=20",
            "-f", "trainedAt=2025-09-14T13:24:16", "-f", "format=vllm", "-f", "exportedAt=20250915-124051", "--json");
        Assert.Equal(0, r.ExitCode);
        using var json = JsonDocument.Parse(r.Out);
        Assert.Equal("phi3mini4k-minimal-r32-a64-e20-20250914-132416-vllm-20250915-124051", json.RootElement.GetProperty("name").GetString());
        Assert.Equal(32, json.RootElement.GetProperty("fields").GetProperty("rank").GetInt32());
        Assert.Equal("descriptive", json.RootElement.GetProperty("template").GetString());
        Assert.Single(json.RootElement.GetProperty("notes").EnumerateArray());
        Assert.Contains("note: trainedAt", r.Error);
    }

    [Fact]
    public async Task Name_parse_reads_every_field_and_a_bad_name_exits_1_naming_the_part()
    {
        var r = await Cli.RunAsync("name", "parse", "ollama-q4_k_m-phi3mini4k-minimal-r32-a64-e20-20250915-132416-v2.0.0.tar.gz", "weights-v1.1", "--json");
        Assert.Equal(0, r.ExitCode);
        using var json = JsonDocument.Parse(r.Out);
        var names = json.RootElement.EnumerateArray().ToList();
        Assert.Equal(["artifact", "weights-v"], names.Select(n => n.GetProperty("template").GetString()));
        Assert.Equal("2.0.0", names[0].GetProperty("fields").GetProperty("version").GetString());
        Assert.Equal("q4_k_m", names[0].GetProperty("fields").GetProperty("quant").GetString());
        Assert.Equal(1, names[1].GetProperty("fields").GetProperty("minor").GetInt32());

        var bad = await Cli.RunAsync("name", "parse", "phi3mini4k-minimal-r32-x64-e20-20250914-132416", "--template", "descriptive");
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("[NAME_PART]", bad.Error);
        Assert.Contains("'-a'", bad.Error);
    }

    [Fact]
    public async Task Name_new_refuses_a_name_that_would_read_back_otherwise()
    {
        var r = await Cli.RunAsync("name", "new", "variant", "-f", "org=GesturaAI", "-f", "model=stick-gen");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("[NAME_AMBIGUOUS]", r.Error);
        var withVariants = await Cli.RunAsync("name", "new", "variant", "-f", "org=GesturaAI", "-f", "model=stick-gen", "--variant", "small,base,large");
        Assert.Equal(0, withVariants.ExitCode);
        Assert.Equal("GesturaAI/stick-gen", withVariants.Out.Trim());
        Assert.Equal(2, (await Cli.RunAsync("name", "new", "descriptive", "-f", "rank")).ExitCode);
    }

    [Fact]
    public async Task Weights_resolve_gives_the_newest_compatible_entry_or_exits_1_with_the_version_to_upgrade_to()
    {
        var registry = WriteRegistry();
        var r = await Cli.RunAsync("weights", "resolve", "--registry", registry, "--model", "cser-detector", "--package-version", "0.1.5", "--json");
        Assert.Equal(0, r.ExitCode);
        using var json = JsonDocument.Parse(r.Out);
        Assert.Equal(("1.0", "weights-v1.0", "acme/cser-detector"), (json.RootElement.GetProperty("version").GetString(), json.RootElement.GetProperty("revision").GetString(), json.RootElement.GetProperty("repoId").GetString()));

        var old = await Cli.RunAsync("weights", "resolve", "-r", registry, "-m", "cser-detector", "--package-version", "0.0.1");
        Assert.Equal(1, old.ExitCode);
        Assert.Contains("upgrade the package to 0.2.0 or newer", old.Error);
        Assert.Contains("next:", old.Error);
    }

    [Fact]
    public async Task A_hand_broken_registry_exits_1_naming_the_JSON_path()
    {
        var registry = WriteRegistry(Registry.Replace("\"size\": 2048", "\"size\": -1", StringComparison.Ordinal));
        var r = await Cli.RunAsync("weights", "resolve", "-r", registry, "-m", "cser-detector");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("$.models['cser-detector'].versions['1.1'].size", r.Error);
        Assert.Contains("REG_SCHEMA_RANGE", r.Error);
    }

    [Fact]
    public async Task Weights_export_python_writes_a_module_python_can_import()
    {
        var registry = WriteRegistry();
        var module = Path.Combine(_dir, "cser_weights.py");
        var r = await Cli.RunAsync("weights", "export-python", "-r", registry, "-o", module, "--package", "cser-tools", "--module", "cser_weights");
        Assert.Equal(0, r.ExitCode);
        var start = new System.Diagnostics.ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _dir };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("import cser_weights as w\ntry:\n    w.resolve('cser-detector', package_version='0.0.1')\nexcept w.WeightsCompatibilityError as e:\n    print(e.change, e.suggested_package_version)\n");
        start.Environment["PYTHONDONTWRITEBYTECODE"] = "1";
        using var python = System.Diagnostics.Process.Start(start)!;
        var output = await python.StandardOutput.ReadToEndAsync();
        await python.WaitForExitAsync();
        Assert.True(python.ExitCode == 0, await python.StandardError.ReadToEndAsync());
        Assert.Equal("Upgrade 0.2.0", output.Trim());
        Assert.Equal(2, (await Cli.RunAsync("weights", "export-python", "-r", registry, "--package", "bad name")).ExitCode);
    }
}
