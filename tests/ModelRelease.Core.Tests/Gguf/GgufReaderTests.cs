using System.Text;
using ModelRelease.Core.Checkpoints;
using ModelRelease.Core.Checkpoints.Common;
using ModelRelease.Core.Checkpoints.Gguf;
using ModelRelease.Core.Tests.Safetensors;
using ModelRelease.Core.Tests.Support;
using static ModelRelease.Core.Tests.Gguf.GgufLayout;

namespace ModelRelease.Core.Tests.Gguf;

/// <summary>Crafted GGUF files: one per error code (offset and tensor asserted), the warnings, every type, both byte orders.</summary>
public class GgufReaderTests
{
    private const string Name = "t.gguf";

    internal static async Task<Checkpoint> ReadAsync(byte[] bytes, CheckpointReadContext? context = null) =>
        await new GgufReader().ReadAsync(new MemoryByteSource(Name, bytes), context ?? CheckpointReadContext.Default, Run.Timeout());

    internal static async Task<CheckpointFormatException> FailsAsync(byte[] bytes, string code, long? offset, string? tensor = null)
    {
        var ex = await Assert.ThrowsAsync<CheckpointFormatException>(() => ReadAsync(bytes));
        Assert.True(code == ex.Code, $"expected {code}, got {ex.Code}: {ex.Message}");
        Assert.Equal(Name, ex.FilePath);
        Assert.Equal(offset, ex.Offset);
        Assert.Equal(tensor, ex.Tensor);
        Assert.False(string.IsNullOrWhiteSpace(ex.Detail));
        return ex;
    }

    /// <summary>A small valid file: two F32 tensors (48 and 12 bytes) with the usual keys.</summary>
    internal static GgufBuilder Valid(bool bigEndian = false) => new GgufBuilder { BigEndian = bigEndian }
        .Kv("general.architecture", "llama")
        .Kv("general.file_type", 0u)
        .Add("tensor.w", "F32", 4, 3)
        .Add("tensor.b", "F32", 3);

    [Fact]
    public async Task The_valid_base_file_reads()
    {
        var file = Valid().Build();
        var ckpt = await ReadAsync(file);
        Assert.Equal(["tensor.w", "tensor.b"], ckpt.Tensors.Select(t => t.Name));
        Assert.Equal([3L, 4L], ckpt.Tensors[0].Shape);
        Assert.Equal(15, ckpt.ParameterCount);
        Assert.Equal(3L, ckpt.FormatVersion);
        Assert.Equal("little", ckpt.ByteOrder);
        Assert.Equal("ALL_F32", ckpt.FileType);
        Assert.Equal(file.Length, ckpt.Length);
        Assert.Equal([ckpt.DataOffset!.Value, ckpt.DataOffset.Value + 64], ckpt.Tensors.Select(t => t.ByteOffset));
        Assert.Equal([48L, 12L], ckpt.Tensors.Select(t => t.ByteLength));
        Assert.Equal(GgufBuilder.Pattern(1, 0), file[ckpt.Tensors[1].ByteOffset]);
        Assert.Empty(ckpt.Findings);
    }

    // ---- magic and version ----------------------------------------------------------------

    [Fact]
    public async Task Bad_magic_is_GGUF_MAGIC()
    {
        var file = new GgufBuilder { Magic = "GGUX"u8.ToArray() }.Build();
        await FailsAsync(file, GgufCodes.Magic, 0);
        // Sniffing: a .gguf name is claimed and explained; any other name is not GGUF at all.
        Assert.Equal(GgufCodes.Magic, (await Assert.ThrowsAsync<CheckpointFormatException>(() => BadInput.ReadAsync("x.gguf", file))).Code);
        Assert.Equal("CKPT_UNRECOGNIZED", (await Assert.ThrowsAsync<CheckpointFormatException>(() => BadInput.ReadAsync("x.bin", file))).Code);
    }

    [Fact]
    public async Task The_unadopted_big_endian_magic_is_explained()
    {
        var ex = await FailsAsync(new GgufBuilder { Magic = "FUGG"u8.ToArray() }.Build(), GgufCodes.Magic, 0);
        Assert.Equal(CheckpointErrorKind.Unsupported, ex.CheckpointErrorKind);
        Assert.Contains("big-endian", ex.Detail);
    }

    [Theory]
    [InlineData(0u, false, CheckpointErrorKind.Invalid)]
    [InlineData(1u, false, CheckpointErrorKind.Unsupported)]
    [InlineData(1u, true, CheckpointErrorKind.Unsupported)]
    [InlineData(4u, false, CheckpointErrorKind.Unsupported)]
    [InlineData(0x0300u, false, CheckpointErrorKind.Unsupported)] // read little-endian: 0x00030000 → byte-swapped 768
    public async Task Unreadable_versions_are_GGUF_VERSION(uint version, bool bigEndian, CheckpointErrorKind kind)
    {
        var ex = await FailsAsync(new GgufBuilder { Version = version, BigEndian = bigEndian }.Build(), GgufCodes.Version, 4);
        Assert.Equal(kind, ex.CheckpointErrorKind);
        if (version == 1) Assert.Contains("version 1", ex.Detail);
    }

    [Fact]
    public async Task Version_2_reads()
    {
        var ckpt = await ReadAsync(new GgufBuilder { Version = 2 }.Kv("general.file_type", 0u).Add("x", "F32", 8).Build());
        Assert.Equal(2L, ckpt.FormatVersion);
        Assert.Equal(8, ckpt.ParameterCount);
    }

    // ---- counts, keys, values -------------------------------------------------------------------

    [Fact]
    public async Task Counts_beyond_the_file_are_GGUF_COUNT()
    {
        await FailsAsync(new GgufBuilder { KvCount = 1UL << 60 }.Build(), GgufCodes.Count, 16);
        await FailsAsync(new GgufBuilder { TensorCount = 1UL << 60 }.Build(), GgufCodes.Count, 8);
        // 3 KVs of ≥ 14 bytes cannot fit in the 20 bytes that follow.
        await FailsAsync(new GgufBuilder { KvCount = 3 }.Kv("a", (byte)1).Build(), GgufCodes.Count, 16);
        var file = new GgufBuilder().Kv("arr", (uint)GgufValueType.Array, w => w.U32((uint)GgufValueType.Int32).U64(1000)).Build();
        await FailsAsync(file, GgufCodes.Count, Value(file, "arr") + 4);
    }

    [Fact]
    public async Task Empty_and_duplicate_keys_are_GGUF_KEY()
    {
        var file = new GgufBuilder().Kv("a", (byte)1).KvRawKey([], (uint)GgufValueType.UInt8, w => w.U8(2)).Kv("later", "padding").Build();
        await FailsAsync(file, GgufCodes.Key, Value(file, "a") + 1);

        file = new GgufBuilder().Kv("dup.key", (byte)1).Kv("dup.key", (byte)2).Build();
        await FailsAsync(file, GgufCodes.Key, LastAt(file, "dup.key") - 8);

        file = new GgufBuilder().KvRawKey([(byte)'k', 0xFF, (byte)'z'], (uint)GgufValueType.UInt8, w => w.U8(2)).Build();
        await FailsAsync(file, GgufCodes.Key, 24 + 8 + 1); // the bad byte
    }

    [Fact]
    public async Task Unknown_value_types_are_GGUF_VALUE_TYPE()
    {
        var file = new GgufBuilder().Kv("odd", 13, w => w.U8(0)).Build();
        await FailsAsync(file, GgufCodes.ValueType, Type(file, "odd"));
        file = new GgufBuilder().Kv("arr", (uint)GgufValueType.Array, w => w.U32(99).U64(0)).Build();
        await FailsAsync(file, GgufCodes.ValueType, Value(file, "arr"));
    }

    [Fact]
    public async Task Arrays_nested_beyond_the_limit_are_GGUF_VALUE_TYPE()
    {
        static void Nest(GgufBytes w, int depth)
        {
            if (depth == 0) { w.U32((uint)GgufValueType.UInt8).U64(1).U8(7); return; }
            w.U32((uint)GgufValueType.Array).U64(1);
            Nest(w, depth - 1);
        }
        // depth 4 (the limit) reads, with a compatibility warning
        var ok = await ReadAsync(new GgufBuilder().Kv("n", (uint)GgufValueType.Array, w => Nest(w, 3)).Build());
        var level = ok.Metadata["n"];
        for (var i = 0; i < 3; i++) level = Assert.IsType<object[]>(level)[0];
        Assert.Equal([(byte)7], Assert.IsType<byte[]>(level));
        var f = Assert.Single(ok.Findings);
        Assert.Equal(GgufCodes.NestedArray, f.Code);
        Assert.Equal(FindingSeverity.Warning, f.Severity);

        var file = new GgufBuilder().Kv("n", (uint)GgufValueType.Array, w => Nest(w, 4)).Build();
        await FailsAsync(file, GgufCodes.ValueType, Value(file, "n") + 3 * 12);
    }

    [Fact]
    public async Task Strings_longer_than_the_file_or_the_limit_are_GGUF_STRING()
    {
        var file = new GgufBuilder().Kv("s", (uint)GgufValueType.String, w => w.Str("abc", declaredLength: 1000)).Build();
        var ex = await FailsAsync(file, GgufCodes.String, Value(file, "s"));
        Assert.Equal(CheckpointErrorKind.Truncated, ex.CheckpointErrorKind);

        file = new GgufBuilder().Kv("s", (uint)GgufValueType.String, w => w.Str("abc", declaredLength: 1UL << 62)).Build();
        ex = await FailsAsync(file, GgufCodes.String, Value(file, "s"));
        Assert.Equal(CheckpointErrorKind.Invalid, ex.CheckpointErrorKind);

        var w = new GgufBytes().Raw("GGUF"u8).U32(3).U64(0).U64(1).Str("key", declaredLength: 1UL << 62).U32(0).U8(0);
        await FailsAsync(w.ToArray(), GgufCodes.String, 24);
    }

    // ---- alignment ----------------------------------------------------------------------------

    [Fact]
    public async Task Bad_alignment_is_GGUF_ALIGNMENT()
    {
        foreach (var builder in new[]
        {
            new GgufBuilder().Kv("general.alignment", 1UL << 40),   // not UINT32
            new GgufBuilder().Kv("general.alignment", 32),          // INT32
            new GgufBuilder().Kv("general.alignment", 0u),
            new GgufBuilder().Kv("general.alignment", 3u),
            new GgufBuilder().Kv("general.alignment", 1u << 21),    // power of two, above 1 MiB
            new GgufBuilder().Kv("general.alignment", "32"),
        })
        {
            var file = builder.Build();
            await FailsAsync(file, GgufCodes.Alignment, Value(file, "general.alignment"));
        }
    }

    [Fact]
    public async Task A_custom_alignment_lays_out_data()
    {
        var file = new GgufBuilder { Alignment = 64 }.Kv("general.alignment", 64u).Kv("general.file_type", 0u)
            .Add("a", "F32", 5).Add("b", "F16", 3).Add("c", "I8", 1).Build();
        var ckpt = await ReadAsync(file);
        Assert.Equal(0, ckpt.DataOffset!.Value % 64);
        Assert.Equal([0L, 64L, 128L], ckpt.Tensors.Select(t => t.ByteOffset - ckpt.DataOffset.Value));
        Assert.Equal([20L, 6L, 1L], ckpt.Tensors.Select(t => t.ByteLength));
        // 1 is a power of two: ggml accepts it (the spec's "multiple of 8" is not enforced by ggml).
        var one = await ReadAsync(new GgufBuilder { Alignment = 1 }.Kv("general.alignment", 1u).Kv("general.file_type", 0u).Add("a", "I8", 3).Add("b", "I8", 2).Build());
        Assert.Equal([0L, 3L], one.Tensors.Select(t => t.ByteOffset - one.DataOffset!.Value));
    }

    // ---- tensor infos -------------------------------------------------------------------------

    [Fact]
    public async Task Long_and_duplicate_tensor_names_are_GGUF_TENSOR_NAME()
    {
        var name63 = new string('n', 63);
        Assert.Equal(name63, (await ReadAsync(new GgufBuilder().Kv("general.file_type", 0u).Add(name63, "F32", 1).Build())).Tensors[0].Name);

        var name64 = new string('n', 64);
        var file = new GgufBuilder().Add(name64, "F32", 1).Build();
        await FailsAsync(file, GgufCodes.TensorName, Info(file, name64));

        file = new GgufBuilder().Add(new GgufBuilder.Tensor("x", 0, [1]) { NameLength = 1UL << 62 }).Build();
        await FailsAsync(file, GgufCodes.TensorName, 24);

        file = new GgufBuilder().Add("same", "F32", 1).Add("same", "F32", 2).Build();
        await FailsAsync(file, GgufCodes.TensorName, Info(file, "same") + 8 + 4 + 4 + 8 + 4 + 8, "same"); // the second info

        var bad = new GgufBytes().Raw("GGUF"u8).U32(3).U64(1).U64(0).Bytes([(byte)'t', 0xC0]).U32(1).U64(1).U32(0).U64(0).ToArray();
        await FailsAsync(bad, GgufCodes.TensorName, 24 + 8 + 1);
    }

    [Fact]
    public async Task Bad_dimensions_are_GGUF_DIMS()
    {
        var file = new GgufBuilder().Add(new GgufBuilder.Tensor("t5", 0, [1, 1, 1, 1, 1])).Build();
        await FailsAsync(file, GgufCodes.Dims, Dims(file, "t5"), "t5");

        file = new GgufBuilder { WriteData = false }.Add(new GgufBuilder.Tensor("neg", 0, [4, ulong.MaxValue])).Build();
        var ex = await FailsAsync(file, GgufCodes.Dims, Ne(file, "neg", 1), "neg");
        Assert.Contains("ne[1]", ex.Detail);

        file = new GgufBuilder { WriteData = false }.Add(new GgufBuilder.Tensor("huge", 0, [1UL << 41])).Build();
        await FailsAsync(file, GgufCodes.Dims, Ne(file, "huge", 0), "huge");

        file = new GgufBuilder { WriteData = false }.Add(new GgufBuilder.Tensor("prod", 0, [1UL << 40, 1UL << 40])).Build();
        await FailsAsync(file, GgufCodes.Dims, Dims(file, "prod"), "prod");
    }

    [Fact]
    public async Task Removed_type_ids_are_GGUF_TYPE_errors()
    {
        foreach (var id in new uint[] { 4, 5, 31, 32, 33, 36, 37, 38 })
        {
            var file = new GgufBuilder().Add(new GgufBuilder.Tensor("tensor.r", id, [32]) { DataBytes = 18 }).Build();
            await FailsAsync(file, GgufCodes.Type, TypeId(file, "tensor.r", 1), "tensor.r");
        }
    }

    [Fact]
    public async Task Unknown_type_ids_are_a_warning_with_exact_element_count()
    {
        var file = new GgufBuilder().Kv("general.file_type", 0u)
            .Add(new GgufBuilder.Tensor("mystery", 99, [64, 2]) { DataBytes = 40 })
            .Add("after", "F32", 2).Build();
        var ckpt = await ReadAsync(file);
        var t = ckpt.Tensors[0];
        Assert.Equal(("UNKNOWN(GGML_TYPE_99)", "GGML_TYPE_99"), (t.DType, t.FormatDType));
        Assert.Equal(128, t.ElementCount);
        Assert.Equal(64, t.ByteLength); // up to the next tensor (40 bytes + padding)
        Assert.Equal(ckpt.DataOffset + 64, ckpt.Tensors[1].ByteOffset);
        var f = Assert.Single(ckpt.Findings);
        Assert.Equal((GgufCodes.Type, FindingSeverity.Warning, "mystery"), (f.Code, f.Severity, f.Tensor));
        Assert.Equal(TypeId(file, "mystery", 2), f.Offset);
    }

    [Fact]
    public async Task Rows_that_are_not_whole_blocks_are_GGUF_BLOCK()
    {
        var file = new GgufBuilder().Add(new GgufBuilder.Tensor("tensor.q", 2, [33, 2]) { DataBytes = 36 }).Build();
        var ex = await FailsAsync(file, GgufCodes.Block, Ne(file, "tensor.q", 0), "tensor.q");
        Assert.Contains("32", ex.Detail);
    }

    [Fact]
    public async Task Offsets_off_the_running_padded_sum_are_GGUF_OFFSET()
    {
        var file = new GgufBuilder().Add(new GgufBuilder.Tensor("tensor.mis", 0, [4]) { Offset = 16 }).Build();
        var ex = await FailsAsync(file, GgufCodes.Offset, Offset(file, "tensor.mis", 1), "tensor.mis");
        Assert.Contains("alignment", ex.Detail);

        // 'a' is 48 bytes → padded 64; 'b' claims 128 (aligned, but leaves a hole: ggml refuses it).
        file = new GgufBuilder().Add("tensor.a", "F32", 12).Add(new GgufBuilder.Tensor("tensor.b", 0, [4]) { Offset = 128 }).Build();
        ex = await FailsAsync(file, GgufCodes.Offset, Offset(file, "tensor.b", 1), "tensor.b");
        Assert.Contains("expected 64", ex.Detail);

        // Data out of tensor-info order.
        file = new GgufBuilder().Add(new GgufBuilder.Tensor("tensor.x", 0, [4]) { Offset = 32 }).Add(new GgufBuilder.Tensor("tensor.y", 0, [4]) { Offset = 0 }).Build();
        await FailsAsync(file, GgufCodes.Offset, Offset(file, "tensor.x", 1), "tensor.x");

        // After an unknown type the sum is unknown, but offsets still may not go backwards.
        file = new GgufBuilder().Add(new GgufBuilder.Tensor("tensor.u", 77, [4]) { DataBytes = 64 }).Add(new GgufBuilder.Tensor("tensor.v", 0, [4]) { Offset = 64 })
            .Add(new GgufBuilder.Tensor("tensor.w", 0, [4]) { Offset = 32 }).Build();
        await FailsAsync(file, GgufCodes.Offset, Offset(file, "tensor.w", 1), "tensor.w");
    }

    [Fact]
    public async Task Offset_arithmetic_overflow_is_GGUF_BOUNDS()
    {
        const ulong nearEnd = (ulong)long.MaxValue - 31; // a multiple of 32
        var file = new GgufBuilder { WriteData = false }
            .Add(new GgufBuilder.Tensor("tensor.u", 77, [4]) { DataBytes = 16 })
            .Add(new GgufBuilder.Tensor("tensor.big", 0, [1UL << 40]) { Offset = nearEnd }).Build();
        await FailsAsync(file, GgufCodes.Bounds, Offset(file, "tensor.big", 1), "tensor.big");

        file = new GgufBuilder { WriteData = false }.Add(new GgufBuilder.Tensor("tensor.far", 0, [4]) { Offset = (ulong)long.MaxValue + 1 }).Build();
        await FailsAsync(file, GgufCodes.Offset, Offset(file, "tensor.far", 1), "tensor.far");
    }

    [Fact]
    public async Task Data_beyond_the_end_of_the_file_is_CKPT_TRUNCATED()
    {
        var full = new GgufBuilder { PadLast = false }.Kv("general.file_type", 0u).Add("tensor.w", "F32", 4, 3).Add("tensor.b", "F32", 3).Build();
        var file = full[..^4];
        var ckpt = await ReadAsync(full);
        var ex = await FailsAsync(file, "CKPT_TRUNCATED", ckpt.Tensors[1].ByteOffset, "tensor.b");
        Assert.Equal(CheckpointErrorKind.Truncated, ex.CheckpointErrorKind);
        Assert.Contains($"expected at least {full.Length} bytes", ex.Detail);
        // The data section starting beyond the file is caught the same way.
        await FailsAsync(full[..(int)ckpt.DataOffset!.Value], "CKPT_TRUNCATED", ckpt.Tensors[0].ByteOffset, "tensor.w");
    }

    // ---- types and values ------------------------------------------------------------------------

    public static TheoryData<string> StorableTypes()
    {
        var data = new TheoryData<string>();
        foreach (var t in GgmlType.All.Where(t => t.Status != GgufTypeStatus.Removed)) data.Add(t.Name);
        return data;
    }

    [Theory]
    [MemberData(nameof(StorableTypes))]
    public async Task Every_ggml_type_has_its_block_size(string typeName)
    {
        var type = GgmlType.FindByName(typeName)!;
        var file = new GgufBuilder().Kv("general.quantization_version", 2u).Add("t", typeName, (ulong)type.BlockSize * 2, 3).Add("next", "F32", 1).Build();
        var ckpt = await ReadAsync(file);
        var t = ckpt.Tensors[0];
        Assert.Equal(typeName, t.DType);
        Assert.Equal([3L, type.BlockSize * 2L], t.Shape);
        Assert.Equal(type.BlockSize * 6L, t.ElementCount);
        Assert.Equal(6L * type.TypeSize, t.ByteLength);
        Assert.Equal(GgufBuilder.Pattern(1, 0), file[ckpt.Tensors[1].ByteOffset]); // the next tensor is where the sizes say
        Assert.Equal(type.Status == GgufTypeStatus.Intermediate, ckpt.Findings.Any(f => f.Code == GgufCodes.IntermediateType));
    }

    [Theory]
    [InlineData("Q4_K", 4096, 11008, 25_362_432L)] // the reference's worked example
    [InlineData("Q8_0", 4096, 2, 8704L)]
    [InlineData("Q6_K", 256, 1, 210L)]
    public void Byte_sizes_follow_ggml(string type, int ne0, int ne1, long bytes) =>
        Assert.Equal(bytes, GgufBuilder.SizeOf(new GgufBuilder.Tensor("x", GgmlType.FindByName(type)!.Id, [(ulong)ne0, (ulong)ne1])));

    [Fact]
    public async Task A_zero_dimension_tensor_is_a_scalar()
    {
        var ckpt = await ReadAsync(new GgufBuilder().Kv("general.file_type", 0u).Add(new GgufBuilder.Tensor("s", 0, [])).Build());
        var t = Assert.Single(ckpt.Tensors);
        Assert.Empty(t.Shape);
        Assert.Equal(1, t.ElementCount);
        Assert.Equal(4, t.ByteLength);
    }

    /// <summary>Every value type, scalar and array, with values that show byte-order mistakes.</summary>
    internal static GgufBuilder AllValueTypes(bool bigEndian) => new GgufBuilder { BigEndian = bigEndian }
        .Kv("v.u8", (byte)0xFE).Kv("v.i8", (sbyte)-2).Kv("v.u16", (ushort)0x1234).Kv("v.i16", (short)-0x1234)
        .Kv("v.u32", 0x12345678u).Kv("v.i32", -0x12345678).Kv("v.f32", 1.5f).Kv("v.u64", 0x123456789ABCDEF0UL)
        .Kv("v.i64", -0x123456789ABCDEFL).Kv("v.f64", -2.25).Kv("v.bool", true).Kv("v.str", "héllo 世界")
        .Array("a.u8", GgufValueType.UInt8, 3, (w, i) => w.U8((byte)(i + 1)))
        .Array("a.i8", GgufValueType.Int8, 2, (w, i) => w.U8(unchecked((byte)(-1 - i))))
        .Array("a.u16", GgufValueType.UInt16, 2, (w, i) => w.U16((ushort)(0x0102 + i)))
        .Array("a.i16", GgufValueType.Int16, 2, (w, i) => w.U16(unchecked((ushort)(-300 - i))))
        .Array("a.u32", GgufValueType.UInt32, 2, (w, i) => w.U32((uint)(0x01020304 + i)))
        .Array("a.i32", GgufValueType.Int32, 3, (w, i) => w.I32(new[] { 1, -2, 3 }[i]))
        .Array("a.f32", GgufValueType.Float32, 2, (w, i) => w.F32(i - 0.5f))
        .Array("a.u64", GgufValueType.UInt64, 1, (w, _) => w.U64(ulong.MaxValue - 1))
        .Array("a.i64", GgufValueType.Int64, 1, (w, _) => w.I64(long.MinValue))
        .Array("a.f64", GgufValueType.Float64, 1, (w, _) => w.F64(Math.PI))
        .Array("a.bool", GgufValueType.Bool, 3, (w, i) => w.U8((byte)(i % 2)))
        .Array("a.str", GgufValueType.String, 3, (w, i) => w.Str(new[] { "a", "", "ccc" }[i]))
        .Array("a.empty", GgufValueType.Float64, 0, (_, _) => { })
        .Array("a.nested", GgufValueType.Array, 2, (w, i) => { w.U32((uint)GgufValueType.UInt16).U64(1).U16((ushort)(i + 0x0A0B)); })
        .Kv("general.file_type", 0u)
        .Add("tensor.w", "F32", 4, 3)
        .Add("tensor.q", "Q8_0", 32, 2);

    internal static void AssertAllValueTypes(Checkpoint ckpt)
    {
        var m = ckpt.Metadata;
        Assert.Equal((byte)0xFE, m["v.u8"]);
        Assert.Equal((sbyte)-2, m["v.i8"]);
        Assert.Equal((ushort)0x1234, m["v.u16"]);
        Assert.Equal((short)-0x1234, m["v.i16"]);
        Assert.Equal(0x12345678u, m["v.u32"]);
        Assert.Equal(-0x12345678, m["v.i32"]);
        Assert.Equal(1.5f, m["v.f32"]);
        Assert.Equal(0x123456789ABCDEF0UL, m["v.u64"]);
        Assert.Equal(-0x123456789ABCDEFL, m["v.i64"]);
        Assert.Equal(-2.25, m["v.f64"]);
        Assert.Equal(true, m["v.bool"]);
        Assert.Equal("héllo 世界", m["v.str"]);
        Assert.Equal(new byte[] { 1, 2, 3 }, m["a.u8"]);
        Assert.Equal(new sbyte[] { -1, -2 }, m["a.i8"]);
        Assert.Equal(new ushort[] { 0x0102, 0x0103 }, m["a.u16"]);
        Assert.Equal(new short[] { -300, -301 }, m["a.i16"]);
        Assert.Equal(new uint[] { 0x01020304, 0x01020305 }, m["a.u32"]);
        Assert.Equal(new[] { 1, -2, 3 }, m["a.i32"]);
        Assert.Equal(new[] { -0.5f, 0.5f }, m["a.f32"]);
        Assert.Equal(new[] { ulong.MaxValue - 1 }, m["a.u64"]);
        Assert.Equal(new[] { long.MinValue }, m["a.i64"]);
        Assert.Equal(new[] { Math.PI }, m["a.f64"]);
        Assert.Equal(new[] { false, true, false }, m["a.bool"]);
        Assert.Equal(new[] { "a", "", "ccc" }, m["a.str"]);
        Assert.Equal(Array.Empty<double>(), m["a.empty"]);
        var nested = Assert.IsType<object[]>(m["a.nested"]);
        Assert.Equal(new ushort[] { 0x0A0B }, nested[0]);
        Assert.Equal(new ushort[] { 0x0A0C }, nested[1]);
        Assert.Equal(["tensor.w", "tensor.q"], ckpt.Tensors.Select(t => t.Name));
        Assert.Equal([3L, 4L], ckpt.Tensors[0].Shape);
        Assert.Equal([2L, 32L], ckpt.Tensors[1].Shape);
        Assert.Equal([48L, 68L], ckpt.Tensors.Select(t => t.ByteLength));
        Assert.Equal(76, ckpt.ParameterCount);
    }

    [Fact]
    public async Task Every_metadata_value_type_reads_as_a_typed_value()
    {
        var ckpt = await ReadAsync(AllValueTypes(bigEndian: false).Build());
        AssertAllValueTypes(ckpt);
        Assert.Equal("little", ckpt.ByteOrder);
    }

    [Fact]
    public async Task A_big_endian_file_reads_the_same_values()
    {
        var le = AllValueTypes(bigEndian: false).Build();
        var be = AllValueTypes(bigEndian: true).Build();
        Assert.Equal(le.Length, be.Length);
        Assert.Equal([0x00, 0x00, 0x00, 0x03], be[4..8]); // the version is byte-swapped; the magic is not
        var ckpt = await BadInput.ReadAsync("be.gguf", be); // through the sniffer
        AssertAllValueTypes(ckpt);
        Assert.Equal("big", ckpt.ByteOrder);
        Assert.Equal(3L, ckpt.FormatVersion);
        var little = await ReadAsync(le);
        Assert.Equal(little.DataOffset, ckpt.DataOffset);
        Assert.Equal(little.Tensors.Select(t => t.ByteOffset), ckpt.Tensors.Select(t => t.ByteOffset));
    }

    [Fact]
    public async Task Big_endian_v2_also_reads()
    {
        var ckpt = await ReadAsync(new GgufBuilder { BigEndian = true, Version = 2 }.Kv("general.file_type", 1u).Kv("n", 7UL).Add("h", "F16", 4).Build());
        Assert.Equal(("big", 2L, 7UL, "MOSTLY_F16"), (ckpt.ByteOrder, ckpt.FormatVersion!.Value, (ulong)ckpt.Metadata["n"]!, ckpt.FileType));
    }

    [Theory]
    [InlineData(15L, "MOSTLY_Q4_K_M")]
    [InlineData(15L | 1024, "MOSTLY_Q4_K_M (guessed)")]
    [InlineData(0L, "ALL_F32")]
    [InlineData(32L, "MOSTLY_BF16")]
    [InlineData(41L, "MOSTLY_Q2_0")]
    [InlineData(999L, "FTYPE_999")]
    public void File_type_names(long value, string name) => Assert.Equal(name, GgufFileType.Name(value));

    [Fact]
    public async Task File_type_of_any_integer_type_is_named()
    {
        var ckpt = await ReadAsync(new GgufBuilder().Kv("general.file_type", (ulong)(15 | 1024)).Kv("general.quantization_version", 2u).Add("q", "Q4_K", 256).Build());
        Assert.Equal("MOSTLY_Q4_K_M (guessed)", ckpt.FileType);
        Assert.Empty(ckpt.Findings);
    }

    // ---- warnings ----------------------------------------------------------------------------------

    [Fact]
    public async Task Bool_bytes_other_than_0_and_1_are_a_warning()
    {
        var file = new GgufBuilder().Kv("flag", (uint)GgufValueType.Bool, w => w.U8(2)).Build();
        var ckpt = await ReadAsync(file);
        Assert.Equal(true, ckpt.Metadata["flag"]);
        var f = Assert.Single(ckpt.Findings);
        Assert.Equal((GgufCodes.BoolValue, Value(file, "flag")), (f.Code, f.Offset!.Value));
    }

    [Fact]
    public async Task Invalid_utf8_in_values_is_kept_with_one_warning()
    {
        var file = new GgufBuilder()
            .Kv("s1", (uint)GgufValueType.String, w => w.Bytes([(byte)'a', 0xFF, (byte)'b']))
            .Kv("s2", (uint)GgufValueType.String, w => w.Bytes([0xC3]))
            .Build();
        var ckpt = await ReadAsync(file);
        Assert.Equal("a\uFFFDb", ckpt.Metadata["s1"]);
        var f = Assert.Single(ckpt.Findings);
        Assert.Equal((GgufCodes.StringUtf8, Value(file, "s1")), (f.Code, f.Offset!.Value));
    }

    [Fact]
    public async Task Model_level_warnings()
    {
        // No general.file_type, quantized tensors without general.quantization_version.
        var ckpt = await ReadAsync(new GgufBuilder().Add("q", "Q4_0", 32).Build());
        Assert.Equal([GgufCodes.FileTypeMissing, GgufCodes.QuantizationVersionMissing], ckpt.Findings.Select(f => f.Code));
        Assert.All(ckpt.Findings, f => Assert.Equal(FindingSeverity.Warning, f.Severity));

        // MOSTLY_Q4_K_M but no Q4_K tensor.
        var file = new GgufBuilder().Kv("general.file_type", 15u).Add("w", "F32", 4).Build();
        ckpt = await ReadAsync(file);
        var f = Assert.Single(ckpt.Findings);
        Assert.Equal((GgufCodes.FileTypeMismatch, Value(file, "general.file_type")), (f.Code, f.Offset!.Value));
        Assert.Contains("MOSTLY_Q4_K_M", f.Message);

        // Intermediate types are flagged.
        ckpt = await ReadAsync(new GgufBuilder().Kv("general.file_type", 0u).Kv("general.quantization_version", 2u).Add("f", "F32", 1).Add("k", "Q8_K", 256).Build());
        f = Assert.Single(ckpt.Findings);
        Assert.Equal((GgufCodes.IntermediateType, "k"), (f.Code, f.Tensor));

        // A vocabulary-only file (no tensors) has nothing to complain about.
        ckpt = await ReadAsync(new GgufBuilder().Kv("tokenizer.ggml.model", "llama").Build());
        Assert.Empty(ckpt.Findings);
        Assert.Empty(ckpt.Tensors);
    }

    [Fact]
    public async Task Bytes_after_the_padded_data_are_a_warning()
    {
        var file = new GgufBuilder { Trailing = 10 }.Kv("general.file_type", 0u).Add("w", "F32", 3).Build();
        var ckpt = await ReadAsync(file);
        var f = Assert.Single(ckpt.Findings);
        Assert.Equal((GgufCodes.TrailingBytes, file.Length - 10L), (f.Code, f.Offset!.Value));
        // Without padding after the last tensor the file is still complete: no finding.
        ckpt = await ReadAsync(new GgufBuilder { PadLast = false }.Kv("general.file_type", 0u).Add("w", "F32", 3).Build());
        Assert.Empty(ckpt.Findings);
    }

    // ---- recognition and O(header) -----------------------------------------------------------------

    [Fact]
    public void Recognizes_by_magic_not_by_name()
    {
        var reader = new GgufReader();
        Assert.True(reader.Recognizes("GGUF\u0003\0\0\0"u8, "model.bin"));
        Assert.True(reader.Recognizes("GGUF\0\0\0\u0003"u8, "model.bin"));
        Assert.False(reader.Recognizes("PK\u0003\u0004"u8, "model.gguf"));
        Assert.False(reader.Recognizes([0x80, 0x02, 0x8A, 0x0A], "model.gguf"));
        Assert.False(reader.Recognizes(File.ReadAllBytes(Fixtures.Path("safetensors/burn_boolean.safetensors")).AsSpan(0, 64), "x.safetensors"));
    }

    [Fact]
    public async Task Reads_only_the_header_of_a_huge_file()
    {
        // 2^30 F32 elements: 4 GiB of data that is never read.
        var header = new GgufBuilder { WriteData = false }.Kv("general.file_type", 0u).Add("big", "F32", 1UL << 20, 1024).Build();
        using var source = new LargeVirtualFile("big.gguf", header, header.Length + (4L << 30));
        var ckpt = await new GgufReader().ReadAsync(source, CheckpointReadContext.Default, Run.Timeout());
        Assert.Equal(1L << 30, ckpt.ParameterCount);
        Assert.Equal(4L << 30, ckpt.Tensors[0].ByteLength);
        Assert.True(source.BytesRead <= 64 * 1024, $"read {source.BytesRead} bytes");
    }

    [Fact]
    public async Task Reads_only_about_the_header_of_a_fixture_with_a_large_vocabulary()
    {
        const string file = "gguf/ollama_llama-2-tiny-random.gguf";
        var dataStart = Fixtures.Entry(file).GetProperty("ground_truth").GetProperty("data_section_start").GetInt64();
        using var source = FileByteSource.Open(Fixtures.Path(file));
        await new GgufReader().ReadAsync(source, CheckpointReadContext.Default, Run.Timeout());
        Assert.InRange(source.BytesRead, dataStart - 32, dataStart + 64 * 1024);
        Assert.True(source.BytesRead < source.Length / 2);
    }
}
