using System.Buffers.Binary;
using System.Text;
using System.Text.Json;

namespace ModelRelease.Core.Tests.Safetensors;

/// <summary>Writes a well-formed safetensors file from tensors given as (name, dtype, shape, little-endian element bytes), as the reference writer lays it out.</summary>
public static class SafetensorsWriter
{
    public static byte[] Write(IEnumerable<(string Name, string DType, long[] Shape, byte[] Data)> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var list = tensors.ToList();
        var header = new Dictionary<string, object>(StringComparer.Ordinal);
        if (metadata is not null) header["__metadata__"] = metadata;
        long offset = 0;
        foreach (var (name, dtype, shape, data) in list)
        {
            header[name] = new Dictionary<string, object> { ["dtype"] = dtype, ["shape"] = shape, ["data_offsets"] = new[] { offset, offset + data.Length } };
            offset += data.Length;
        }
        var json = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(header));
        var padding = (8 - json.Length % 8) % 8;
        using var ms = new MemoryStream();
        var length = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)(json.Length + padding));
        ms.Write(length);
        ms.Write(json);
        for (var i = 0; i < padding; i++) ms.WriteByte((byte)' ');
        foreach (var t in list) ms.Write(t.Data);
        return ms.ToArray();
    }
}
