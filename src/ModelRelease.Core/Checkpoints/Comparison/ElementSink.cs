using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace ModelRelease.Core.Checkpoints.Comparison;

/// <summary>Receives bytes.</summary>
internal delegate void BytesAction(ReadOnlySpan<byte> bytes);

/// <summary>
/// Takes a tensor's elements in row-major order, in pieces of any size, and hands them on little-endian: with a byte
/// order to change, the pieces are collected in a small buffer and each element (each half of a complex number) is
/// reversed before they go on; otherwise they go on as they come.
/// </summary>
internal sealed class ElementSink : IDisposable
{
    private const int StageBytes = 1 << 16; // a multiple of every swap size (2, 4, 8)
    private readonly BytesAction _output;
    private readonly int _swapBytes;
    private byte[]? _stage;
    private int _count;

    public ElementSink(int swapBytes, BytesAction output)
    {
        _swapBytes = swapBytes;
        _output = output;
        if (swapBytes > 1) _stage = ArrayPool<byte>.Shared.Rent(StageBytes);
    }

    public void Append(ReadOnlySpan<byte> bytes)
    {
        if (_stage is null)
        {
            _output(bytes);
            return;
        }
        while (!bytes.IsEmpty)
        {
            var n = Math.Min(StageBytes - _count, bytes.Length);
            bytes[..n].CopyTo(_stage.AsSpan(_count));
            _count += n;
            bytes = bytes[n..];
            if (_count == StageBytes) Flush();
        }
    }

    /// <summary>Hands on what is still collected.</summary>
    public void Complete()
    {
        if (_count > 0) Flush();
    }

    private void Flush()
    {
        var span = _stage.AsSpan(0, _count);
        Reverse(span, _swapBytes);
        _output(span);
        _count = 0;
    }

    /// <summary>Reverses the bytes of each <paramref name="unit"/>-byte value of <paramref name="bytes"/> in place (a trailing partial value is left).</summary>
    public static void Reverse(Span<byte> bytes, int unit)
    {
        var whole = bytes[..(bytes.Length / unit * unit)];
        switch (unit)
        {
            case 2:
                var u16 = MemoryMarshal.Cast<byte, ushort>(whole);
                BinaryPrimitives.ReverseEndianness(u16, u16);
                break;
            case 4:
                var u32 = MemoryMarshal.Cast<byte, uint>(whole);
                BinaryPrimitives.ReverseEndianness(u32, u32);
                break;
            case 8:
                var u64 = MemoryMarshal.Cast<byte, ulong>(whole);
                BinaryPrimitives.ReverseEndianness(u64, u64);
                break;
        }
    }

    public void Dispose()
    {
        if (_stage is not null) ArrayPool<byte>.Shared.Return(_stage);
        _stage = null;
    }
}
