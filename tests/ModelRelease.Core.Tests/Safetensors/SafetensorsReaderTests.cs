using System.Text;
using ModelRelease.Core.Checkpoints;
using ModelRelease.Core.Checkpoints.Common;
using ModelRelease.Core.Checkpoints.Safetensors;
using ModelRelease.Core.Tests.Support;

namespace ModelRelease.Core.Tests.Safetensors;

/// <summary>Crafted safetensors files: one per error code (with offset and tensor), the warnings, and the valid corner cases.</summary>
public class SafetensorsReaderTests
{
    private const string Name = "t.safetensors";

    internal static async Task<Checkpoint> ReadAsync(byte[] bytes, CheckpointReadContext? context = null) =>
        await new SafetensorsReader().ReadAsync(new MemoryByteSource(Name, bytes), context ?? CheckpointReadContext.Default, Run.Timeout());

    private static async Task<CheckpointFormatException> FailsAsync(byte[] bytes, string code, long? offset, string? tensor = null)
    {
        var ex = await Assert.ThrowsAsync<CheckpointFormatException>(() => ReadAsync(bytes));
        Assert.True(code == ex.Code, $"expected {code}, got {ex.Code}: {ex.Message}");
        Assert.Equal(Name, ex.FilePath);
        Assert.Equal(offset, ex.Offset);
        Assert.Equal(tensor, ex.Tensor);
        Assert.False(string.IsNullOrWhiteSpace(ex.Detail));
        return ex;
    }

    private static string T(string name, string dtype, string shape, long begin, long end) =>
        $"\"{name}\":{{\"dtype\":\"{dtype}\",\"shape\":{shape},\"data_offsets\":[{begin},{end}]}}";

    // ---- errors, in the reference's order -------------------------------------------------

    [Fact]
    public async Task Shorter_than_eight_bytes_is_ST_HEADER_TOO_SMALL() =>
        await FailsAsync([1, 0, 0, 0, 0], SafetensorsCodes.HeaderTooSmall, 0);

    [Fact]
    public async Task Header_above_100MB_is_ST_HEADER_TOO_LARGE()
    {
        var ex = await FailsAsync(SafetensorsBytes.Raw(100_000_001, "{}"u8.ToArray()), SafetensorsCodes.HeaderTooLarge, 0);
        Assert.Contains("100000000", ex.Detail);
        await FailsAsync(SafetensorsBytes.Raw(ulong.MaxValue, "{}"u8.ToArray()), SafetensorsCodes.HeaderTooLarge, 0);
    }

    [Fact]
    public async Task Header_longer_than_the_file_is_ST_HEADER_LENGTH()
    {
        var ex = await FailsAsync(SafetensorsBytes.Raw(100, "{\"a\":"u8.ToArray()), SafetensorsCodes.HeaderLength, 0);
        Assert.Equal(CheckpointErrorKind.Truncated, ex.CheckpointErrorKind);
    }

    [Fact]
    public async Task Invalid_utf8_is_ST_HEADER_UTF8_at_the_bad_byte()
    {
        var json = Encoding.UTF8.GetBytes("{\"ab\":1}");
        json[3] = 0xFF;
        await FailsAsync(SafetensorsBytes.Raw((ulong)json.Length, json), SafetensorsCodes.HeaderUtf8, 8 + 3);
    }

    public static TheoryData<string, string, string?> BadJson => new()
    {
        // header JSON, text at which the error is reported
        { "{" + T("a", "F32", "[1]", 0, 4) + ",}", ",}", null },                      // trailing comma (reported at the '}' after it)
        { "[]", "[", null },                                                        // not an object
        { "{\"__metadata__\":{\"x\":1}," + T("a", "F32", "[1]", 0, 4) + "}", "1}", null },  // non-string metadata value
        { "{\"__metadata__\":[\"x\"]}", "[\"x\"]", null },                          // metadata not a map
        { "{\"a\":{\"dtype\":\"F32\",\"data_offsets\":[0,4]}}", "{\"dtype", "a" },  // missing shape
        { "{\"a\":{\"shape\":[1],\"data_offsets\":[0,4]}}", "{\"shape", "a" },      // missing dtype
        { "{\"a\":{\"dtype\":\"F32\",\"shape\":[1]}}", "{\"dtype", "a" },          // missing data_offsets
        { "{\"a\":{\"dtype\":\"F32\",\"shape\":[1.0],\"data_offsets\":[0,4]}}", "1.0", "a" },   // float
        { "{\"a\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}", "-1", "a" },     // negative
        { "{\"a\":{\"dtype\":\"F32\",\"shape\":[1e0],\"data_offsets\":[0,4]}}", "1e0", "a" },   // exponent
        { "{\"a\":{\"dtype\":\"F32\",\"shape\":[18446744073709551616],\"data_offsets\":[0,4]}}", "18446744073709551616", "a" }, // > u64
        { "{\"a\":{\"dtype\":\"F32\",\"shape\":[\"1\"],\"data_offsets\":[0,4]}}", "\"1\"", "a" },  // string number
        { "{\"a\":{\"dtype\":\"F32\",\"shape\":1,\"data_offsets\":[0,4]}}", "1,", "a" },           // shape not array
        { "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4,8]}}", "[0,4,8]", "a" },  // three offsets
        { "{\"a\":{\"dtype\":32,\"shape\":[1],\"data_offsets\":[0,4]}}", "32,", "a" },             // dtype not string
        { "{\"a\":[1]}", "[1]", "a" },                                              // entry not an object
        { "{\"a\":null}", "null", "a" },                                            // entry null
        { "{/*c*/}", "/*", null },                                                   // comments
        { "{} x", "x", null },                                                       // trailing garbage
        { "{\"a\\ud800\":{}}", "\"a\\ud800\"", null },                               // lone surrogate
    };

    [Theory]
    [MemberData(nameof(BadJson))]
    public async Task Schema_violations_are_ST_HEADER_JSON_at_the_offending_token(string json, string at, string? tensor)
    {
        var file = SafetensorsBytes.Make(json, 4, pad: false);
        var offset = SafetensorsBytes.OffsetOf(file, at) + (at == ",}" ? 1 : 0);
        await FailsAsync(file, SafetensorsCodes.HeaderJson, offset, tensor);
    }

    [Fact]
    public async Task Empty_and_bom_headers_are_ST_HEADER_JSON()
    {
        await FailsAsync(SafetensorsBytes.Raw(0, []), SafetensorsCodes.HeaderJson, 8);
        await FailsAsync(SafetensorsBytes.Raw(3, "   "u8.ToArray()), SafetensorsCodes.HeaderJson, 11);
        await FailsAsync(SafetensorsBytes.Raw(5, [0xEF, 0xBB, 0xBF, (byte)'{', (byte)'}']), SafetensorsCodes.HeaderJson, 8);
    }

    [Theory]
    [InlineData("F128")]
    [InlineData("f32")]
    [InlineData("float32")]
    [InlineData("")]
    public async Task Unknown_dtype_is_ST_UNKNOWN_DTYPE(string dtype)
    {
        var file = SafetensorsBytes.Make("{" + T("w", dtype, "[1]", 0, 4) + "}", 4);
        var ex = await FailsAsync(file, SafetensorsCodes.UnknownDType, SafetensorsBytes.OffsetOf(file, $"\"{dtype}\""), "w");
        Assert.Contains("BF16", ex.Detail);
    }

    [Fact]
    public async Task Duplicate_keys_are_ST_DUPLICATE_KEY()
    {
        // Same tensor twice (the reference would silently keep the last).
        var file = SafetensorsBytes.Make("{" + T("w", "F32", "[1]", 0, 4) + "," + T("w", "F32", "[1]", 0, 4) + "}", 4);
        await FailsAsync(file, SafetensorsCodes.DuplicateKey, file.AsSpan().LastIndexOf("\"w\""u8), "w");

        file = SafetensorsBytes.Make("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"dtype\":\"F16\",\"data_offsets\":[0,4]}}", 4);
        await FailsAsync(file, SafetensorsCodes.DuplicateKey, file.AsSpan().LastIndexOf("\"dtype\""u8), "w");

        file = SafetensorsBytes.Make("{\"__metadata__\":{\"k\":\"1\",\"k\":\"2\"}}", 0);
        await FailsAsync(file, SafetensorsCodes.DuplicateKey, file.AsSpan().LastIndexOf("\"k\""u8));

        file = SafetensorsBytes.Make("{\"__metadata__\":{},\"__metadata__\":{}}", 0);
        await FailsAsync(file, SafetensorsCodes.DuplicateKey, file.AsSpan().LastIndexOf("\"__metadata__\""u8));

        // An escaped spelling of the same name is the same key.
        file = SafetensorsBytes.Make("{" + T("w", "F32", "[1]", 0, 4) + "," + T("\\u0077", "F32", "[1]", 4, 8) + "}", 8);
        await FailsAsync(file, SafetensorsCodes.DuplicateKey, SafetensorsBytes.OffsetOf(file, "\"\\u0077\""), "w");
    }

    [Fact]
    public async Task First_tensor_not_at_zero_is_ST_OFFSET()
    {
        var file = SafetensorsBytes.Make("{" + T("a", "F32", "[1]", 4, 8) + "}", 8);
        await FailsAsync(file, SafetensorsCodes.Offset, SafetensorsBytes.OffsetOf(file, "[4,8]"), "a");
    }

    [Fact]
    public async Task Gap_between_tensors_is_ST_OFFSET_naming_the_later_tensor()
    {
        var file = SafetensorsBytes.Make("{" + T("a", "F32", "[1]", 0, 4) + "," + T("b", "F32", "[1]", 8, 12) + "}", 12);
        var ex = await FailsAsync(file, SafetensorsCodes.Offset, SafetensorsBytes.OffsetOf(file, "[8,12]"), "b");
        Assert.Contains("gap", ex.Detail);
    }

    [Fact]
    public async Task Overlapping_tensors_are_ST_OFFSET()
    {
        var file = SafetensorsBytes.Make("{" + T("a", "F32", "[2]", 0, 8) + "," + T("b", "F32", "[1]", 4, 8) + "}", 8);
        var ex = await FailsAsync(file, SafetensorsCodes.Offset, SafetensorsBytes.OffsetOf(file, "[4,8]"), "b");
        Assert.Contains("overlap", ex.Detail);
    }

    [Fact]
    public async Task End_before_begin_is_ST_OFFSET()
    {
        var file = SafetensorsBytes.Make("{" + T("a", "F32", "[1]", 0, 4) + "," + T("b", "F32", "[1]", 4, 0) + "}", 8);
        // Sorted by (BEGIN, END): a [0,4], b [4,0] → b has END < BEGIN.
        await FailsAsync(file, SafetensorsCodes.Offset, SafetensorsBytes.OffsetOf(file, "[4,0]"), "b");
    }

    [Fact]
    public async Task Shape_overflow_is_ST_OVERFLOW()
    {
        var file = SafetensorsBytes.Make("{" + T("a", "F32", "[4294967296,4294967296,4294967296]", 0, 4) + "}", 4);
        await FailsAsync(file, SafetensorsCodes.Overflow, SafetensorsBytes.OffsetOf(file, "[4294967296"), "a");
        // Π fits u64 but × 64 bits does not.
        file = SafetensorsBytes.Make("{" + T("a", "F64", "[4611686018427387904]", 0, 4) + "}", 4);
        await FailsAsync(file, SafetensorsCodes.Overflow, SafetensorsBytes.OffsetOf(file, "[4611686018427387904]"), "a");
        // An empty tensor with a dimension beyond 2^63-1 (valid for the reference, unrepresentable in a signed shape).
        file = SafetensorsBytes.Make("{" + T("a", "F32", "[0,18446744073709551615]", 0, 0) + "}", 0);
        await FailsAsync(file, SafetensorsCodes.Overflow, SafetensorsBytes.OffsetOf(file, "[0,"), "a");
    }

    [Fact]
    public async Task Sub_byte_shape_that_is_not_whole_bytes_is_ST_MISALIGNED_SUBBYTE()
    {
        var file = SafetensorsBytes.Make("{" + T("a", "F6_E2M3", "[3]", 0, 3) + "}", 3); // 18 bits
        await FailsAsync(file, SafetensorsCodes.MisalignedSubByte, SafetensorsBytes.OffsetOf(file, "[3]"), "a");
        file = SafetensorsBytes.Make("{" + T("a", "F4", "[3]", 0, 2) + "}", 2); // 12 bits
        await FailsAsync(file, SafetensorsCodes.MisalignedSubByte, SafetensorsBytes.OffsetOf(file, "[3]"), "a");
    }

    [Fact]
    public async Task Span_not_matching_shape_and_dtype_is_ST_SIZE_MISMATCH()
    {
        var file = SafetensorsBytes.Make("{" + T("a", "F32", "[2]", 0, 4) + "}", 4);
        var ex = await FailsAsync(file, SafetensorsCodes.SizeMismatch, SafetensorsBytes.OffsetOf(file, "[0,4]"), "a");
        Assert.Contains("needs 8 bytes", ex.Detail);
    }

    [Fact]
    public async Task Bytes_after_the_last_tensor_are_ST_BUFFER_COVERAGE()
    {
        var file = SafetensorsBytes.Make("{" + T("a", "F32", "[1]", 0, 4) + "}", 6);
        var dataStart = file.Length - 6;
        await FailsAsync(file, SafetensorsCodes.BufferCoverage, dataStart + 4);
    }

    [Fact]
    public async Task Data_shorter_than_the_header_says_is_CKPT_TRUNCATED_naming_the_tensor()
    {
        var file = SafetensorsBytes.Make("{" + T("a", "F32", "[1]", 0, 4) + "," + T("b", "F32", "[4]", 4, 20) + "}", 10);
        var ex = await FailsAsync(file, "CKPT_TRUNCATED", file.Length, "b");
        Assert.Equal(CheckpointErrorKind.Truncated, ex.CheckpointErrorKind);
        Assert.Contains(file.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), ex.Detail);
    }

    [Fact]
    public async Task Checks_follow_the_reference_order()
    {
        // Unknown dtype (rule 6) wins over a broken offset chain (rule 7) and trailing bytes (rule 11).
        var file = SafetensorsBytes.Make("{" + T("a", "F32", "[1]", 4, 8) + "," + T("b", "X9", "[1]", 0, 4) + "}", 100);
        await FailsAsync(file, SafetensorsCodes.UnknownDType, SafetensorsBytes.OffsetOf(file, "\"X9\""), "b");
        // Offsets (rule 7) are checked tensor by tensor with sizes (rule 10), in data order: 'b' (first in the buffer) fails size first.
        file = SafetensorsBytes.Make("{" + T("a", "F32", "[1]", 4, 9) + "," + T("b", "F32", "[2]", 0, 4) + "}", 9);
        await FailsAsync(file, SafetensorsCodes.SizeMismatch, SafetensorsBytes.OffsetOf(file, "[0,4]"), "b");
        // Syntax is checked over the whole header before types.
        file = SafetensorsBytes.Make("{" + T("a", "X9", "[1]", 0, 4) + ",}", 4);
        await FailsAsync(file, SafetensorsCodes.HeaderJson, SafetensorsBytes.OffsetOf(file, ",}") + 1);
    }

    // ---- valid corner cases ------------------------------------------------------------------

    public static TheoryData<string, int> DTypes()
    {
        var data = new TheoryData<string, int>();
        foreach (var d in SafetensorsDType.All) data.Add(d.Name, d.Bits);
        return data;
    }

    [Theory]
    [MemberData(nameof(DTypes))]
    public async Task Every_dtype_reads_with_its_size(string dtype, int bits)
    {
        var bytes = 8 * bits / 8; // shape [8]
        var ckpt = await ReadAsync(SafetensorsBytes.Make("{" + T("x", dtype, "[2,4]", 0, bytes) + "}", bytes));
        var t = Assert.Single(ckpt.Tensors);
        Assert.Equal(dtype, t.DType);
        Assert.Equal(8, t.ElementCount);
        Assert.Equal(bytes, t.ByteLength);
    }

    [Fact]
    public async Task Sub_byte_dtypes_count_logical_elements()
    {
        var ckpt = await ReadAsync(SafetensorsBytes.Make("{" + T("f4", "F4", "[2,3]", 0, 3) + "," + T("f6", "F6_E3M2", "[4]", 3, 6) + "}", 6));
        Assert.Equal([6L, 4L], ckpt.Tensors.Select(t => t.ElementCount));
        Assert.Equal([3L, 3L], ckpt.Tensors.Select(t => t.ByteLength));
        Assert.Equal(10, ckpt.ParameterCount);
    }

    [Fact]
    public async Task Tensors_are_reported_in_header_order_with_absolute_offsets()
    {
        var file = SafetensorsBytes.Make("{" + T("z", "U8", "[3]", 5, 8) + "," + T("a", "I16", "[]", 0, 2) + "," + T("m", "U8", "[0,7]", 2, 2) + "," + T("q", "U8", "[3]", 2, 5) + "}", 8);
        var ckpt = await ReadAsync(file);
        var start = ckpt.DataOffset!.Value;
        Assert.Equal(file.Length - 8, start);
        Assert.Equal(["z", "a", "m", "q"], ckpt.Tensors.Select(t => t.Name));
        Assert.Equal([start + 5, start, start + 2, start + 2], ckpt.Tensors.Select(t => t.ByteOffset));
        Assert.Equal([3L, 1L, 0L, 3L], ckpt.Tensors.Select(t => t.ElementCount)); // scalar counts 1, [0,7] counts 0
        Assert.Empty(ckpt.Tensors[1].Shape);
        Assert.Equal(7, ckpt.ParameterCount);
    }

    [Fact]
    public async Task Empty_header_and_metadata_only_files_are_valid()
    {
        var ckpt = await ReadAsync(SafetensorsBytes.Make("{}", 0));
        Assert.Empty(ckpt.Tensors);
        Assert.Equal(16, ckpt.Length);
        ckpt = await ReadAsync(SafetensorsBytes.Make("{\"__metadata__\":{\"format\":\"pt\"}}", 0));
        Assert.Empty(ckpt.Tensors);
        Assert.Equal("pt", ckpt.Metadata["format"]);
    }

    [Fact]
    public async Task Null_metadata_reads_as_absent()
    {
        var ckpt = await ReadAsync(SafetensorsBytes.Make("{\"__metadata__\":null," + T("a", "F32", "[1]", 0, 4) + "}", 4));
        Assert.Empty(ckpt.Metadata);
        Assert.Single(ckpt.Tensors);
    }

    [Fact]
    public async Task Metadata_is_a_string_map_with_escapes_decoded()
    {
        var ckpt = await ReadAsync(SafetensorsBytes.Make("{\"__metadata__\":{\"q\":\"a\\\"b\\u00e9\",\"e\":\"\"}}", 0));
        Assert.Equal("a\"bé", ckpt.Metadata["q"]);
        Assert.Equal("", ckpt.Metadata["e"]);
    }

    [Fact]
    public async Task Offsets_up_to_u64_are_parsed_exactly()
    {
        // END = 2^64-1 is parsed (not rounded through double) and then fails the size rule.
        var file = SafetensorsBytes.Make("{" + T("a", "U8", "[1]", 0, 1) + "," + T("b", "U8", "[1]", 1, -1).Replace("-1", "18446744073709551615", StringComparison.Ordinal) + "}", 2);
        var ex = await FailsAsync(file, SafetensorsCodes.SizeMismatch, SafetensorsBytes.OffsetOf(file, "[1,18446744073709551615]"), "b");
        Assert.Contains("18446744073709551615", ex.Detail);
    }

    // ---- warnings and notes -------------------------------------------------------------------

    [Fact]
    public async Task Leading_whitespace_is_accepted_with_a_warning_and_still_recognized()
    {
        var file = SafetensorsBytes.Make(new string(' ', 100) + "\n\t{" + T("a", "F32", "[1]", 0, 4) + "}", 4);
        var ckpt = await BadInput.ReadAsync("x.bin", file); // through the sniffer, no helpful extension
        var f = Assert.Single(ckpt.Findings);
        Assert.Equal(SafetensorsCodes.HeaderLeadingWhitespace, f.Code);
        Assert.Equal(FindingSeverity.Warning, f.Severity);
        Assert.Equal(8, f.Offset);
        Assert.Equal(4, ckpt.Tensors[0].ByteLength);
    }

    [Fact]
    public async Task Unknown_entry_fields_are_one_warning()
    {
        var file = SafetensorsBytes.Make("{\"a\":{\"dtype\":\"F32\",\"extra\":{\"deep\":[1,2,{\"x\":null}]},\"shape\":[1],\"data_offsets\":[0,4],\"more\":1},"
            + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8],\"zz\":\"y\"}}", 8);
        var ckpt = await ReadAsync(file);
        var f = Assert.Single(ckpt.Findings);
        Assert.Equal(SafetensorsCodes.UnknownField, f.Code);
        Assert.Equal("a", f.Tensor);
        Assert.Equal(SafetensorsBytes.OffsetOf(file, "\"extra\""), f.Offset);
        Assert.Contains("2 tensor entries", f.Message);
        Assert.Equal(2, ckpt.TensorCount);
    }

    [Fact]
    public async Task Headers_above_the_hub_limit_get_a_warning()
    {
        var context = new CheckpointReadContext { Limits = CheckpointReaderLimits.Default with { SafetensorsHubJsHeaderWarningBytes = 16 } };
        var ckpt = await ReadAsync(SafetensorsBytes.Make("{" + T("a", "F32", "[1]", 0, 4) + "}", 4), context);
        Assert.Equal(SafetensorsCodes.HeaderHubLimit, Assert.Single(ckpt.Findings).Code);
        // and the validity limit is the configured one
        context = new CheckpointReadContext { Limits = CheckpointReaderLimits.Default with { MaxSafetensorsHeaderBytes = 16 } };
        var ex = await Assert.ThrowsAsync<CheckpointFormatException>(() => ReadAsync(SafetensorsBytes.Make("{" + T("a", "F32", "[1]", 0, 4) + "}", 4), context));
        Assert.Equal(SafetensorsCodes.HeaderTooLarge, ex.Code);
    }

    [Fact]
    public async Task Tied_weight_entries_in_metadata_are_noted()
    {
        var ckpt = await ReadAsync(SafetensorsBytes.Make("{\"__metadata__\":{\"format\":\"pt\",\"lm_head.weight\":\"embed.weight\"}," + T("embed.weight", "F32", "[1]", 0, 4) + "}", 4));
        var f = Assert.Single(ckpt.Findings);
        Assert.Equal(SafetensorsCodes.MetadataTiedWeight, f.Code);
        Assert.Equal(FindingSeverity.Info, f.Severity);
        Assert.Equal("embed.weight", f.Tensor);
        Assert.Contains("lm_head.weight", f.Message);
    }

    // ---- recognition and O(header) -------------------------------------------------------------

    public static TheoryData<string> OtherFormats()
    {
        var data = new TheoryData<string>();
        foreach (var f in Fixtures.Files)
        {
            var format = f.GetProperty("format").GetString();
            if (format is "gguf" or "pytorch" or "onnx") data.Add(f.GetProperty("file").GetString()!);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(OtherFormats))]
    public void Does_not_claim_other_formats(string file)
    {
        var head = File.ReadAllBytes(Fixtures.Path(file)).Take(CheckpointSniffer.HeadLength).ToArray();
        Assert.False(new SafetensorsReader().Recognizes(head, "x.bin"));
        if (!file.EndsWith(".onnx", StringComparison.Ordinal)) // ONNX has no magic: only its name would tell
        {
            Assert.False(new SafetensorsReader().Recognizes(head, "x.safetensors"), "another format's magic wins over the name");
        }
    }

    [Theory]
    [MemberData(nameof(SafetensorsFixtureTests.Files), MemberType = typeof(SafetensorsFixtureTests))]
    public void Recognizes_fixtures_by_structure_alone(string file)
    {
        var head = File.ReadAllBytes(Fixtures.Path(file)).Take(CheckpointSniffer.HeadLength).ToArray();
        Assert.True(new SafetensorsReader().Recognizes(head, "x.bin"));
    }

    [Theory]
    [InlineData(128)]   // first byte 0x80, like a pickle PROTO opcode
    [InlineData(640)]   // 80 02 …: PROTO 2
    [InlineData(19280)] // 'P' 'K' …
    public async Task Header_lengths_that_look_like_other_magics_are_still_safetensors(int headerLength)
    {
        var json = "{" + T("a", "U8", "[1]", 0, 1) + "}";
        var file = SafetensorsBytes.Make(json + new string(' ', headerLength - json.Length), 1, pad: false);
        Assert.Equal(headerLength, BitConverter.ToInt32(file, 0));
        var ckpt = await BadInput.ReadAsync("x.bin", file);
        Assert.Equal(CheckpointFormat.Safetensors, ckpt.Format);
    }

    [Fact]
    public async Task Reads_only_the_header_of_a_huge_file()
    {
        // One F32 tensor of 2^30 elements: 4 GiB of data that is never read.
        const long data = 4L << 30;
        var prefix = SafetensorsBytes.Make("{\"__metadata__\":{\"format\":\"pt\"}," + T("big", "F32", "[1024,1048576]", 0, data) + "}", 0);
        using var source = new LargeVirtualFile("big.safetensors", prefix, prefix.Length + data);
        var ckpt = await new SafetensorsReader().ReadAsync(source, CheckpointReadContext.Default, Run.Timeout());
        Assert.Equal(1L << 30, ckpt.ParameterCount);
        Assert.Equal(prefix.Length + data, ckpt.Length);
        Assert.Equal(prefix.Length, source.BytesRead); // exactly 8 + N
    }
}
