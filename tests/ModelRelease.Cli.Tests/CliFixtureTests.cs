using System.Text.Json;
using ModelRelease.Core.Tests.Support;

namespace ModelRelease.Cli.Tests;

/// <summary>The CLI reads every valid fixture as MANIFEST.json describes it, and prints camelCase JSON.</summary>
public class CliFixtureTests
{
    public static TheoryData<string> ValidFixtures()
    {
        var data = new TheoryData<string>();
        foreach (var f in Fixtures.Files.Where(f => f.GetProperty("role").GetString() == "valid"))
        {
            data.Add(f.GetProperty("file").GetString()!);
        }
        return data;
    }

    private static string ExpectedFormat(JsonElement entry) => entry.GetProperty("format").GetString() switch
    {
        "gguf" => "Gguf",
        "onnx" => "Onnx",
        "safetensors" or "safetensors-index" => "Safetensors",
        "pytorch" => entry.GetProperty("ground_truth").GetProperty("layout").GetProperty("container").GetString() == "zip" ? "PyTorch" : "PyTorchLegacy",
        var other => throw new InvalidOperationException(other),
    };

    private static long ExpectedTensorCount(JsonElement gt) =>
        gt.TryGetProperty("tensor_count", out var n) ? n.GetInt64() : gt.GetProperty("initializer_count").GetInt64();

    [Theory]
    [MemberData(nameof(ValidFixtures))]
    public async Task Inspect_json_matches_the_manifest(string relative)
    {
        var entry = Fixtures.Entry(relative);
        var gt = entry.GetProperty("ground_truth");
        var result = await Cli.RunAsync("inspect", "--json", Fixtures.Path(relative));
        Assert.True(result.ExitCode == 0, result.Error);
        using var doc = JsonDocument.Parse(result.Out);
        var cp = Assert.Single(doc.RootElement.EnumerateArray());
        Assert.Equal(ExpectedFormat(entry), cp.GetProperty("format").GetString());
        Assert.Equal(ExpectedTensorCount(gt), cp.GetProperty("tensors").GetArrayLength());
        Assert.Equal(gt.GetProperty("total_elements").GetInt64(), cp.GetProperty("parameterCount").GetInt64());
        Assert.Equal(Path.GetFullPath(Fixtures.Path(relative)), cp.GetProperty("path").GetString());
        foreach (var tensor in cp.GetProperty("tensors").EnumerateArray())
        {
            Assert.True(tensor.TryGetProperty("shape", out _) && tensor.TryGetProperty("elementCount", out _));
            Assert.False(string.IsNullOrEmpty(tensor.GetProperty("dtype").GetString()));
            Assert.False(string.IsNullOrEmpty(tensor.GetProperty("formatDtype").GetString()));
        }
    }

    [Theory]
    [MemberData(nameof(ValidFixtures))]
    public async Task Params_json_totals_match_the_manifest(string relative)
    {
        var gt = Fixtures.Entry(relative).GetProperty("ground_truth");
        var result = await Cli.RunAsync("params", "--json", Fixtures.Path(relative));
        Assert.True(result.ExitCode == 0, result.Error);
        using var doc = JsonDocument.Parse(result.Out);
        var report = Assert.Single(doc.RootElement.EnumerateArray());
        Assert.Equal(gt.GetProperty("total_elements").GetInt64(), report.GetProperty("total").GetInt64());
        if (gt.TryGetProperty("dedup_distinct_views_elements", out var unique))
        {
            Assert.Equal(unique.GetInt64(), report.GetProperty("unique").GetInt64());
        }
        if (gt.TryGetProperty("elements_by_group", out var groups))
        {
            foreach (var g in groups.EnumerateObject()) Assert.Equal(g.Value.GetInt64(), report.GetProperty("byGroup").GetProperty(g.Name).GetInt64());
        }
    }

    [Theory]
    [MemberData(nameof(ValidFixtures))]
    public async Task Validate_accepts_every_valid_fixture_and_hashes_it(string relative)
    {
        var result = await Cli.RunAsync("validate", "--json", "--deep", "--sha256", Fixtures.Path(relative));
        using var doc = JsonDocument.Parse(result.Out);
        var v = Assert.Single(doc.RootElement.EnumerateArray());
        var errors = v.GetProperty("findings").EnumerateArray().Where(f => f.GetProperty("severity").GetString() == "Error")
            .Select(f => f.GetProperty("code").GetString() + " " + f.GetProperty("message").GetString()).ToList();
        Assert.True(result.ExitCode == 0, string.Join("\n", errors) + result.Error);
        Assert.True(v.GetProperty("isValid").GetBoolean());
        Assert.Equal(Fixtures.Entry(relative).GetProperty("sha256").GetString(), v.GetProperty("sha256").GetString());
    }

    [Fact]
    public async Task The_malicious_pickle_fails_validation_naming_the_global()
    {
        var result = await Cli.RunAsync("validate", "--json", Fixtures.Path("pytorch/MALICIOUS_os_system.pt"));
        Assert.Equal(1, result.ExitCode);
        using var doc = JsonDocument.Parse(result.Out);
        var finding = Assert.Single(doc.RootElement[0].GetProperty("findings").EnumerateArray());
        Assert.Equal("PT_UNSAFE_GLOBAL", finding.GetProperty("code").GetString());
        Assert.Contains("os.system", finding.GetProperty("message").GetString());
        Assert.False(doc.RootElement[0].GetProperty("isValid").GetBoolean());
    }

    [Fact]
    public async Task A_folder_with_a_sharded_set_is_one_checkpoint()
    {
        var result = await Cli.RunAsync("inspect", "--json", Fixtures.Path("safetensors/fluxml_sharded"));
        Assert.True(result.ExitCode == 0, result.Error);
        using var doc = JsonDocument.Parse(result.Out);
        var cp = Assert.Single(doc.RootElement.EnumerateArray());
        Assert.Equal(6, cp.GetProperty("shards").GetArrayLength());
        Assert.Equal(36, cp.GetProperty("tensors").GetArrayLength());
    }

    [Fact]
    public async Task Validate_deep_names_the_zip_record_whose_CRC_fails_in_JSON_and_in_the_table()
    {
        var relative = "pytorch/candle_test.pt";
        var storage = Fixtures.Entry(relative).GetProperty("ground_truth").GetProperty("storages")[0];
        var offset = storage.GetProperty("absolute_offset").GetInt64();
        var bytes = File.ReadAllBytes(Fixtures.Path(relative));
        bytes[offset + 5] ^= 0x01;
        var folder = Directory.CreateTempSubdirectory("mr-cli-crc-").FullName;
        try
        {
            var path = Path.Combine(folder, "candle_test.pt");
            File.WriteAllBytes(path, bytes);

            var json = await Cli.RunAsync("validate", "--json", "--deep", path);
            Assert.Equal(1, json.ExitCode);
            using var doc = JsonDocument.Parse(json.Out);
            Assert.False(doc.RootElement[0].GetProperty("isValid").GetBoolean());
            var finding = Assert.Single(doc.RootElement[0].GetProperty("findings").EnumerateArray(), f => f.GetProperty("code").GetString() == "PT_ZIP_CRC_MISMATCH");
            Assert.Equal("test/data/0", finding.GetProperty("record").GetString());
            Assert.Equal(offset, finding.GetProperty("offset").GetInt64());

            var table = await Cli.RunAsync("validate", "--deep", path);
            Assert.Equal(1, table.ExitCode);
            var row = Assert.Single(table.Out.Split('\n'), l => l.Contains("PT_ZIP_CRC_MISMATCH"));
            Assert.Contains("test/data/0", row);
            Assert.Contains(offset.ToString(System.Globalization.CultureInfo.InvariantCulture), row);

            var shallow = await Cli.RunAsync("validate", "--json", path);
            Assert.Equal(0, shallow.ExitCode);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
