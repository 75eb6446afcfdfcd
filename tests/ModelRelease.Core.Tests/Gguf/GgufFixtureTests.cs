using System.Text.Json;
using ModelRelease.Core.Checkpoints;
using ModelRelease.Core.Checkpoints.Gguf;
using ModelRelease.Core.Tests.Safetensors;
using ModelRelease.Core.Tests.Support;

namespace ModelRelease.Core.Tests.Gguf;

/// <summary>Every valid GGUF fixture checked against MANIFEST.json ground truth (gguf-py 0.9.0).</summary>
public class GgufFixtureTests
{
    public static TheoryData<string> Files => Fixtures.TheoryOf("gguf");

    [Theory]
    [MemberData(nameof(Files))]
    public async Task Reads_every_fixture_as_the_manifest_describes(string file)
    {
        var entry = Fixtures.Entry(file);
        var truth = entry.GetProperty("ground_truth");
        var ckpt = await new CheckpointInspector().InspectAsync(Fixtures.Path(file), Run.Timeout());

        Assert.Equal(CheckpointFormat.Gguf, ckpt.Format);
        Assert.Equal(entry.GetProperty("size_bytes").GetInt64(), ckpt.Length);
        Assert.Equal(truth.GetProperty("gguf_version").GetInt64(), ckpt.FormatVersion);
        Assert.Equal(truth.GetProperty("byte_order").GetString(), ckpt.ByteOrder);
        Assert.Equal(truth.GetProperty("data_section_start").GetInt64(), ckpt.DataOffset);
        Assert.Equal(truth.GetProperty("tensor_count").GetInt32(), ckpt.TensorCount);
        Assert.Equal(truth.GetProperty("total_elements").GetInt64(), ckpt.ParameterCount);
        Assert.Equal(truth.GetProperty("total_tensor_bytes").GetInt64(), ckpt.Tensors.Sum(t => t.ByteLength));
        Assert.Empty(ckpt.Shards);
        Assert.DoesNotContain(ckpt.Findings, f => f.Severity != FindingSeverity.Info);

        // Alignment: the data section and every tensor offset are multiples of it.
        var alignment = truth.GetProperty("alignment").GetInt64();
        Assert.Equal(alignment, ckpt.Metadata.TryGetValue("general.alignment", out var a) ? Convert.ToInt64(a) : 32);
        Assert.Equal(0, ckpt.DataOffset!.Value % alignment);
        Assert.All(ckpt.Tensors, t => Assert.Equal(0, (t.ByteOffset - ckpt.DataOffset.Value) % alignment));

        // Metadata: count, order, types and values.
        var metadata = truth.GetProperty("metadata");
        Assert.Equal(truth.GetProperty("kv_count").GetInt32(), ckpt.Metadata.Count);
        Assert.Equal(truth.GetProperty("metadata_keys_count").GetInt32(), ckpt.Metadata.Count);
        Assert.Equal(metadata.EnumerateObject().Select(p => p.Name), ckpt.Metadata.Keys);
        foreach (var p in metadata.EnumerateObject()) AssertValue(p.Name, p.Value, ckpt.Metadata[p.Name]);

        var fileType = (uint)ckpt.Metadata["general.file_type"]!;
        Assert.Equal(GgufFileType.Name(fileType), ckpt.FileType);

        // Tensors in stored order.
        var expected = truth.GetProperty("tensors").EnumerateArray().ToList();
        Assert.Equal(expected.Select(t => t.GetProperty("name").GetString()), ckpt.Tensors.Select(t => t.Name));
        for (var i = 0; i < expected.Count; i++)
        {
            var e = expected[i];
            var t = ckpt.Tensors[i];
            Assert.Equal(e.GetProperty("ggml_type").GetString(), t.DType);
            Assert.Equal((uint)e.GetProperty("ggml_type_id").GetInt32(), GgmlType.FindByName(t.DType)!.Id);
            Assert.Equal(e.GetProperty("shape_row_major").EnumerateArray().Select(d => d.GetInt64()), t.Shape);
            Assert.Equal(e.GetProperty("ne").EnumerateArray().Select(d => d.GetInt64()).Reverse(), t.Shape);
            Assert.Equal(e.GetProperty("n_elements").GetInt64(), t.ElementCount);
            Assert.Equal(e.GetProperty("n_bytes").GetInt64(), t.ByteLength);
            Assert.Equal(e.GetProperty("absolute_offset").GetInt64(), t.ByteOffset);
            Assert.Equal(ckpt.DataOffset + e.GetProperty("offset_in_data_section").GetInt64(), t.ByteOffset);
            Assert.Null(t.File);
        }
        SafetensorsFixtureTests.AssertGroups(truth.GetProperty("elements_by_ggml_type"), ckpt.Tensors.GroupBy(t => t.DType));
        SafetensorsFixtureTests.AssertGroups(truth.GetProperty("elements_by_group"), ckpt.Tensors.GroupBy(t => t.Name.Split('.')[0]));
        await SafetensorsFixtureTests.AssertHashesAsync(ckpt, expected);
    }

    [Theory]
    [InlineData("gguf/tiny-llama-q4km-mix.gguf", "MOSTLY_Q4_K_M")]
    [InlineData("gguf/basic-types.gguf", "ALL_F32")]
    [InlineData("gguf/ollama_llama-2-tiny-random.gguf", "MOSTLY_F16")]
    public async Task File_type_is_shown_by_its_llama_cpp_name(string file, string name)
    {
        var ckpt = await new CheckpointInspector().InspectAsync(Fixtures.Path(file));
        Assert.Equal(name, ckpt.FileType);
    }

    private static void AssertValue(string key, JsonElement e, object? actual)
    {
        var type = e.GetProperty("type").GetString();
        if (type == "ARRAY")
        {
            var array = Assert.IsAssignableFrom<Array>(actual);
            Assert.Equal(e.GetProperty("length").GetInt32(), array.Length);
            var elementType = e.GetProperty("element_type").GetString()!;
            Assert.Equal(ClrType(elementType), array.GetType().GetElementType());
            var first = e.GetProperty("first_values").EnumerateArray().ToList();
            for (var i = 0; i < first.Count; i++) AssertScalar(key, elementType, first[i], array.GetValue(i));
            return;
        }
        Assert.IsType(ClrType(type!), actual);
        AssertScalar(key, type!, e.GetProperty("value"), actual);
        if (type == "STRING") Assert.Equal(e.GetProperty("length_bytes").GetInt32(), System.Text.Encoding.UTF8.GetByteCount((string)actual!));
    }

    private static void AssertScalar(string key, string type, JsonElement v, object? actual)
    {
        object expected = type switch
        {
            "UINT8" => v.GetByte(),
            "INT8" => v.GetSByte(),
            "UINT16" => v.GetUInt16(),
            "INT16" => v.GetInt16(),
            "UINT32" => v.GetUInt32(),
            "INT32" => v.GetInt32(),
            "FLOAT32" => (float)v.GetDouble(),
            "UINT64" => v.GetUInt64(),
            "INT64" => v.GetInt64(),
            "FLOAT64" => v.GetDouble(),
            "BOOL" => v.GetBoolean(),
            "STRING" => v.GetString()!,
            _ => throw new InvalidOperationException(type),
        };
        Assert.True(Equals(expected, actual), $"{key}: expected {expected} ({type}), read {actual}");
    }

    private static Type ClrType(string type) => type switch
    {
        "UINT8" => typeof(byte),
        "INT8" => typeof(sbyte),
        "UINT16" => typeof(ushort),
        "INT16" => typeof(short),
        "UINT32" => typeof(uint),
        "INT32" => typeof(int),
        "FLOAT32" => typeof(float),
        "UINT64" => typeof(ulong),
        "INT64" => typeof(long),
        "FLOAT64" => typeof(double),
        "BOOL" => typeof(bool),
        "STRING" => typeof(string),
        _ => throw new InvalidOperationException(type),
    };
}
