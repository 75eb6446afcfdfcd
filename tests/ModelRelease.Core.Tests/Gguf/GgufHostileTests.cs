using ModelRelease.Core.Checkpoints.Gguf;
using ModelRelease.Core.Checkpoints.Safetensors;
using ModelRelease.Core.Tests.Safetensors;

namespace ModelRelease.Core.Tests.Gguf;

/// <summary>
/// Headers that declare absurd counts, lengths, dims and alignments: each must fail with a typed error
/// and without an allocation sized by the declared value (the reads of in-memory sources run
/// synchronously, so the current thread's allocation counter sees everything the reader allocates).
/// The bound is on the work (bytes allocated), never on wall time.
/// </summary>
public class GgufHostileTests
{
    private const long AllocationBudget = 2 << 20; // 2 MiB: buffers and messages, never anything declared

    private static GgufBytes Head(ulong tensors, ulong kvs) => new GgufBytes().Raw("GGUF"u8).U32(3).U64(tensors).U64(kvs);

    public static TheoryData<string, byte[], string> GgufCases() => new()
    {
        { "2^60 tensors", Head(1UL << 60, 0).U64(0).ToArray(), GgufCodes.Count },
        { "2^60 key/values", Head(0, 1UL << 60).U64(0).ToArray(), GgufCodes.Count },
        { "u64 max tensors and kvs", Head(ulong.MaxValue, ulong.MaxValue).ToArray(), GgufCodes.Count },
        { "key of 2^62 bytes", Head(0, 1).Str("k", 1UL << 62).U32(0).U8(0).U8(0).ToArray(), GgufCodes.String },
        { "string value of 2^62 bytes", Head(0, 1).Str("k").U32(8).U64(1UL << 62).U64(0).ToArray(), GgufCodes.String },
        { "u64 array of 2^62", Head(0, 1).Str("k").U32(9).U32(10).U64(1UL << 62).U64(0).ToArray(), GgufCodes.Count },
        // Sizes an eager reader could allocate (8 MiB) before noticing the file is too short:
        { "u64 array of 2^20 in a tiny file", Head(0, 1).Str("k").U32(9).U32(10).U64(1UL << 20).U64(0).ToArray(), GgufCodes.Count },
        { "string array of 2^20 in a tiny file", Head(0, 1).Str("k").U32(9).U32(8).U64(1UL << 20).U64(0).ToArray(), GgufCodes.Count },
        { "2^20 tensors in a tiny file", Head(1UL << 20, 0).U64(0).ToArray(), GgufCodes.Count },
        { "string array of 2^40", Head(0, 1).Str("k").U32(9).U32(8).U64(1UL << 40).U64(0).U64(0).ToArray(), GgufCodes.Count },
        { "array of arrays 2^50 deep-ish", Head(0, 1).Str("k").U32(9).U32(9).U64(1UL << 50).U32(9).U64(1UL << 50).ToArray(), GgufCodes.Count },
        { "dims 0xFFFFFFFFFFFFFFFF", Head(1, 0).Str("t").U32(2).U64(ulong.MaxValue).U64(ulong.MaxValue).U32(0).U64(0).ToArray(), GgufCodes.Dims },
        { "n_dims 0xFFFFFFFF", Head(1, 0).Str("t").U32(uint.MaxValue).U64(1).U32(0).U64(0).ToArray(), GgufCodes.Dims },
        { "tensor name of 2^62 bytes", Head(1, 0).Str("t", 1UL << 62).U32(1).U64(1).U32(0).U64(0).ToArray(), GgufCodes.TensorName },
        { "dims whose product overflows", Head(1, 0).Str("t").U32(4).U64(1UL << 40).U64(1UL << 40).U64(1UL << 40).U64(1UL << 40).U32(0).U64(0).ToArray(), GgufCodes.Dims },
        { "alignment 0", Head(0, 1).Str("general.alignment").U32(4).U32(0).U64(0).ToArray(), GgufCodes.Alignment },
        { "alignment 3", Head(0, 1).Str("general.alignment").U32(4).U32(3).U64(0).ToArray(), GgufCodes.Alignment },
        { "alignment 2^40 (u64)", Head(0, 1).Str("general.alignment").U32(10).U64(1UL << 40).ToArray(), GgufCodes.Alignment },
        { "alignment 2^31 (u32)", Head(0, 1).Str("general.alignment").U32(4).U32(1u << 31).U64(0).ToArray(), GgufCodes.Alignment },
        { "offset 2^63", Head(1, 0).Str("t").U32(1).U64(8).U32(0).U64(1UL << 63).ToArray(), GgufCodes.Offset },
        { "offset near 2^63, aligned", Head(1, 0).Str("t").U32(1).U64(8).U32(0).U64((ulong)long.MaxValue - 31).ToArray(), GgufCodes.Offset },
        // An unknown type id is only a warning, but its data must still start inside the file.
        { "type id u32 max, no data", Head(1, 0).Str("t").U32(1).U64(8).U32(uint.MaxValue).U64(0).ToArray(), "CKPT_TRUNCATED" },
        { "value type u32 max", Head(0, 1).Str("k").U32(uint.MaxValue).U64(0).ToArray(), GgufCodes.ValueType },
    };

    [Theory]
    [MemberData(nameof(GgufCases))]
    public async Task Hostile_gguf_headers_fail_small(string what, byte[] file, string code)
    {
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var ex = await Assert.ThrowsAsync<CheckpointFormatException>(() => GgufReaderTests.ReadAsync(file));
        var used = GC.GetAllocatedBytesForCurrentThread() - allocated;
        Assert.True(code == ex.Code, $"{what}: expected {code}, got {ex.Code}: {ex.Message}");
        Assert.True(used < AllocationBudget, $"{what}: allocated {used} bytes");
    }

    [Fact]
    public async Task Deeply_nested_arrays_stop_at_the_depth_limit()
    {
        var w = Head(0, 1).Str("k").U32(9);
        for (var i = 0; i < 1000; i++) w.U32(9).U64(1);
        w.U32(0).U64(0);
        var ex = await Assert.ThrowsAsync<CheckpointFormatException>(() => GgufReaderTests.ReadAsync(w.ToArray()));
        Assert.Equal(GgufCodes.ValueType, ex.Code);
    }

    public static TheoryData<string, byte[], string> SafetensorsCases() => new()
    {
        { "header length u64 max", SafetensorsBytes.Raw(ulong.MaxValue, "{}"u8.ToArray()), SafetensorsCodes.HeaderTooLarge },
        { "header length 99 MB in a tiny file", SafetensorsBytes.Raw(99_000_000, "{}"u8.ToArray()), SafetensorsCodes.HeaderLength },
        { "dims 2^64-1", SafetensorsBytes.Make("{\"a\":{\"dtype\":\"F32\",\"shape\":[18446744073709551615,18446744073709551615],\"data_offsets\":[0,4]}}", 4), SafetensorsCodes.Overflow },
        { "END 2^64-1", SafetensorsBytes.Make("{\"a\":{\"dtype\":\"U8\",\"shape\":[18446744073709551615],\"data_offsets\":[0,18446744073709551615]}}", 4), SafetensorsCodes.Overflow },
        { "END 2^64-1, consistent shape", SafetensorsBytes.Make("{\"a\":{\"dtype\":\"U8\",\"shape\":[1,2305843009213693951],\"data_offsets\":[0,2305843009213693951]}}", 4), "CKPT_TRUNCATED" },
        { "a million dims", SafetensorsBytes.Make("{\"a\":{\"dtype\":\"U8\",\"shape\":[" + string.Join(",", Enumerable.Repeat("1", 100_000)) + "],\"data_offsets\":[0,2]}}", 2), SafetensorsCodes.SizeMismatch },
    };

    [Theory]
    [MemberData(nameof(SafetensorsCases))]
    public async Task Hostile_safetensors_headers_fail_small(string what, byte[] file, string code)
    {
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var ex = await Assert.ThrowsAsync<CheckpointFormatException>(() => SafetensorsReaderTests.ReadAsync(file));
        var used = GC.GetAllocatedBytesForCurrentThread() - allocated;
        Assert.True(code == ex.Code, $"{what}: expected {code}, got {ex.Code}: {ex.Message}");
        // Nothing sized by a declared count: at most a small multiple of the file itself (the header is read whole by design).
        Assert.True(used < 16L * file.Length + AllocationBudget, $"{what}: allocated {used} bytes for a file of {file.Length}");
    }
}
