using System.Text.Json;
using ModelRelease.Core.Checkpoints;
using ModelRelease.Core.Checkpoints.Common;
using ModelRelease.Core.Checkpoints.Parameters;
using ModelRelease.Core.Tests.Support;

namespace ModelRelease.Core.Tests.PyTorch;

/// <summary>Every valid PyTorch fixture, read as MANIFEST.json's ground truth says.</summary>
public class PyTorchFixtureTests
{
    public static TheoryData<string> Valid() => Fixtures.TheoryOf("pytorch");

    /// <summary>The canonical names of the torch dtypes the manifest names, written out here (not taken from the reader's table).</summary>
    public static readonly IReadOnlyDictionary<string, string> Canonical = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["float64"] = "F64", ["float32"] = "F32", ["float16"] = "F16", ["bfloat16"] = "BF16",
        ["int64"] = "I64", ["int32"] = "I32", ["int16"] = "I16", ["int8"] = "I8", ["uint8"] = "U8", ["bool"] = "BOOL",
    };

    private static async Task<(Checkpoint Cp, JsonElement Gt)> ReadAsync(string relative)
    {
        using var source = FileByteSource.Open(Fixtures.Path(relative));
        var cp = await new CheckpointInspector().InspectAsync(source, Run.Timeout());
        return (cp, Fixtures.Entry(relative).GetProperty("ground_truth"));
    }

    [Theory]
    [MemberData(nameof(Valid))]
    public async Task Format_names_and_order_match(string relative)
    {
        var (cp, gt) = await ReadAsync(relative);
        var zip = gt.GetProperty("layout").GetProperty("container").GetString() == "zip";
        Assert.Equal(zip ? CheckpointFormat.PyTorch : CheckpointFormat.PyTorchLegacy, cp.Format);
        Assert.Equal(gt.GetProperty("tensors").EnumerateArray().Select(t => t.GetProperty("name").GetString()), cp.Tensors.Select(t => t.Name));
        Assert.Equal(gt.GetProperty("tensor_count").GetInt32(), cp.TensorCount);
        Assert.Equal(gt.GetProperty("total_elements").GetInt64(), cp.ParameterCount);
        if (zip) Assert.Equal(long.Parse(gt.GetProperty("layout").GetProperty("version_record").GetString()!), cp.FormatVersion);
    }

    [Theory]
    [MemberData(nameof(Valid))]
    public async Task Every_tensor_is_described_exactly(string relative)
    {
        var (cp, gt) = await ReadAsync(relative);
        var storages = gt.GetProperty("storages").EnumerateArray().ToDictionary(s => s.GetProperty("storage_key").GetString()!);
        foreach (var (t, e) in cp.Tensors.Zip(gt.GetProperty("tensors").EnumerateArray()))
        {
            Assert.Equal(e.GetProperty("dtype").GetString(), t.FormatDType);
            Assert.Equal(Canonical[e.GetProperty("dtype").GetString()!], t.DType);
            Assert.Equal(e.GetProperty("shape").EnumerateArray().Select(x => x.GetInt64()), t.Shape);
            Assert.Equal(e.GetProperty("stride").EnumerateArray().Select(x => x.GetInt64()), t.Stride!);
            Assert.Equal(e.GetProperty("storage_offset").GetInt64(), t.StorageOffset);
            Assert.Equal(e.GetProperty("storage_key").GetString(), t.StorageKey);
            Assert.Equal(e.GetProperty("n_elements").GetInt64(), t.ElementCount);
            var storage = storages[t.StorageKey!];
            var es = storage.GetProperty("nbytes").GetInt64() / Math.Max(1, storage.GetProperty("size_elements").GetInt64());
            Assert.Equal(storage.GetProperty("absolute_offset").GetInt64() + t.StorageOffset * es, t.ByteOffset);
        }
    }

    [Theory]
    [MemberData(nameof(Valid))]
    public async Task Storages_match_in_order_size_and_place(string relative)
    {
        var (cp, gt) = await ReadAsync(relative);
        var expected = gt.GetProperty("storages").EnumerateArray().OrderBy(s => s.GetProperty("storage_index").GetInt32()).ToList();
        Assert.Equal(gt.GetProperty("unique_storages").GetInt32(), cp.Storages.Count);
        foreach (var (s, e) in cp.Storages.Zip(expected))
        {
            Assert.Equal(e.GetProperty("storage_key").GetString(), s.Key);
            Assert.Equal(e.GetProperty("dtype").GetString(), s.FormatDType);
            Assert.Equal(Canonical[e.GetProperty("dtype").GetString()!], s.DType);
            Assert.Equal(e.GetProperty("size_elements").GetInt64(), s.ElementCount);
            Assert.Equal(e.GetProperty("absolute_offset").GetInt64(), s.ByteOffset);
            Assert.Equal(e.GetProperty("record_length").GetInt64(), s.ByteLength);
        }
    }

    [Theory]
    [MemberData(nameof(Valid))]
    public async Task Counts_match_every_definition_in_the_manifest(string relative)
    {
        var (cp, gt) = await ReadAsync(relative);
        var report = ParameterCounter.Measure(cp);
        Assert.Equal(gt.GetProperty("total_elements").GetInt64(), report.Total);
        Assert.Equal(gt.GetProperty("dedup_distinct_views_elements").GetInt64(), report.Unique);
        Assert.Equal(gt.GetProperty("unique_storage_elements").GetInt64(), report.StorageElements);
        foreach (var d in gt.GetProperty("elements_by_dtype").EnumerateObject()) Assert.Equal(d.Value.GetInt64(), report.ByDType[Canonical[d.Name]]);
        Assert.Equal(gt.GetProperty("elements_by_dtype").EnumerateObject().Count(), report.ByDType.Count);
        foreach (var g in gt.GetProperty("elements_by_group").EnumerateObject()) Assert.Equal(g.Value.GetInt64(), report.ByGroup[g.Name]);
        Assert.Equal(gt.GetProperty("elements_by_group").EnumerateObject().Count(), report.ByGroup.Count);
    }

    [Theory]
    [MemberData(nameof(Valid))]
    public async Task Non_tensor_leaves_become_metadata(string relative)
    {
        var (cp, gt) = await ReadAsync(relative);
        var leaves = gt.GetProperty("non_tensor_leaves").EnumerateObject().ToList();
        Assert.Equal(leaves.Count, cp.Metadata.Count);
        foreach (var leaf in leaves)
        {
            Assert.True(cp.Metadata.ContainsKey(leaf.Name), $"missing leaf {leaf.Name}");
            var actual = cp.Metadata[leaf.Name];
            switch (leaf.Value.ValueKind)
            {
                case JsonValueKind.Null: Assert.Null(actual); break;
                case JsonValueKind.True or JsonValueKind.False: Assert.Equal(leaf.Value.GetBoolean(), actual); break;
                case JsonValueKind.Number:
                    Assert.Equal(leaf.Value.GetDouble(), Convert.ToDouble(actual, System.Globalization.CultureInfo.InvariantCulture), 12);
                    break;
                default: Assert.Equal(leaf.Value.GetString(), actual); break;
            }
        }
    }

    /// <summary>Byte ranges are right when decoding the view from them gives the manifest's sum of values.</summary>
    [Theory]
    [MemberData(nameof(Valid))]
    public async Task Decoding_each_view_from_its_bytes_gives_the_manifest_sum(string relative)
    {
        var (cp, gt) = await ReadAsync(relative);
        var file = await File.ReadAllBytesAsync(Fixtures.Path(relative));
        foreach (var (t, e) in cp.Tensors.Zip(gt.GetProperty("tensors").EnumerateArray()))
        {
            if (!e.TryGetProperty("sum", out var sumElement) || sumElement.ValueKind != JsonValueKind.Number) continue;
            var es = t.DType switch { "F64" or "I64" => 8, "F32" => 4, "F16" or "BF16" => 2, "BOOL" => 1, _ => 0 };
            Assert.NotEqual(0, es); // every dtype with a sum in the manifest is decoded here
            if (es == 0) continue;
            double sum = 0;
            foreach (var index in Indices(t.Shape))
            {
                long element = 0;
                for (var d = 0; d < index.Length; d++) element += index[d] * t.Stride![d];
                var at = (int)(t.ByteOffset + element * es);
                sum += t.DType switch
                {
                    "F64" => BitConverter.ToDouble(file, at),
                    "I64" => BitConverter.ToInt64(file, at),
                    "F32" => BitConverter.ToSingle(file, at),
                    "F16" => (double)BitConverter.ToHalf(file, at),
                    "BF16" => BitConverter.UInt32BitsToSingle((uint)BitConverter.ToUInt16(file, at) << 16),
                    _ => file[at],
                };
            }
            Assert.Equal(sumElement.GetDouble(), sum, Math.Max(1e-6, Math.Abs(sumElement.GetDouble()) * 1e-6));
        }
    }

    private static IEnumerable<long[]> Indices(IReadOnlyList<long> shape)
    {
        if (shape.Any(s => s == 0)) yield break;
        var index = new long[shape.Count];
        while (true)
        {
            yield return (long[])index.Clone();
            var d = shape.Count - 1;
            while (d >= 0 && ++index[d] == shape[d]) index[d--] = 0;
            if (d < 0) yield break;
        }
    }

    [Theory]
    [MemberData(nameof(Valid))]
    public async Task Reading_touches_only_the_header_records(string relative)
    {
        using var source = FileByteSource.Open(Fixtures.Path(relative));
        var cp = await new CheckpointInspector().InspectAsync(source, Run.Timeout());
        var dataBytes = cp.Storages.Sum(s => s.ByteLength);
        // Everything read is headers, the pickle and directory: far less than the file minus its storage data, plus the sniff.
        Assert.True(source.BytesRead <= source.Length - dataBytes + 64 + 65_557, $"read {source.BytesRead} of {source.Length} bytes ({dataBytes} are storage data)");
    }

    [Fact]
    public async Task Tied_weights_share_a_storage_and_are_reported()
    {
        var (cp, _) = await ReadAsync("pytorch/pytorch_model.bin");
        Assert.Contains(cp.Findings, f => f.Code == "PT_SHARED_STORAGE" && f.Severity == FindingSeverity.Info);
        var shared = cp.Tensors.GroupBy(t => t.StorageKey).Where(g => g.Count() > 1).ToList();
        Assert.NotEmpty(shared);
    }
}
