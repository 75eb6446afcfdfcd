using System.Buffers.Binary;
using System.Text;

namespace ModelRelease.Core.Tests.Safetensors;

/// <summary>Crafts safetensors files for tests: an 8-byte length, a JSON header, then data bytes.</summary>
internal static class SafetensorsBytes
{
    /// <summary>Header <paramref name="json"/> (padded with spaces to a multiple of 8 like the reference writer) + <paramref name="dataBytes"/> bytes of pattern data.</summary>
    public static byte[] Make(string json, long dataBytes, bool pad = true)
    {
        var header = Encoding.UTF8.GetBytes(json);
        var padding = pad ? (8 - header.Length % 8) % 8 : 0;
        var bytes = new byte[8 + header.Length + padding + dataBytes];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)(header.Length + padding));
        header.CopyTo(bytes, 8);
        for (var i = 0; i < padding; i++) bytes[8 + header.Length + i] = (byte)' ';
        for (long i = 0; i < dataBytes; i++) bytes[8 + header.Length + padding + i] = (byte)(i * 13 + 5);
        return bytes;
    }

    /// <summary>An 8-byte length of <paramref name="declared"/> followed by <paramref name="rest"/>.</summary>
    public static byte[] Raw(ulong declared, byte[] rest)
    {
        var bytes = new byte[8 + rest.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, declared);
        rest.CopyTo(bytes, 8);
        return bytes;
    }

    /// <summary>The absolute offset of the first occurrence of <paramref name="text"/> in the file (for asserting error offsets).</summary>
    public static long OffsetOf(byte[] file, string text)
    {
        var i = file.AsSpan().IndexOf(Encoding.UTF8.GetBytes(text));
        if (i < 0) throw new InvalidOperationException($"'{text}' is not in the file");
        return i;
    }
}
