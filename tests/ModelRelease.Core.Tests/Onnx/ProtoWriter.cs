using System.Text;

namespace ModelRelease.Core.Tests.Onnx;

/// <summary>Writes protobuf fields by hand for crafted ONNX models.</summary>
public sealed class ProtoWriter
{
    private readonly MemoryStream _out = new();

    public ProtoWriter Varint(ulong v)
    {
        do
        {
            var b = (byte)(v & 0x7F);
            v >>= 7;
            _out.WriteByte(v != 0 ? (byte)(b | 0x80) : b);
        }
        while (v != 0);
        return this;
    }

    public ProtoWriter Tag(int field, int wire) => Varint((ulong)((field << 3) | wire));
    public ProtoWriter Int(int field, long v) => Tag(field, 0).Varint(unchecked((ulong)v));
    public ProtoWriter Bytes(int field, byte[] b) { Tag(field, 2).Varint((ulong)b.Length); _out.Write(b); return this; }
    public ProtoWriter Str(int field, string s) => Bytes(field, Encoding.UTF8.GetBytes(s));
    public ProtoWriter Message(int field, ProtoWriter m) => Bytes(field, m.ToArray());
    public byte[] ToArray() => _out.ToArray();

    /// <summary>A TensorProto with dims, data_type, name and optional raw data.</summary>
    public static ProtoWriter Tensor(string name, int dataType, long[] dims, byte[]? raw = null)
    {
        var t = new ProtoWriter();
        foreach (var d in dims) t.Int(1, d);
        t.Int(2, dataType).Str(8, name);
        if (raw is not null) t.Bytes(9, raw);
        return t;
    }

    public static ProtoWriter External(string name, int dataType, long[] dims, string location, long? offset = null, long? length = null)
    {
        var t = new ProtoWriter();
        foreach (var d in dims) t.Int(1, d);
        t.Int(2, dataType).Str(8, name);
        t.Message(13, new ProtoWriter().Str(1, "location").Str(2, location));
        if (offset is { } o) t.Message(13, new ProtoWriter().Str(1, "offset").Str(2, o.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        if (length is { } l) t.Message(13, new ProtoWriter().Str(1, "length").Str(2, l.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return t.Int(14, 1);
    }

    /// <summary>A ModelProto: ir_version 8, opset 13, a graph holding the initializers.</summary>
    public static byte[] Model(params ProtoWriter[] initializers)
    {
        var graph = new ProtoWriter().Str(2, "g");
        foreach (var i in initializers) graph.Message(5, i);
        return new ProtoWriter().Int(1, 8).Str(2, "test").Message(7, graph).Message(8, new ProtoWriter().Str(1, "").Int(2, 13)).ToArray();
    }
}
