using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using ModelRelease.Core.Checkpoints.Common;

namespace ModelRelease.Core.Checkpoints.Deep;

/// <summary>
/// Counts NaN and ±Inf in raw little- or big-endian F16, BF16, F32 and F64 data. An element is
/// non-finite exactly when all its exponent bits are set; the fast path tests whole SIMD vectors for
/// that and only classifies the (rare) vectors that contain one. The loops are compiled fully optimised
/// from the first call (no tiering): a deep scan is one long run through them.
/// </summary>
public static class NonFiniteScanner
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static NonFiniteCounts Count(NumericKind kind, ReadOnlySpan<byte> data, bool bigEndian = false) => kind switch
    {
        NumericKind.Float16 => Count16(data, bigEndian, exponentMask: 0x7C00, mantissaMask: 0x03FF),
        NumericKind.BFloat16 => Count16(data, bigEndian, exponentMask: 0x7F80, mantissaMask: 0x007F),
        NumericKind.Float32 => Count32(data, bigEndian),
        NumericKind.Float64 => Count64(data, bigEndian),
        _ => default,
    };

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static NonFiniteCounts Count16(ReadOnlySpan<byte> data, bool bigEndian, ushort exponentMask, ushort mantissaMask)
    {
        var values = MemoryMarshal.Cast<byte, ushort>(data[..(data.Length & ~1)]);
        if (bigEndian == BitConverter.IsLittleEndian) return Scalar16(values, swap: true, exponentMask, mantissaMask);
        var counts = default(NonFiniteCounts);
        var mask = new Vector<ushort>(exponentMask);
        var i = 0;
        var step = Vector<ushort>.Count;
        for (; i + step <= values.Length; i += step)
        {
            var v = new Vector<ushort>(values.Slice(i, step));
            if (Vector.EqualsAny(v & mask, mask))
            {
                counts.Add(Scalar16(values.Slice(i, step), swap: false, exponentMask, mantissaMask));
            }
        }
        counts.Add(Scalar16(values[i..], swap: false, exponentMask, mantissaMask));
        return counts;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static NonFiniteCounts Scalar16(ReadOnlySpan<ushort> values, bool swap, ushort exponentMask, ushort mantissaMask)
    {
        var counts = default(NonFiniteCounts);
        foreach (var raw in values)
        {
            var x = swap ? BinaryPrimitives.ReverseEndianness(raw) : raw;
            if ((x & exponentMask) != exponentMask) continue;
            if ((x & mantissaMask) != 0) counts.NaN++;
            else if ((x & 0x8000) != 0) counts.NegativeInfinity++;
            else counts.PositiveInfinity++;
        }
        return counts;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static NonFiniteCounts Count32(ReadOnlySpan<byte> data, bool bigEndian)
    {
        const uint exponentMask = 0x7F80_0000;
        var values = MemoryMarshal.Cast<byte, uint>(data[..(data.Length & ~3)]);
        if (bigEndian == BitConverter.IsLittleEndian) return Scalar32(values, swap: true);
        var counts = default(NonFiniteCounts);
        var mask = new Vector<uint>(exponentMask);
        var i = 0;
        var step = Vector<uint>.Count;
        // Unrolled by four: OR the masked-equality results so the common all-finite case costs one branch per 4 vectors.
        for (; i + 4 * step <= values.Length; i += 4 * step)
        {
            var a = Vector.Equals(new Vector<uint>(values.Slice(i, step)) & mask, mask);
            var b = Vector.Equals(new Vector<uint>(values.Slice(i + step, step)) & mask, mask);
            var c = Vector.Equals(new Vector<uint>(values.Slice(i + 2 * step, step)) & mask, mask);
            var d = Vector.Equals(new Vector<uint>(values.Slice(i + 3 * step, step)) & mask, mask);
            if (!((a | b) | (c | d)).Equals(Vector<uint>.Zero))
            {
                counts.Add(Scalar32(values.Slice(i, 4 * step), swap: false));
            }
        }
        for (; i + step <= values.Length; i += step)
        {
            if (Vector.EqualsAny(new Vector<uint>(values.Slice(i, step)) & mask, mask))
            {
                counts.Add(Scalar32(values.Slice(i, step), swap: false));
            }
        }
        counts.Add(Scalar32(values[i..], swap: false));
        return counts;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static NonFiniteCounts Scalar32(ReadOnlySpan<uint> values, bool swap)
    {
        var counts = default(NonFiniteCounts);
        foreach (var raw in values)
        {
            var x = swap ? BinaryPrimitives.ReverseEndianness(raw) : raw;
            if ((x & 0x7F80_0000) != 0x7F80_0000) continue;
            if ((x & 0x007F_FFFF) != 0) counts.NaN++;
            else if ((x & 0x8000_0000) != 0) counts.NegativeInfinity++;
            else counts.PositiveInfinity++;
        }
        return counts;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static NonFiniteCounts Count64(ReadOnlySpan<byte> data, bool bigEndian)
    {
        const ulong exponentMask = 0x7FF0_0000_0000_0000;
        var values = MemoryMarshal.Cast<byte, ulong>(data[..(data.Length & ~7)]);
        if (bigEndian == BitConverter.IsLittleEndian) return Scalar64(values, swap: true);
        var counts = default(NonFiniteCounts);
        var mask = new Vector<ulong>(exponentMask);
        var i = 0;
        var step = Vector<ulong>.Count;
        for (; i + step <= values.Length; i += step)
        {
            if (Vector.EqualsAny(new Vector<ulong>(values.Slice(i, step)) & mask, mask))
            {
                counts.Add(Scalar64(values.Slice(i, step), swap: false));
            }
        }
        counts.Add(Scalar64(values[i..], swap: false));
        return counts;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static NonFiniteCounts Scalar64(ReadOnlySpan<ulong> values, bool swap)
    {
        var counts = default(NonFiniteCounts);
        foreach (var raw in values)
        {
            var x = swap ? BinaryPrimitives.ReverseEndianness(raw) : raw;
            if ((x & 0x7FF0_0000_0000_0000) != 0x7FF0_0000_0000_0000) continue;
            if ((x & 0x000F_FFFF_FFFF_FFFF) != 0) counts.NaN++;
            else if ((x & 0x8000_0000_0000_0000) != 0) counts.NegativeInfinity++;
            else counts.PositiveInfinity++;
        }
        return counts;
    }
}
