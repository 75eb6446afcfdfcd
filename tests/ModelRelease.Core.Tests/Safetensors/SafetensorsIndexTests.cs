using ModelRelease.Core.Checkpoints;
using ModelRelease.Core.Checkpoints.Common;
using ModelRelease.Core.Checkpoints.Safetensors;
using ModelRelease.Core.Tests.Support;

namespace ModelRelease.Core.Tests.Safetensors;

/// <summary>Sharded safetensors sets read through crafted index files and in-memory shards.</summary>
public class SafetensorsIndexTests
{
    private const string Index = "m/model.safetensors.index.json";
    private const string Shard1 = "model-00001-of-00002.safetensors";
    private const string Shard2 = "model-00002-of-00002.safetensors";

    private static byte[] One => SafetensorsBytes.Make("{\"__metadata__\":{\"format\":\"pt\"},\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"U8\",\"shape\":[3],\"data_offsets\":[8,11]}}", 11);
    private static byte[] Two => SafetensorsBytes.Make("{\"__metadata__\":{\"format\":\"pt\"},\"c\":{\"dtype\":\"BF16\",\"shape\":[2,2],\"data_offsets\":[0,8]}}", 8);

    private static Dictionary<string, byte[]> Shards(byte[]? one = null, byte[]? two = null) => new()
    {
        ["m/" + Shard1] = one ?? One,
        ["m/" + Shard2] = two ?? Two,
    };

    private static byte[] IndexJson(string weightMap, string metadata = "{\"total_size\":19}") =>
        System.Text.Encoding.UTF8.GetBytes($"{{\n  \"metadata\": {metadata},\n  \"weight_map\": {weightMap}\n}}\n");

    private static readonly string Map = $"{{\"a\":\"{Shard1}\",\"c\":\"{Shard2}\",\"b\":\"{Shard1}\"}}";

    private static async Task<CheckpointFormatException> FailsAsync(byte[] index, Dictionary<string, byte[]> shards, string code, long? offset, string? tensor, string name = Index)
    {
        var ex = await Assert.ThrowsAsync<CheckpointFormatException>(() => BadInput.ReadAsync(name, index, shards));
        Assert.True(code == ex.Code, $"expected {code}, got {ex.Code}: {ex.Message}");
        Assert.Equal(name, ex.FilePath);
        Assert.Equal(offset, ex.Offset);
        Assert.Equal(tensor, ex.Tensor);
        return ex;
    }

    [Fact]
    public async Task Reads_the_set_as_one_checkpoint()
    {
        var ckpt = await BadInput.ReadAsync(Index, IndexJson(Map), Shards());
        Assert.Equal(CheckpointFormat.Safetensors, ckpt.Format);
        Assert.Equal(Index, ckpt.Path);
        Assert.Equal(["a", "b", "c"], ckpt.Tensors.Select(t => t.Name)); // shard by shard, header order
        Assert.Equal(["m/" + Shard1, "m/" + Shard1, "m/" + Shard2], ckpt.Tensors.Select(t => t.File));
        Assert.Equal(["m/" + Shard1, "m/" + Shard2], ckpt.Shards.Select(s => s.Path));
        Assert.Equal([2, 1], ckpt.Shards.Select(s => s.TensorCount));
        Assert.Equal(One.Length + Two.Length, ckpt.Length);
        Assert.Equal(9, ckpt.ParameterCount);
        Assert.Equal(19L, ckpt.Metadata["total_size"]);
        Assert.Equal("pt", ckpt.Metadata["format"]);
        Assert.Empty(ckpt.Findings);
        Assert.Null(ckpt.DataOffset);
        // Offsets are absolute within each shard.
        Assert.Equal(One.Length - 11, ckpt.Tensors[0].ByteOffset);
        Assert.Equal(One.Length - 3, ckpt.Tensors[1].ByteOffset);
        Assert.Equal(Two.Length - 8, ckpt.Tensors[2].ByteOffset);
    }

    [Fact]
    public async Task Diffusers_index_names_are_recognized()
    {
        const string name = "unet/diffusion_pytorch_model.safetensors.index.json";
        var shards = new Dictionary<string, byte[]> { ["unet/" + Shard1] = One, ["unet/" + Shard2] = Two };
        var ckpt = await BadInput.ReadAsync(name, IndexJson(Map), shards);
        Assert.Equal(3, ckpt.TensorCount);
        Assert.False(new SafetensorsIndexReader().Recognizes("{}"u8, "model.safetensors"));
        Assert.False(new SafetensorsIndexReader().Recognizes("{}"u8, "pytorch_model.bin.index.json"));
    }

    public static TheoryData<string, string?> BadIndexes => new()
    {
        // index text, token at which the error is reported (null: offset 0)
        { "[]", "[" },
        { "{\"metadata\":{}}", null },
        { "{\"weight_map\":[]}", "[]" },
        { "{\"weight_map\":{\"a\":1}}", "1}" },
        { "{\"weight_map\":{\"a\":null}}", "null" },
        { "{\"metadata\":[],\"weight_map\":{}}", "[]" },
        { "{\"weight_map\":{\"a\":\"x\",}}", "}}" },
        { "{\"weight_map\":{}} {}", "{}" },
    };

    [Theory]
    [MemberData(nameof(BadIndexes))]
    public async Task Malformed_indexes_are_ST_INDEX_JSON(string text, string? at)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(text);
        long offset = at is null ? 0 : text.LastIndexOf(at, StringComparison.Ordinal);
        if (text.EndsWith("} {}", StringComparison.Ordinal)) offset = text.Length - 2;
        var tensor = text.Contains("\"a\":1", StringComparison.Ordinal) || text.Contains("\"a\":null", StringComparison.Ordinal) ? "a" : null;
        await FailsAsync(bytes, Shards(), SafetensorsCodes.IndexJson, offset, tensor);
    }

    [Fact]
    public async Task Invalid_utf8_index_is_ST_INDEX_JSON()
    {
        var bytes = IndexJson(Map);
        bytes[5] = 0xC3;
        bytes[6] = 0x28;
        await FailsAsync(bytes, Shards(), SafetensorsCodes.IndexJson, 5, null);
    }

    [Fact]
    public async Task Duplicate_weight_map_entries_are_ST_DUPLICATE_KEY()
    {
        var text = $"{{\"weight_map\":{{\"a\":\"{Shard1}\",\"a\":\"{Shard2}\"}}}}";
        await FailsAsync(System.Text.Encoding.UTF8.GetBytes(text), Shards(), SafetensorsCodes.DuplicateKey, text.LastIndexOf("\"a\"", StringComparison.Ordinal), "a");
    }

    [Theory]
    [InlineData("../model-00001-of-00002.safetensors")]
    [InlineData("sub/../../etc/passwd")]
    [InlineData("/etc/passwd")]
    [InlineData("\\\\server\\share\\x.safetensors")]
    [InlineData("C:\\x.safetensors")]
    [InlineData("https://evil.example/x.safetensors")]
    [InlineData("")]
    public async Task Unsafe_shard_names_are_refused_before_opening_anything(string shard)
    {
        var text = $"{{\"weight_map\":{{\"a\":{System.Text.Json.JsonSerializer.Serialize(shard)}}}}}";
        var ex = await FailsAsync(System.Text.Encoding.UTF8.GetBytes(text), [], SafetensorsCodes.IndexUnsafeName, text.IndexOf(":\"", StringComparison.Ordinal) + 1, null);
        Assert.Equal(CheckpointErrorKind.Unsafe, ex.CheckpointErrorKind);
    }

    [Fact]
    public async Task Missing_shards_are_ST_INDEX_MISSING_SHARD()
    {
        var shards = Shards();
        shards.Remove("m/" + Shard2);
        var text = IndexJson(Map);
        var ex = await FailsAsync(text, shards, SafetensorsCodes.IndexMissingShard, SafetensorsBytes.OffsetOf(text, "\"c\""), "c");
        Assert.Equal(CheckpointErrorKind.NotFound, ex.CheckpointErrorKind);
        Assert.Contains(Shard2, ex.Detail);
    }

    [Fact]
    public async Task A_mapped_tensor_absent_from_its_shard_is_ST_INDEX_TENSOR_NOT_IN_SHARD()
    {
        var map = $"{{\"a\":\"{Shard1}\",\"c\":\"{Shard1}\",\"b\":\"{Shard2}\"}}"; // c is really in shard 2 (and b in shard 1)
        var text = IndexJson(map);
        var ex = await FailsAsync(text, Shards(), SafetensorsCodes.IndexTensorNotInShard, SafetensorsBytes.OffsetOf(text, "\"c\""), "c");
        Assert.Contains(Shard2, ex.Detail);
    }

    [Fact]
    public async Task A_shard_tensor_missing_from_the_map_is_ST_INDEX_UNMAPPED_TENSOR()
    {
        var map = $"{{\"a\":\"{Shard1}\",\"c\":\"{Shard2}\"}}"; // b is not mapped
        await FailsAsync(IndexJson(map), Shards(), SafetensorsCodes.IndexUnmappedTensor, null, "b");
    }

    [Fact]
    public async Task A_tensor_in_two_shards_is_ST_INDEX_DUPLICATE_TENSOR()
    {
        var two = SafetensorsBytes.Make("{\"c\":{\"dtype\":\"BF16\",\"shape\":[2,2],\"data_offsets\":[0,8]},\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,16]}}", 16);
        var text = IndexJson(Map);
        var ex = await FailsAsync(text, Shards(two: two), SafetensorsCodes.IndexDuplicateTensor, SafetensorsBytes.OffsetOf(text, "\"a\""), "a");
        Assert.Contains(Shard1, ex.Detail);
        Assert.Contains(Shard2, ex.Detail);
    }

    [Fact]
    public async Task A_total_size_mismatch_is_a_warning()
    {
        var text = IndexJson(Map, "{\"total_size\":99}");
        var ckpt = await BadInput.ReadAsync(Index, text, Shards());
        var f = Assert.Single(ckpt.Findings);
        Assert.Equal(SafetensorsCodes.IndexTotalSize, f.Code);
        Assert.Equal(FindingSeverity.Warning, f.Severity);
        Assert.Equal(SafetensorsBytes.OffsetOf(text, "99"), f.Offset);
        Assert.Contains("19 bytes", f.Message);

        ckpt = await BadInput.ReadAsync(Index, IndexJson(Map, "{\"total_size\":\"19\",\"total_parameters\":9}"), Shards());
        Assert.Equal(SafetensorsCodes.IndexTotalSize, Assert.Single(ckpt.Findings).Code);
        Assert.Equal(9L, ckpt.Metadata["total_parameters"]);
    }

    [Fact]
    public async Task Conflicting_shard_metadata_is_noted_and_the_first_value_kept()
    {
        var two = SafetensorsBytes.Make("{\"__metadata__\":{\"format\":\"np\"},\"c\":{\"dtype\":\"BF16\",\"shape\":[2,2],\"data_offsets\":[0,8]}}", 8);
        var ckpt = await BadInput.ReadAsync(Index, IndexJson(Map), Shards(two: two));
        Assert.Equal("pt", ckpt.Metadata["format"]);
        var f = Assert.Single(ckpt.Findings);
        Assert.Equal(SafetensorsCodes.IndexMetadataConflict, f.Code);
        Assert.Equal("m/" + Shard2, f.Path);
    }

    [Fact]
    public async Task Shard_findings_are_carried_with_the_shard_path()
    {
        var two = SafetensorsBytes.Make("  {\"c\":{\"dtype\":\"BF16\",\"shape\":[2,2],\"data_offsets\":[0,8]}}", 8);
        var ckpt = await BadInput.ReadAsync(Index, IndexJson(Map), Shards(two: two));
        var f = Assert.Single(ckpt.Findings);
        Assert.Equal(SafetensorsCodes.HeaderLeadingWhitespace, f.Code);
        Assert.Equal("m/" + Shard2, f.Path);
    }

    [Fact]
    public async Task Reads_only_the_headers_of_huge_shards()
    {
        const long data = 3L << 30;
        var header = SafetensorsBytes.Make("{\"w\":{\"dtype\":\"U8\",\"shape\":[3221225472],\"data_offsets\":[0,3221225472]}}", 0);
        var header2 = SafetensorsBytes.Make("{\"v\":{\"dtype\":\"U8\",\"shape\":[3221225472],\"data_offsets\":[0,3221225472]}}", 0);
        var index = IndexJson($"{{\"w\":\"{Shard1}\",\"v\":\"{Shard2}\"}}", "{\"total_size\":6442450944}");
        var opener = new VirtualOpener(new Dictionary<string, Func<ByteSource>>
        {
            ["m/" + Shard1] = () => new LargeVirtualFile("m/" + Shard1, header, header.Length + data),
            ["m/" + Shard2] = () => new LargeVirtualFile("m/" + Shard2, header2, header2.Length + data),
        });
        using var source = new MemoryByteSource(Index, index);
        var ckpt = await new SafetensorsIndexReader().ReadAsync(source, new CheckpointReadContext { Opener = opener }, Run.Timeout());
        Assert.Equal(2 * data, ckpt.ParameterCount);
        Assert.Empty(ckpt.Findings);
        Assert.Equal([header.Length, header2.Length], opener.Opened.Select(s => s.BytesRead));
    }

    [Fact]
    public async Task Index_limits_are_ST_INDEX_JSON()
    {
        var opener = new MemoryByteSourceOpener(Shards());
        var small = new CheckpointReadContext { Opener = opener, Limits = CheckpointReaderLimits.Default with { MaxIndexJsonBytes = 16 } };
        using (var source = new MemoryByteSource(Index, IndexJson(Map)))
        {
            var ex = await Assert.ThrowsAsync<CheckpointFormatException>(() => new SafetensorsIndexReader().ReadAsync(source, small, Run.Timeout()));
            Assert.Equal((SafetensorsCodes.IndexJson, 0L), (ex.Code, ex.Offset!.Value));
        }
        var oneShard = new CheckpointReadContext { Opener = opener, Limits = CheckpointReaderLimits.Default with { MaxShards = 1 } };
        using (var source = new MemoryByteSource(Index, IndexJson(Map)))
        {
            var ex = await Assert.ThrowsAsync<CheckpointFormatException>(() => new SafetensorsIndexReader().ReadAsync(source, oneShard, Run.Timeout()));
            Assert.Equal(SafetensorsCodes.IndexJson, ex.Code);
            Assert.Contains("2 shard files", ex.Detail);
        }
    }
}
