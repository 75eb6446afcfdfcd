namespace ModelRelease.Core.Checkpoints.Common;

/// <summary>Overflow-checked products for shapes and byte sizes read from untrusted headers.</summary>
public static class CheckedMath
{
    /// <summary>Product of <paramref name="dims"/> (1 for none), or null on overflow past long.MaxValue.</summary>
    public static long? Product(IReadOnlyList<long> dims) => dims is long[] array ? Product(array.AsSpan()) : Product(dims.ToArray().AsSpan());

    /// <summary>Product of <paramref name="dims"/> (1 for none), or null on overflow past long.MaxValue.</summary>
    public static long? Product(ReadOnlySpan<long> dims)
    {
        long p = 1;
        foreach (var d in dims)
        {
            if (d < 0) return null;
            if (d == 0) return 0; // a zero dimension wins even if later ones are huge
        }
        foreach (var d in dims)
        {
            if (p > long.MaxValue / d) return null;
            p *= d;
        }
        return p;
    }

    public static long? Multiply(long a, long b)
    {
        if (a < 0 || b < 0) return null;
        if (a == 0 || b == 0) return 0;
        return a > long.MaxValue / b ? null : a * b;
    }

    public static long? Add(long a, long b)
    {
        if (a < 0 || b < 0) return null;
        return a > long.MaxValue - b ? null : a + b;
    }

    /// <summary>Rounds <paramref name="value"/> up to a multiple of <paramref name="alignment"/> (a power of two), or null on overflow.</summary>
    public static long? AlignUp(long value, long alignment)
    {
        var r = value % alignment;
        return r == 0 ? value : Add(value, alignment - r);
    }
}
