namespace ModelRelease.Core.Hashing;

/// <summary>
/// Joins the CRC-32 (zip's polynomial, as <see cref="System.IO.Hashing.Crc32"/> computes it) of two
/// adjacent runs of bytes into the CRC-32 of their concatenation, knowing only the second run's length:
/// zlib's <c>crc32_combine</c>. Pieces of one record hashed on different cores, or one block after
/// another, make the record's CRC without a second pass.
/// </summary>
public static class Crc32Combination
{
    private const uint Polynomial = 0xEDB88320; // reflected 0x04C11DB7

    /// <summary>x^(2^k) modulo the polynomial, for k = 0…31 (x^(2^(k+3)) is one more byte doubling).</summary>
    private static readonly uint[] PowersOfTwo = MakePowers();

    /// <summary>CRC-32 of A followed by B, from CRC-32(A), CRC-32(B) and B's length in bytes.</summary>
    public static uint Combine(uint first, uint second, long secondLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(secondLength);
        return MultiplyModP(XPowerEightN(secondLength), first) ^ second;
    }

    /// <summary>x^(8n) modulo the polynomial: appending n zero bytes multiplies a CRC by this.</summary>
    private static uint XPowerEightN(long n)
    {
        var p = 1u << 31; // x^0
        var k = 3;        // 8n = n·2^3
        while (n != 0)
        {
            if ((n & 1) != 0) p = MultiplyModP(PowersOfTwo[k & 31], p);
            n >>= 1;
            k++;
        }
        return p;
    }

    /// <summary>a·b modulo the polynomial, in zip's bit-reflected representation.</summary>
    private static uint MultiplyModP(uint a, uint b)
    {
        var p = 0u;
        for (var m = 1u << 31; m != 0; m >>= 1)
        {
            if ((a & m) != 0) p ^= b;
            b = (b & 1) != 0 ? (b >> 1) ^ Polynomial : b >> 1;
        }
        return p;
    }

    private static uint[] MakePowers()
    {
        var table = new uint[32];
        var p = 1u << 30; // x^1
        table[0] = p;
        for (var k = 1; k < 32; k++) table[k] = p = MultiplyModP(p, p);
        return table;
    }
}
