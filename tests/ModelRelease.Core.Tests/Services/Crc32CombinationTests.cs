using System.IO.Hashing;
using ModelRelease.Core.Hashing;

namespace ModelRelease.Core.Tests.Services;

public class Crc32CombinationTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Joining_the_CRCs_of_two_runs_gives_the_CRC_of_their_concatenation(int seed)
    {
        var rng = new Random(seed);
        for (var i = 0; i < 200; i++)
        {
            var bytes = new byte[rng.Next(0, 5000)];
            rng.NextBytes(bytes);
            var cut = rng.Next(0, bytes.Length + 1);
            var joined = Crc32Combination.Combine(Crc32.HashToUInt32(bytes.AsSpan(0, cut)), Crc32.HashToUInt32(bytes.AsSpan(cut)), bytes.Length - cut);
            Assert.Equal(Crc32.HashToUInt32(bytes), joined);
        }
    }

    [Fact]
    public void Many_pieces_joined_in_order_give_the_whole_CRC()
    {
        var rng = new Random(9);
        var bytes = new byte[3 << 20];
        rng.NextBytes(bytes);
        var crc = 0u;
        for (var at = 0; at < bytes.Length;)
        {
            var n = Math.Min(bytes.Length - at, rng.Next(1, 300_000));
            crc = Crc32Combination.Combine(crc, Crc32.HashToUInt32(bytes.AsSpan(at, n)), n);
            at += n;
        }
        Assert.Equal(Crc32.HashToUInt32(bytes), crc);
    }

    [Fact]
    public void Lengths_beyond_4_GiB_are_joined_exactly()
    {
        // CRC(A ++ 5 GiB of zeros) two ways: zeros appended 64 MiB at a time (each step checked against a
        // direct CRC once), and one join over the whole length (exponents past 2^32 bytes)
        var a = "torch"u8.ToArray();
        var zeros = new byte[64 << 20];
        var zerosCrc = Crc32.HashToUInt32(zeros);
        var direct = new Crc32();
        direct.Append(a);
        direct.Append(zeros);
        Assert.Equal(direct.GetCurrentHashAsUInt32(), Crc32Combination.Combine(Crc32.HashToUInt32(a), zerosCrc, zeros.Length));
        const long total = 5L << 30;
        var stepwise = Crc32.HashToUInt32(a);
        var zerosSoFar = 0u;
        for (long done = 0; done < total; done += zeros.Length)
        {
            stepwise = Crc32Combination.Combine(stepwise, zerosCrc, zeros.Length);
            zerosSoFar = Crc32Combination.Combine(zerosSoFar, zerosCrc, zeros.Length);
        }
        Assert.Equal(stepwise, Crc32Combination.Combine(Crc32.HashToUInt32(a), zerosSoFar, total));
    }

    [Fact]
    public void An_empty_second_run_leaves_the_first_CRC() =>
        Assert.Equal(0xCBF43926u, Crc32Combination.Combine(Crc32.HashToUInt32("123456789"u8), 0, 0));
}
