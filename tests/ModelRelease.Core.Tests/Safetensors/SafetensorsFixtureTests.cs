using System.Security.Cryptography;
using System.Text.Json;
using ModelRelease.Core.Checkpoints;
using ModelRelease.Core.Checkpoints.Common;
using ModelRelease.Core.Checkpoints.Safetensors;
using ModelRelease.Core.Tests.Support;

namespace ModelRelease.Core.Tests.Safetensors;

/// <summary>Every valid safetensors fixture and the sharded index, checked against MANIFEST.json ground truth.</summary>
public class SafetensorsFixtureTests
{
    public static TheoryData<string> Files => Fixtures.TheoryOf("safetensors");
    public static TheoryData<string> Indexes => Fixtures.TheoryOf("safetensors-index");

    private static async Task<Checkpoint> InspectAsync(string relative) =>
        await new CheckpointInspector().InspectAsync(Fixtures.Path(relative), Run.Timeout());

    [Theory]
    [MemberData(nameof(Files))]
    public async Task Reads_every_fixture_as_the_manifest_describes(string file)
    {
        var entry = Fixtures.Entry(file);
        var truth = entry.GetProperty("ground_truth");
        var ckpt = await InspectAsync(file);

        Assert.Equal(CheckpointFormat.Safetensors, ckpt.Format);
        Assert.Equal(Fixtures.Path(file), ckpt.Path);
        Assert.Equal(entry.GetProperty("size_bytes").GetInt64(), ckpt.Length);
        Assert.Equal("little", ckpt.ByteOrder);
        Assert.Null(ckpt.FormatVersion);
        Assert.Empty(ckpt.Shards);
        Assert.Equal(truth.GetProperty("data_section_start").GetInt64(), ckpt.DataOffset);
        Assert.Equal(truth.GetProperty("header_length").GetInt64(), ckpt.DataOffset - 8);
        Assert.Equal(truth.GetProperty("tensor_count").GetInt32(), ckpt.TensorCount);
        Assert.Equal(truth.GetProperty("total_elements").GetInt64(), ckpt.ParameterCount);
        Assert.DoesNotContain(ckpt.Findings, f => f.Severity != FindingSeverity.Info);

        var expected = truth.GetProperty("tensors_in_header_order").EnumerateArray().ToList();
        Assert.Equal(expected.Select(t => t.GetProperty("name").GetString()), ckpt.Tensors.Select(t => t.Name));
        var dataStart = truth.GetProperty("data_section_start").GetInt64();
        for (var i = 0; i < expected.Count; i++)
        {
            var e = expected[i];
            var t = ckpt.Tensors[i];
            Assert.Equal(e.GetProperty("dtype").GetString(), t.DType);
            Assert.Equal(e.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()), t.Shape);
            Assert.Equal(e.GetProperty("n_elements").GetInt64(), t.ElementCount);
            Assert.Equal(e.GetProperty("absolute_offset").GetInt64(), t.ByteOffset);
            Assert.Equal(dataStart + e.GetProperty("data_offsets")[0].GetInt64(), t.ByteOffset);
            Assert.Equal(e.GetProperty("byte_length").GetInt64(), t.ByteLength);
            Assert.Null(t.File);
        }

        AssertMetadata(truth.GetProperty("metadata"), ckpt.Metadata);
        AssertGroups(truth.GetProperty("elements_by_dtype"), ckpt.Tensors.GroupBy(t => t.DType));
        AssertGroups(truth.GetProperty("elements_by_group"), ckpt.Tensors.GroupBy(t => t.Name.Split('.')[0]));
        await AssertHashesAsync(ckpt, expected);
    }

    [Theory]
    [MemberData(nameof(Indexes))]
    public async Task Reads_the_sharded_set_through_its_index(string file)
    {
        var entry = Fixtures.Entry(file);
        var truth = entry.GetProperty("ground_truth");
        var ckpt = await InspectAsync(file);
        var folder = Path.GetDirectoryName(Fixtures.Path(file))!;

        Assert.Equal(CheckpointFormat.Safetensors, ckpt.Format);
        Assert.Equal(Fixtures.Path(file), ckpt.Path);
        Assert.Null(ckpt.DataOffset);
        var shardNames = truth.GetProperty("shards").EnumerateArray().Select(s => s.GetString()!).ToList();
        Assert.Equal(shardNames.Select(s => Path.Combine(folder, s)), ckpt.Shards.Select(s => s.Path));
        Assert.Equal(shardNames.Sum(s => new FileInfo(Path.Combine(folder, s)).Length), ckpt.Length);
        Assert.Equal(ckpt.Shards.Sum(s => s.Length), ckpt.Length);
        Assert.Equal(truth.GetProperty("tensor_count").GetInt32(), ckpt.TensorCount);
        Assert.Equal(truth.GetProperty("weight_map_entries").GetInt32(), ckpt.TensorCount);
        Assert.Equal(ckpt.TensorCount, ckpt.Shards.Sum(s => s.TensorCount));
        Assert.Equal(truth.GetProperty("total_elements").GetInt64(), ckpt.ParameterCount);
        Assert.Equal(truth.GetProperty("sum_of_tensor_byte_lengths").GetInt64(), ckpt.Tensors.Sum(t => t.ByteLength));
        // total_size matches: no warning.
        Assert.DoesNotContain(ckpt.Findings, f => f.Severity != FindingSeverity.Info);
        Assert.Equal(truth.GetProperty("metadata").GetProperty("total_size").GetInt64(), ckpt.Metadata["total_size"]);
        Assert.Equal("pt", ckpt.Metadata["format"]); // merged from the shards' __metadata__

        var expected = truth.GetProperty("tensors").EnumerateArray().ToList();
        Assert.Equal(expected.Select(t => t.GetProperty("name").GetString()), ckpt.Tensors.Select(t => t.Name));
        for (var i = 0; i < expected.Count; i++)
        {
            var e = expected[i];
            var t = ckpt.Tensors[i];
            Assert.Equal(Path.Combine(folder, e.GetProperty("shard").GetString()!), t.File);
            Assert.Equal(e.GetProperty("dtype").GetString(), t.DType);
            Assert.Equal(e.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()), t.Shape);
            Assert.Equal(e.GetProperty("n_elements").GetInt64(), t.ElementCount);
        }
        AssertGroups(truth.GetProperty("elements_by_dtype"), ckpt.Tensors.GroupBy(t => t.DType));
        AssertGroups(truth.GetProperty("elements_by_group"), ckpt.Tensors.GroupBy(t => t.Name.Split('.')[0]));
        await AssertHashesAsync(ckpt, expected);

        // Each shard read on its own agrees with the set's view of it.
        foreach (var shard in ckpt.Shards)
        {
            var alone = await new CheckpointInspector().InspectAsync(shard.Path);
            static string Key(TensorInfo t) => $"{t.Name} {t.DType} [{string.Join(",", t.Shape)}] {t.ElementCount} @{t.ByteOffset}+{t.ByteLength}";
            Assert.Equal(alone.Tensors.Select(Key), ckpt.Tensors.Where(t => t.File == shard.Path).Select(Key));
        }
    }

    [Fact]
    public async Task The_sharded_set_holds_the_same_tensors_as_the_single_file()
    {
        var single = await InspectAsync("safetensors/fluxml_model.safetensors");
        var set = await InspectAsync("safetensors/fluxml_sharded/model.safetensors.index.json");
        Assert.Equal(single.ParameterCount, set.ParameterCount);
        Assert.Equal(
            single.Tensors.Select(t => (t.Name, t.DType, string.Join(",", t.Shape))).Order(),
            set.Tensors.Select(t => (t.Name, t.DType, string.Join(",", t.Shape))).Order());
    }

    internal static void AssertMetadata(JsonElement expected, IReadOnlyDictionary<string, object?> actual)
    {
        if (expected.ValueKind == JsonValueKind.Null)
        {
            Assert.Empty(actual);
            return;
        }
        Assert.Equal(expected.EnumerateObject().Count(), actual.Count);
        foreach (var p in expected.EnumerateObject()) Assert.Equal(p.Value.GetString(), actual[p.Name]);
    }

    internal static void AssertGroups(JsonElement expected, IEnumerable<IGrouping<string, TensorInfo>> groups)
    {
        var actual = groups.ToDictionary(g => g.Key, g => g.Sum(t => t.ElementCount));
        var wanted = expected.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64());
        Assert.Equal(wanted.OrderBy(kv => kv.Key, StringComparer.Ordinal), actual.OrderBy(kv => kv.Key, StringComparer.Ordinal));
    }

    /// <summary>ByteOffset/ByteLength must locate exactly the bytes the manifest hashed.</summary>
    internal static async Task AssertHashesAsync(Checkpoint ckpt, IReadOnlyList<JsonElement> expected)
    {
        for (var i = 0; i < expected.Count; i++)
        {
            if (!expected[i].TryGetProperty("sha256", out var sha)) continue;
            var t = ckpt.Tensors[i];
            using var source = FileByteSource.Open(t.File ?? ckpt.Path);
            var bytes = new byte[t.ByteLength];
            await source.ReadExactlyAtAsync(t.ByteOffset, bytes, "tensor", default);
            Assert.True(sha.GetString() == Convert.ToHexStringLower(SHA256.HashData(bytes)), $"bytes of '{t.Name}' at {t.ByteOffset}+{t.ByteLength} do not hash to the manifest's sha256");
        }
    }
}
