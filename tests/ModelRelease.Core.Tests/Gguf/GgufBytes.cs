using System.Buffers.Binary;
using System.Text;

namespace ModelRelease.Core.Tests.Gguf;

/// <summary>A little byte writer for crafting GGUF files in tests, in either byte order.</summary>
internal sealed class GgufBytes
{
    private readonly MemoryStream _stream = new();

    public GgufBytes(bool bigEndian = false) => BigEndian = bigEndian;

    public bool BigEndian { get; }

    public long Length => _stream.Length;

    public GgufBytes Raw(ReadOnlySpan<byte> bytes) { _stream.Write(bytes); return this; }

    public GgufBytes U8(byte v) { _stream.WriteByte(v); return this; }

    public GgufBytes U16(ushort v)
    {
        Span<byte> b = stackalloc byte[2];
        if (BigEndian) BinaryPrimitives.WriteUInt16BigEndian(b, v); else BinaryPrimitives.WriteUInt16LittleEndian(b, v);
        return Raw(b);
    }

    public GgufBytes U32(uint v)
    {
        Span<byte> b = stackalloc byte[4];
        if (BigEndian) BinaryPrimitives.WriteUInt32BigEndian(b, v); else BinaryPrimitives.WriteUInt32LittleEndian(b, v);
        return Raw(b);
    }

    public GgufBytes U64(ulong v)
    {
        Span<byte> b = stackalloc byte[8];
        if (BigEndian) BinaryPrimitives.WriteUInt64BigEndian(b, v); else BinaryPrimitives.WriteUInt64LittleEndian(b, v);
        return Raw(b);
    }

    public GgufBytes I32(int v) => U32((uint)v);
    public GgufBytes I64(long v) => U64((ulong)v);
    public GgufBytes F32(float v) => U32(BitConverter.SingleToUInt32Bits(v));
    public GgufBytes F64(double v) => U64(BitConverter.DoubleToUInt64Bits(v));

    /// <summary>gguf_string: u64 length + bytes (the length can be forged).</summary>
    public GgufBytes Str(string s, ulong? declaredLength = null) => Bytes(Encoding.UTF8.GetBytes(s), declaredLength);

    public GgufBytes Bytes(byte[] bytes, ulong? declaredLength = null)
    {
        U64(declaredLength ?? (ulong)bytes.Length);
        return Raw(bytes);
    }

    public GgufBytes PadTo(long alignment)
    {
        while (_stream.Length % alignment != 0) _stream.WriteByte(0);
        return this;
    }

    public byte[] ToArray() => _stream.ToArray();
}
