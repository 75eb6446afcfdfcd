using System.Buffers.Binary;
using System.IO.Hashing;
using ModelRelease.Core.Checkpoints;
using ModelRelease.Core.Checkpoints.Comparison;
using ModelRelease.Core.Tests.PyTorch;
using ModelRelease.Core.Tests.Safetensors;
using ModelRelease.Core.Tests.Support;

namespace ModelRelease.Core.Tests.Services;

/// <summary>
/// A .pt and a safetensors file of the same tensors compare as the same tensors: dtypes by canonical name, contents as
/// elements, whatever the byte order and wherever a view lies in its storage. The .pt is built here (views of shared
/// storages: a slice, a transposed view, every other element), the safetensors copy holds each tensor's elements,
/// gathered by this test's own loops.
/// </summary>
public sealed class CrossFormatCompareTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "mr-xformat-" + Guid.NewGuid().ToString("N"));

    public CrossFormatCompareTests() => Directory.CreateDirectory(_folder);

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }

    private sealed record Storage(string Key, string Class, int ElementSize, byte[] Bytes);

    private sealed record View(string Name, string Storage, long Offset, long[] Shape, long[] Stride, string Torch, string Canonical);

    private static readonly View[] Views =
    [
        new("a", "0", 0, [300], [1], "float32", "F32"),
        new("b", "1", 0, [20, 10], [10, 1], "float16", "F16"),
        new("c", "0", 100, [50], [1], "float32", "F32"),            // a slice of a larger storage
        new("t", "0", 0, [10, 30], [1, 10], "float32", "F32"),      // transposed
        new("e", "0", 1, [149], [2], "float32", "F32"),             // every other element
        new("d", "2", 0, [7], [1], "float64", "F64"),
        new("m", "3", 0, [4], [1], "int64", "I64"),
        new("flag", "4", 0, [3], [1], "bool", "BOOL"),
        new("h", "5", 0, [2, 3], [3, 1], "bfloat16", "BF16"),
    ];

    private static Storage[] Storages(int seed)
    {
        var rng = new Random(seed);
        byte[] Of(int n, Func<byte[]> one) => Enumerable.Range(0, n).SelectMany(_ => one()).ToArray();
        return
        [
            new("0", "FloatStorage", 4, Of(300, () => BitConverter.GetBytes((float)(rng.NextDouble() * 2 - 1)))),
            new("1", "HalfStorage", 2, Of(200, () => BitConverter.GetBytes((Half)(rng.NextDouble() * 2 - 1)))),
            new("2", "DoubleStorage", 8, Of(7, () => BitConverter.GetBytes(rng.NextDouble()))),
            new("3", "LongStorage", 8, Of(4, () => BitConverter.GetBytes(rng.NextInt64()))),
            new("4", "BoolStorage", 1, [1, 0, 1]),
            new("5", "BFloat16Storage", 2, Of(6, () => BitConverter.GetBytes((ushort)rng.Next(0x3F00, 0x4000)))),
        ];
    }

    /// <summary>The storage elements a view names, in row-major order.</summary>
    private static IEnumerable<long> ElementsOf(View v)
    {
        var index = new long[v.Shape.Length];
        if (v.Shape.Any(s => s == 0)) yield break;
        while (true)
        {
            long e = v.Offset;
            for (var d = 0; d < index.Length; d++) e += index[d] * v.Stride[d];
            yield return e;
            var k = index.Length - 1;
            while (k >= 0 && ++index[k] == v.Shape[k]) index[k--] = 0;
            if (k < 0) yield break;
        }
    }

    /// <summary>A view's elements, little-endian, as a safetensors file holds them.</summary>
    private static byte[] Gather(View v, Storage[] storages)
    {
        var s = storages.Single(x => x.Key == v.Storage);
        return ElementsOf(v).SelectMany(e => s.Bytes.AsSpan((int)(e * s.ElementSize), s.ElementSize).ToArray()).ToArray();
    }

    private static byte[] Reversed(Storage s)
    {
        var bytes = (byte[])s.Bytes.Clone();
        for (var i = 0; i < bytes.Length; i += s.ElementSize) Array.Reverse(bytes, i, s.ElementSize);
        return bytes;
    }

    private static byte[] Pt(Storage[] storages, bool bigEndian = false, IReadOnlySet<string>? deflate = null)
    {
        var pkl = new PickleWriter().Proto().OrderedDict().Mark();
        foreach (var v in Views)
        {
            var s = storages.Single(x => x.Key == v.Storage);
            pkl.Str(v.Name).Tensor(s.Class, s.Key, s.Bytes.Length / s.ElementSize, v.Offset, v.Shape, v.Stride);
        }
        var data = storages.ToDictionary(s => s.Key, s => bigEndian ? Reversed(s) : s.Bytes);
        return TorchZipBuilder.Build("archive", pkl.SetItems().Stop().ToArray(), data,
            extra: new Dictionary<string, byte[]> { ["archive/byteorder"] = bigEndian ? "big"u8.ToArray() : "little"u8.ToArray() }, deflate: deflate);
    }

    private static byte[] SafetensorsCopy(Storage[] storages, IReadOnlyDictionary<string, string>? metadata = null, IEnumerable<View>? views = null) =>
        SafetensorsWriter.Write((views ?? Views).Select(v => (v.Name, v.Canonical, v.Shape, Gather(v, storages))), metadata);

    private async Task<Checkpoint> Save(string name, byte[] bytes)
    {
        var path = Path.Combine(_folder, name);
        await File.WriteAllBytesAsync(path, bytes);
        return await new CheckpointInspector().InspectAsync(path, Run.Timeout());
    }

    private static Task<CheckpointComparison> Compare(Checkpoint a, Checkpoint b, bool content) =>
        new CheckpointComparer().CompareAsync(a, b, content, cancellationToken: Run.Timeout());

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_pt_and_its_safetensors_copy_hold_the_same_tensors(bool bigEndian)
    {
        var storages = Storages(7);
        var pt = await Save("model.pt", Pt(storages, bigEndian));
        var st = await Save("model.safetensors", SafetensorsCopy(storages));
        Assert.Equal(bigEndian ? "big" : "little", pt.ByteOrder);
        foreach (var v in Views)
        {
            var a = pt.Tensors.Single(t => t.Name == v.Name);
            var b = st.Tensors.Single(t => t.Name == v.Name);
            Assert.Equal((v.Canonical, v.Torch), (a.DType, a.FormatDType));
            Assert.Equal((v.Canonical, v.Canonical), (b.DType, b.FormatDType));
        }

        foreach (var (reference, difference) in new[] { (pt, st), (st, pt) })
        {
            var layout = await Compare(reference, difference, content: false);
            Assert.Empty(layout.Retyped);
            Assert.Empty(layout.Reshaped);
            Assert.Empty(layout.Added);
            Assert.Empty(layout.Removed);
            Assert.True(layout.FormatChanged);
            Assert.Equal(VersionBump.Patch, layout.ImpliedBump); // the same tensors in another format

            var content = await Compare(reference, difference, content: true);
            Assert.Empty(content.ContentChanged);
            Assert.Empty(content.ContentNotCompared);
            Assert.Equal(Views.Length, content.UnchangedCount);
            Assert.True(content.IsIdentical);
            Assert.Equal(VersionBump.Patch, content.ImpliedBump);
        }
    }

    [Theory]
    [InlineData(150, false)]
    [InlineData(151, false)]
    [InlineData(120, true)]
    public async Task One_changed_storage_element_changes_exactly_the_views_that_hold_it(int element, bool bigEndian)
    {
        var storages = Storages(3);
        var st = await Save("model.safetensors", SafetensorsCopy(storages));
        var changed = storages.Select(s => s with { Bytes = (byte[])s.Bytes.Clone() }).ToArray();
        BinaryPrimitives.WriteSingleLittleEndian(changed[0].Bytes.AsSpan(element * 4), 12345.5f);
        var pt = await Save("model.pt", Pt(changed, bigEndian));

        var comparison = await Compare(st, pt, content: true);

        var expected = Views.Where(v => v.Storage == "0" && ElementsOf(v).Contains(element)).Select(v => v.Name).ToList();
        Assert.Equal(expected, comparison.ContentChanged.Select(c => c.Name));
        Assert.Equal(Views.Length - expected.Count, comparison.UnchangedCount);
        Assert.Equal(VersionBump.Minor, comparison.ImpliedBump);
        // The fingerprints are XxHash128 of each side's elements, in row-major order, little-endian.
        foreach (var change in comparison.ContentChanged)
        {
            var view = Views.Single(v => v.Name == change.Name);
            Assert.Equal(Convert.ToHexStringLower(XxHash128.Hash(Gather(view, storages))), change.ReferenceFingerprint);
            Assert.Equal(Convert.ToHexStringLower(XxHash128.Hash(Gather(view, changed))), change.DifferenceFingerprint);
        }
    }

    [Fact]
    public async Task Added_tensors_are_minor_and_removed_ones_major()
    {
        var storages = Storages(5);
        var old = await Save("old.safetensors", SafetensorsCopy(storages, views: Views.Where(v => v.Name != "h")));
        var withHead = await Save("new.pt", Pt(storages));

        var grown = await Compare(old, withHead, content: true);
        Assert.Equal(["h"], grown.Added);
        Assert.Empty(grown.Removed);
        Assert.Empty(grown.ContentChanged);
        Assert.Equal(VersionBump.Minor, grown.ImpliedBump); // a new output head: new capability, the old outputs unchanged

        var shrunk = await Compare(withHead, old, content: true);
        Assert.Equal(["h"], shrunk.Removed);
        Assert.Equal(VersionBump.Major, shrunk.ImpliedBump);
    }

    [Fact]
    public async Task Other_metadata_alone_is_a_patch_and_nothing_is_none()
    {
        var storages = Storages(9);
        var pt = await Save("a.safetensors", SafetensorsCopy(storages, new Dictionary<string, string> { ["format"] = "pt", ["epoch"] = "3" }));
        var np = await Save("b.safetensors", SafetensorsCopy(storages, new Dictionary<string, string> { ["format"] = "np", ["step"] = "10" }));
        var same = await Save("c.safetensors", SafetensorsCopy(storages, new Dictionary<string, string> { ["epoch"] = "3", ["format"] = "pt" }));

        var other = await Compare(pt, np, content: true);
        Assert.Equal(["epoch", "format", "step"], other.MetadataChanged);
        Assert.True(other.IsIdentical);
        Assert.Equal(VersionBump.Patch, other.ImpliedBump);

        var none = await Compare(pt, same, content: true);
        Assert.Empty(none.MetadataChanged);
        Assert.False(none.FormatChanged);
        Assert.Equal(VersionBump.None, none.ImpliedBump);
    }

    [Fact]
    public async Task A_sharded_pt_set_and_a_sharded_safetensors_set_of_the_same_tensors_compare_by_their_folders()
    {
        var storages = Storages(13);
        var pt = Directory.CreateDirectory(Path.Combine(_folder, "pt")).FullName;
        var st = Directory.CreateDirectory(Path.Combine(_folder, "st")).FullName;
        // PyTorch: storages 0 and 1 (a, b, c, t, e) in the first shard, the rest in the second.
        var ptShards = new[] { ("pytorch_model-00001-of-00002.bin", new[] { "0", "1" }), ("pytorch_model-00002-of-00002.bin", new[] { "2", "3", "4", "5" }) };
        var ptMap = new Dictionary<string, string>();
        foreach (var (file, keys) in ptShards)
        {
            var pkl = new PickleWriter().Proto().OrderedDict().Mark();
            foreach (var v in Views.Where(v => keys.Contains(v.Storage)))
            {
                var s = storages.Single(x => x.Key == v.Storage);
                pkl.Str(v.Name).Tensor(s.Class, s.Key, s.Bytes.Length / s.ElementSize, v.Offset, v.Shape, v.Stride);
                ptMap[v.Name] = file;
            }
            var data = storages.Where(x => keys.Contains(x.Key)).ToDictionary(x => x.Key, x => x.Bytes);
            await File.WriteAllBytesAsync(Path.Combine(pt, file), TorchZipBuilder.Build("archive", pkl.SetItems().Stop().ToArray(), data));
        }
        await File.WriteAllTextAsync(Path.Combine(pt, "pytorch_model.bin.index.json"), System.Text.Json.JsonSerializer.Serialize(new { metadata = new { total_size = storages.Sum(x => x.Bytes.Length) }, weight_map = ptMap }));
        // safetensors: three shards, split otherwise.
        var stMap = new Dictionary<string, string>();
        var groups = Views.Select((v, i) => (v, i)).GroupBy(x => x.i % 3).ToList();
        foreach (var g in groups)
        {
            var file = $"model-{g.Key + 1:D5}-of-{groups.Count:D5}.safetensors";
            foreach (var (v, _) in g) stMap[v.Name] = file;
            await File.WriteAllBytesAsync(Path.Combine(st, file), SafetensorsCopy(storages, views: g.Select(x => x.v)));
        }
        await File.WriteAllTextAsync(Path.Combine(st, "model.safetensors.index.json"), System.Text.Json.JsonSerializer.Serialize(new { metadata = new { total_size = storages.Sum(x => x.Bytes.Length) }, weight_map = stMap }));

        var inspector = new CheckpointInspector();
        var left = await inspector.InspectOneAsync(pt, Run.Timeout());
        var right = await inspector.InspectOneAsync(st, Run.Timeout());
        Assert.Equal((2, 3), (left.Shards.Count, right.Shards.Count));

        var comparison = await Compare(left, right, content: true);

        Assert.True(comparison.IsIdentical);
        Assert.Equal(Views.Length, comparison.UnchangedCount);
        Assert.Empty(comparison.ContentNotCompared);
        Assert.Equal(VersionBump.Patch, comparison.ImpliedBump);
    }

    [Fact]
    public async Task Tensors_in_a_compressed_record_are_reported_as_not_compared()
    {
        var stored = await Save("stored.pt", TorchZipBuilder.StateDict(seed: 4));
        var deflated = await Save("deflated.pt", TorchZipBuilder.StateDict(seed: 4, deflate: new HashSet<string> { "archive/data/0" }));

        var comparison = await Compare(stored, deflated, content: true);

        // "a" and "c" view storage 0, whose record is deflated: their bytes cannot be read in place.
        Assert.Equal(["a", "c"], comparison.ContentNotCompared);
        Assert.Empty(comparison.ContentChanged);
        Assert.Equal(stored.Tensors.Count - 2, comparison.UnchangedCount);
    }

    [Fact]
    public async Task The_zip_and_legacy_fixtures_of_one_state_dict_are_the_same_tensors()
    {
        var inspector = new CheckpointInspector();
        var zip = await inspector.InspectAsync(Fixtures.Path("pytorch/pytorch_model.bin"), Run.Timeout());
        var legacy = await inspector.InspectAsync(Fixtures.Path("pytorch/pytorch_model_legacy.bin"), Run.Timeout());
        Assert.Contains(zip.Tensors, t => t.Stride is { } s && !TensorLayout.IsRowMajor(t.Shape, s)); // a strided view is among them

        var comparison = await Compare(zip, legacy, content: true);

        Assert.True(comparison.IsIdentical);
        Assert.Empty(comparison.ContentNotCompared);
        Assert.Equal(zip.TensorCount, comparison.UnchangedCount);
        Assert.Equal((CheckpointFormat.PyTorch, CheckpointFormat.PyTorchLegacy), (comparison.ReferenceFormat, comparison.DifferenceFormat));
        Assert.Empty(comparison.MetadataChanged); // neither file has non-tensor values (manifest: non_tensor_leaves {})
        Assert.Equal(VersionBump.Patch, comparison.ImpliedBump);
    }

    [Fact]
    public async Task The_torch_fixture_and_a_safetensors_copy_of_it_are_the_same_tensors()
    {
        var path = Fixtures.Path("pytorch/pytorch_model.bin");
        var pt = await new CheckpointInspector().InspectAsync(path, Run.Timeout());
        var file = await File.ReadAllBytesAsync(path);
        var copy = pt.Tensors.Select(t =>
        {
            var size = t.DType switch { "F64" or "I64" => 8, "F32" => 4, "F16" or "BF16" => 2, _ => throw new InvalidOperationException(t.DType) };
            var view = new View(t.Name, "", 0, t.Shape.ToArray(), t.Stride!.ToArray(), t.FormatDType, t.DType);
            var bytes = ElementsOf(view).SelectMany(e => file.AsSpan((int)(t.ByteOffset + e * size), size).ToArray()).ToArray();
            return (t.Name, t.DType, t.Shape.ToArray(), bytes);
        });
        var st = await Save("model.safetensors", SafetensorsWriter.Write(copy));

        var comparison = await Compare(pt, st, content: true);

        Assert.Empty(comparison.Retyped);
        Assert.True(comparison.IsIdentical);
        Assert.Equal(pt.TensorCount, comparison.UnchangedCount);
        Assert.Equal(VersionBump.Patch, comparison.ImpliedBump);
    }

    [Fact]
    public async Task A_single_file_and_its_sharded_set_are_the_same_tensors()
    {
        var inspector = new CheckpointInspector();
        var single = await inspector.InspectOneAsync(Fixtures.Path("safetensors/fluxml_model.safetensors"), Run.Timeout());
        var sharded = await inspector.InspectOneAsync(Fixtures.Path("safetensors/fluxml_sharded"), Run.Timeout()); // the folder
        Assert.NotEmpty(sharded.Shards);

        var comparison = await Compare(single, sharded, content: true);

        Assert.True(comparison.IsIdentical); // manifest: all 36 tensors byte-identical
        Assert.Equal(single.TensorCount, comparison.UnchangedCount);
        // The single file has no __metadata__; the set's metadata comes from its index and shards (manifest).
        var expected = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var f in Fixtures.Files.Where(f => f.GetProperty("file").GetString()!.StartsWith("safetensors/fluxml_sharded/", StringComparison.Ordinal)))
        {
            if (f.GetProperty("ground_truth").TryGetProperty("metadata", out var m) && m.ValueKind == System.Text.Json.JsonValueKind.Object)
            {
                foreach (var p in m.EnumerateObject()) expected.Add(p.Name);
            }
        }
        Assert.Equal(expected, comparison.MetadataChanged);
        Assert.Equal(expected.Count > 0 ? VersionBump.Patch : VersionBump.None, comparison.ImpliedBump);
    }
}
