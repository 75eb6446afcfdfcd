using ModelRelease.Core.Checkpoints.Common;
using ModelRelease.Core.Checkpoints.Deep;

namespace ModelRelease.Core.Tests.Services;

public class NonFiniteScannerTests
{
    // Reference classification through the BCL's own floating-point types.
    private static (long NaN, long Pos, long Neg) Reference(NumericKind kind, byte[] data, bool bigEndian)
    {
        long nan = 0, pos = 0, neg = 0;
        var size = DTypeCatalog.ElementSize(kind);
        for (var i = 0; i + size <= data.Length; i += size)
        {
            var e = data.AsSpan(i, size).ToArray();
            if (bigEndian) Array.Reverse(e);
            double v = kind switch
            {
                NumericKind.Float16 => (double)BitConverter.ToHalf(e),
                NumericKind.BFloat16 => BitConverter.UInt32BitsToSingle((uint)BitConverter.ToUInt16(e) << 16),
                NumericKind.Float32 => BitConverter.ToSingle(e),
                _ => BitConverter.ToDouble(e),
            };
            if (double.IsNaN(v)) nan++;
            else if (double.IsPositiveInfinity(v)) pos++;
            else if (double.IsNegativeInfinity(v)) neg++;
        }
        return (nan, pos, neg);
    }

    public static TheoryData<NumericKind, bool, int> Cases()
    {
        var data = new TheoryData<NumericKind, bool, int>();
        foreach (var kind in new[] { NumericKind.Float16, NumericKind.BFloat16, NumericKind.Float32, NumericKind.Float64 })
        {
            foreach (var be in new[] { false, true })
            {
                foreach (var n in new[] { 0, 1, 7, 33, 1000, 4099 }) data.Add(kind, be, n);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Counts_match_the_reference_classification(NumericKind kind, bool bigEndian, int elements)
    {
        var size = DTypeCatalog.ElementSize(kind);
        var rng = new Random(elements * 31 + (int)kind);
        var data = new byte[elements * size];
        rng.NextBytes(data); // random bits: plenty of NaN/Inf patterns for the 16-bit kinds, some for the others
        // Force some known non-finite values at random places.
        for (var k = 0; k < elements / 10; k++)
        {
            var at = rng.Next(elements) * size;
            var hi = bigEndian ? at : at + size - 1;
            data[hi] |= 0x7F;
            var second = bigEndian ? at + 1 : at + size - 2;
            data[second] |= kind switch { NumericKind.Float16 => 0x7C, NumericKind.BFloat16 => 0x80, NumericKind.Float32 => 0x80, _ => 0xF0 };
        }
        var expected = Reference(kind, data, bigEndian);
        var got = NonFiniteScanner.Count(kind, data, bigEndian);
        Assert.Equal(expected, (got.NaN, got.PositiveInfinity, got.NegativeInfinity));
    }

    [Fact]
    public void Finite_data_has_no_findings()
    {
        var data = Enumerable.Range(0, 10_000).Select(i => (float)Math.Sin(i)).SelectMany(BitConverter.GetBytes).ToArray();
        Assert.False(NonFiniteScanner.Count(NumericKind.Float32, data).Any);
    }

    [Fact]
    public void Integers_are_not_classified()
    {
        Assert.False(NonFiniteScanner.Count(NumericKind.Other, Enumerable.Repeat((byte)0xFF, 64).ToArray()).Any);
    }
}
