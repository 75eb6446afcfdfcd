using ModelRelease.Core.Checkpoints.Common;

namespace ModelRelease.Core.Tests.Support;

public class CommonReaderTests
{
    [Fact]
    public void Manifest_is_found_and_lists_fixtures()
    {
        Assert.True(Fixtures.Files.Count() > 10);
        Assert.True(File.Exists(Fixtures.Path("gguf/basic-types.gguf")));
    }

    [Fact]
    public async Task SequentialReader_reports_truncation_with_offset()
    {
        using var src = new MemoryByteSource("mem.bin", new byte[] { 1, 2, 3 });
        var r = new SequentialReader(src);
        Assert.Equal(1, await r.ReadByteAsync("first byte", default));
        var ex = await Assert.ThrowsAsync<CheckpointFormatException>(async () => await r.ReadUInt32Async("a u32", default));
        Assert.Equal("CKPT_TRUNCATED", ex.Code);
        Assert.Equal(1, ex.Offset);
        Assert.Equal("mem.bin", ex.FilePath);
    }

    [Fact]
    public async Task SequentialReader_refuses_allocation_larger_than_file()
    {
        using var src = new MemoryByteSource("mem.bin", new byte[16]);
        var r = new SequentialReader(src);
        var ex = await Assert.ThrowsAsync<CheckpointFormatException>(async () => await r.ReadBytesAsync(long.MaxValue, "blob", default));
        Assert.Equal("CKPT_TRUNCATED", ex.Code);
    }

    [Fact]
    public async Task SequentialReader_reads_across_buffer_refills_and_big_endian()
    {
        var bytes = new byte[100_000];
        for (var i = 0; i < bytes.Length; i++) bytes[i] = (byte)i;
        using var src = new MemoryByteSource("mem.bin", bytes);
        var r = new SequentialReader(src, bufferSize: 16);
        r.Skip(10, "skip");
        var block = await r.ReadBytesAsync(50_000, "block", default);
        Assert.Equal((byte)10, block[0]);
        Assert.Equal((byte)((50_000 + 9) & 0xFF), block[^1]);
        r.BigEndian = true;
        var v = await r.ReadUInt16Async("u16", default);
        Assert.Equal((ushort)((((50_010) & 0xFF) << 8) | ((50_011) & 0xFF)), v);
        Assert.Equal(50_012, r.Position);
    }

    [Theory]
    [InlineData(new long[] { }, 1L)]
    [InlineData(new long[] { 3, 4 }, 12L)]
    [InlineData(new long[] { 0, long.MaxValue }, 0L)]
    public void CheckedMath_products(long[] dims, long expected) => Assert.Equal(expected, CheckedMath.Product(dims));

    [Fact]
    public void CheckedMath_overflow_is_null() => Assert.Null(CheckedMath.Product([1L << 40, 1L << 40]));
}
