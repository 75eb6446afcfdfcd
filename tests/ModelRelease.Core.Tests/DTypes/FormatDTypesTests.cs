using ModelRelease.Core.Checkpoints;
using ModelRelease.Core.Checkpoints.DTypes;
using ModelRelease.Core.Checkpoints.Gguf;
using ModelRelease.Core.Checkpoints.Onnx;
using ModelRelease.Core.Checkpoints.PyTorch;
using ModelRelease.Core.Checkpoints.Safetensors;
using ModelRelease.Core.Tests.Support;

namespace ModelRelease.Core.Tests.DTypes;

/// <summary>Every format's dtype list has its canonical name, and one element type has one name whatever the format.</summary>
public class FormatDTypesTests
{
    [Fact]
    public void Every_safetensors_dtype_is_its_own_canonical_name_with_its_size()
    {
        Assert.Equal(SafetensorsDType.All.Count, FormatDTypes.Safetensors.Count);
        foreach (var d in SafetensorsDType.All)
        {
            Assert.Equal(d.Name, FormatDTypes.Canonical(CheckpointFormat.Safetensors, d.Name));
            var canonical = CanonicalDType.Find(d.Name);
            Assert.NotNull(canonical);
            Assert.Equal(d.Bits % 8 == 0 ? d.Bits / 8 : 0, canonical.ElementBytes);
        }
    }

    [Fact]
    public void Every_ggml_type_has_a_canonical_name_and_the_plain_ones_are_the_safetensors_names()
    {
        Assert.Equal(GgmlType.All.Count, FormatDTypes.Gguf.Count);
        foreach (var t in GgmlType.All)
        {
            var name = FormatDTypes.Canonical(CheckpointFormat.Gguf, t.Name);
            Assert.Equal(t.Name, name);
            var canonical = CanonicalDType.Find(name);
            Assert.NotNull(canonical);
            if (t.BlockSize == 1)
            {
                Assert.NotNull(SafetensorsDType.Find(name)); // F32, F16, BF16, F64, I8…I64: the same names as safetensors
                Assert.Equal(t.TypeSize, canonical.ElementBytes);
            }
            else
            {
                Assert.Equal(0, canonical.ElementBytes); // a block type: no per-element size
            }
        }
    }

    [Fact]
    public void Every_torch_dtype_has_an_entry_and_known_ones_keep_their_size()
    {
        var all = TorchDType.All;
        Assert.Equal(all.Select(d => d.Name).Order(StringComparer.Ordinal), FormatDTypes.PyTorch.Keys.Order(StringComparer.Ordinal));
        foreach (var d in all)
        {
            var name = FormatDTypes.Canonical(CheckpointFormat.PyTorch, d.Name);
            Assert.True(CanonicalDType.IsCanonical(name), name);
            Assert.Equal(name, FormatDTypes.Canonical(CheckpointFormat.PyTorchLegacy, d.Name));
            if (CanonicalDType.Find(name) is { ElementBytes: > 0 } canonical) Assert.Equal(d.ElementSize, canonical.ElementBytes);
            else Assert.Equal(CanonicalDType.Unknown(d.Name), name);
        }
    }

    [Fact]
    public void Every_onnx_data_type_has_an_entry_with_its_size()
    {
        for (var id = 1L; OnnxDataType.IsKnown(id); id++)
        {
            var onnx = OnnxDataType.Name(id);
            Assert.True(FormatDTypes.Onnx.ContainsKey(onnx), onnx);
            var name = FormatDTypes.Canonical(CheckpointFormat.Onnx, onnx);
            Assert.True(CanonicalDType.IsCanonical(name), name);
            var bits = OnnxDataType.Bits(id);
            if (SafetensorsDType.Find(name) is { } st) Assert.Equal(st.Bits, bits);
            if (CanonicalDType.Find(name) is { ElementBytes: > 0 } sized) Assert.Equal(bits, sized.ElementBytes * 8);
        }
        Assert.Equal(FormatDTypes.Onnx.Count, Enumerable.Range(1, 100).Count(i => OnnxDataType.IsKnown(i)));
    }

    [Theory]
    [InlineData(CheckpointFormat.Safetensors, "F9")]
    [InlineData(CheckpointFormat.Gguf, "GGML_TYPE_99")]
    [InlineData(CheckpointFormat.PyTorch, "float128")]
    [InlineData(CheckpointFormat.Onnx, "DATA_TYPE_40")]
    public void A_name_no_table_knows_is_UNKNOWN_with_the_name_inside(CheckpointFormat format, string formatName)
    {
        var name = FormatDTypes.Canonical(format, formatName);
        Assert.Equal($"UNKNOWN({formatName})", name);
        Assert.True(CanonicalDType.IsUnknown(name));
        Assert.Null(CanonicalDType.Find(name));
    }

    /// <summary>The same element type, spelled by each format that has it (written out here, from each format's documentation).</summary>
    [Theory]
    [InlineData("F64", "F64", "F64", "float64", "DOUBLE")]
    [InlineData("F32", "F32", "F32", "float32", "FLOAT")]
    [InlineData("F16", "F16", "F16", "float16", "FLOAT16")]
    [InlineData("BF16", "BF16", "BF16", "bfloat16", "BFLOAT16")]
    [InlineData("I64", "I64", "I64", "int64", "INT64")]
    [InlineData("I32", "I32", "I32", "int32", "INT32")]
    [InlineData("I16", "I16", "I16", "int16", "INT16")]
    [InlineData("I8", "I8", "I8", "int8", "INT8")]
    [InlineData("U8", "U8", null, "uint8", "UINT8")]
    [InlineData("U16", "U16", null, "uint16", "UINT16")]
    [InlineData("U32", "U32", null, "uint32", "UINT32")]
    [InlineData("U64", "U64", null, "uint64", "UINT64")]
    [InlineData("BOOL", "BOOL", null, "bool", "BOOL")]
    [InlineData("C64", "C64", null, "complex64", "COMPLEX64")]
    [InlineData("C128", null, null, "complex128", "COMPLEX128")]
    [InlineData("F8_E4M3", "F8_E4M3", null, "float8_e4m3fn", "FLOAT8E4M3FN")]
    [InlineData("F8_E5M2", "F8_E5M2", null, "float8_e5m2", "FLOAT8E5M2")]
    [InlineData("F8_E4M3FNUZ", "F8_E4M3FNUZ", null, "float8_e4m3fnuz", "FLOAT8E4M3FNUZ")]
    [InlineData("F8_E5M2FNUZ", "F8_E5M2FNUZ", null, "float8_e5m2fnuz", "FLOAT8E5M2FNUZ")]
    [InlineData("F8_E8M0", "F8_E8M0", null, "float8_e8m0fnu", "FLOAT8E8M0")]
    public void One_element_type_has_one_name_in_every_format(string canonical, string? safetensors, string? gguf, string torch, string onnx)
    {
        Assert.NotNull(CanonicalDType.Find(canonical));
        if (safetensors is not null) Assert.Equal(canonical, FormatDTypes.Canonical(CheckpointFormat.Safetensors, safetensors));
        if (gguf is not null) Assert.Equal(canonical, FormatDTypes.Canonical(CheckpointFormat.Gguf, gguf));
        Assert.Equal(canonical, FormatDTypes.Canonical(CheckpointFormat.PyTorch, torch));
        Assert.Equal(canonical, FormatDTypes.Canonical(CheckpointFormat.Onnx, onnx));
    }

    [Fact]
    public void The_vocabulary_holds_the_names_the_records_promise()
    {
        foreach (var name in new[] { "F64", "F32", "F16", "BF16", "F8_E4M3", "F8_E5M2", "I64", "I32", "I16", "I8", "U8", "U16", "U32", "U64", "BOOL", "C64", "C128", "Q4_0", "Q4_K", "Q8_0", "IQ2_XXS" })
        {
            Assert.NotNull(CanonicalDType.Find(name));
        }
        // Quantized torch types carry a scale beside their integers: not I8.
        Assert.Equal("UNKNOWN(qint8)", FormatDTypes.Canonical(CheckpointFormat.PyTorch, "qint8"));
    }

    public static TheoryData<string> AllFixtures()
    {
        var data = new TheoryData<string>();
        foreach (var format in new[] { "safetensors", "gguf", "pytorch", "onnx" })
        {
            foreach (var f in Fixtures.OfFormat(format).Where(f => !Fixtures.Entry(f).GetProperty("ground_truth").TryGetProperty("tensor_count", out var n) || n.GetInt32() > 0)) data.Add(f);
        }
        data.Add("safetensors/fluxml_sharded/model.safetensors.index.json");
        return data;
    }

    [Theory]
    [MemberData(nameof(AllFixtures))]
    public async Task Every_fixture_tensor_has_a_canonical_dtype_from_its_formats_table(string relative)
    {
        var cp = await new CheckpointInspector().InspectAsync(Fixtures.Path(relative), Run.Timeout());
        Assert.NotEmpty(cp.Tensors);
        foreach (var t in cp.Tensors)
        {
            Assert.NotNull(CanonicalDType.Find(t.DType)); // every fixture dtype has a canonical name
            Assert.Equal(t.DType, FormatDTypes.Canonical(cp.Format, t.FormatDType));
        }
        foreach (var s in cp.Storages) Assert.Equal(s.DType, FormatDTypes.Canonical(cp.Format, s.FormatDType));
    }
}
