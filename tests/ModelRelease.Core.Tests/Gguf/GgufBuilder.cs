using System.Text;
using ModelRelease.Core.Checkpoints.Gguf;

namespace ModelRelease.Core.Tests.Gguf;

/// <summary>
/// Writes small GGUF files for tests: key/values of any type, tensor infos with offsets laid out as
/// ggml expects (or forged), padding, and data filled with a recognisable pattern. Every field can be
/// overridden to craft hostile headers.
/// </summary>
internal sealed class GgufBuilder
{
    private readonly List<(string Key, uint Type, Action<GgufBytes> Value, byte[]? RawKey)> _kvs = [];
    private readonly List<Tensor> _tensors = [];

    public sealed record Tensor(string Name, uint Type, ulong[] Ne)
    {
        public ulong? Offset { get; init; }
        public long? DataBytes { get; init; }
        public uint? NDims { get; init; }
        public ulong? NameLength { get; init; }
    }

    public bool BigEndian { get; init; }
    public uint Version { get; init; } = 3;
    public byte[] Magic { get; init; } = "GGUF"u8.ToArray();
    public long Alignment { get; init; } = 32;
    public ulong? TensorCount { get; init; }
    public ulong? KvCount { get; init; }
    /// <summary>Bytes to cut from the end (truncation).</summary>
    public int Cut { get; init; }
    /// <summary>Extra bytes after the data.</summary>
    public int Trailing { get; init; }
    /// <summary>When false, no data section is written (header only: for forged offsets or virtual large files).</summary>
    public bool WriteData { get; init; } = true;
    /// <summary>When false, the last tensor's data is not padded.</summary>
    public bool PadLast { get; init; } = true;

    public GgufBuilder Kv(string key, uint type, Action<GgufBytes> value) { _kvs.Add((key, type, value, null)); return this; }
    public GgufBuilder KvRawKey(byte[] key, uint type, Action<GgufBytes> value) { _kvs.Add(("", type, value, key)); return this; }

    public GgufBuilder Kv(string key, string value) => Kv(key, (uint)GgufValueType.String, w => w.Str(value));
    public GgufBuilder Kv(string key, byte value) => Kv(key, (uint)GgufValueType.UInt8, w => w.U8(value));
    public GgufBuilder Kv(string key, sbyte value) => Kv(key, (uint)GgufValueType.Int8, w => w.U8((byte)value));
    public GgufBuilder Kv(string key, ushort value) => Kv(key, (uint)GgufValueType.UInt16, w => w.U16(value));
    public GgufBuilder Kv(string key, short value) => Kv(key, (uint)GgufValueType.Int16, w => w.U16((ushort)value));
    public GgufBuilder Kv(string key, uint value) => Kv(key, (uint)GgufValueType.UInt32, w => w.U32(value));
    public GgufBuilder Kv(string key, int value) => Kv(key, (uint)GgufValueType.Int32, w => w.I32(value));
    public GgufBuilder Kv(string key, ulong value) => Kv(key, (uint)GgufValueType.UInt64, w => w.U64(value));
    public GgufBuilder Kv(string key, long value) => Kv(key, (uint)GgufValueType.Int64, w => w.I64(value));
    public GgufBuilder Kv(string key, float value) => Kv(key, (uint)GgufValueType.Float32, w => w.F32(value));
    public GgufBuilder Kv(string key, double value) => Kv(key, (uint)GgufValueType.Float64, w => w.F64(value));
    public GgufBuilder Kv(string key, bool value) => Kv(key, (uint)GgufValueType.Bool, w => w.U8(value ? (byte)1 : (byte)0));

    public GgufBuilder Array(string key, GgufValueType elementType, int count, Action<GgufBytes, int> element) =>
        Kv(key, (uint)GgufValueType.Array, w =>
        {
            w.U32((uint)elementType).U64((ulong)count);
            for (var i = 0; i < count; i++) element(w, i);
        });

    public GgufBuilder Add(Tensor tensor) { _tensors.Add(tensor); return this; }

    public GgufBuilder Add(string name, string type, params ulong[] ne) =>
        Add(new Tensor(name, GgmlType.FindByName(type)!.Id, ne));

    /// <summary>Byte size of a tensor as ggml computes it (known types), or its declared size.</summary>
    public static long SizeOf(Tensor t)
    {
        if (t.DataBytes is long b) return b;
        var type = GgmlType.Find(t.Type) ?? throw new InvalidOperationException($"give DataBytes for unknown type {t.Type}");
        long n = 1;
        foreach (var d in t.Ne) n *= (long)d;
        return n / type.BlockSize * type.TypeSize;
    }

    private static long AlignUp(long v, long a) => (v + a - 1) / a * a;

    /// <summary>Where each tensor's data starts, relative to the data section (ggml's running padded sum unless forged).</summary>
    public IReadOnlyList<long> Offsets()
    {
        var offsets = new List<long>();
        long running = 0;
        foreach (var t in _tensors)
        {
            offsets.Add(t.Offset is ulong o ? (long)o : running);
            running = AlignUp((t.Offset is ulong o2 ? (long)o2 : running) + SizeOf(t), Alignment);
        }
        return offsets;
    }

    /// <summary>The byte pattern of tensor <paramref name="index"/>'s data.</summary>
    public static byte Pattern(int index, long i) => (byte)(index * 31 + i * 7 + 1);

    public byte[] Build()
    {
        var w = new GgufBytes(BigEndian);
        w.Raw(Magic).U32(Version);
        w.U64(TensorCount ?? (ulong)_tensors.Count);
        w.U64(KvCount ?? (ulong)_kvs.Count);
        foreach (var (key, type, value, rawKey) in _kvs)
        {
            w.Bytes(rawKey ?? Encoding.UTF8.GetBytes(key));
            w.U32(type);
            value(w);
        }
        var offsets = Offsets();
        for (var i = 0; i < _tensors.Count; i++)
        {
            var t = _tensors[i];
            var name = Encoding.UTF8.GetBytes(t.Name);
            w.Bytes(name, t.NameLength);
            w.U32(t.NDims ?? (uint)t.Ne.Length);
            foreach (var d in t.Ne) w.U64(d);
            w.U32(t.Type);
            w.U64((ulong)offsets[i]);
        }
        if (_tensors.Count > 0) w.PadTo(Alignment);
        var dataStart = w.Length;
        for (var i = 0; WriteData && i < _tensors.Count; i++)
        {
            var t = _tensors[i];
            while (w.Length < dataStart + offsets[i]) w.U8(0);
            var size = SizeOf(t);
            for (long k = 0; k < size; k++) w.U8(Pattern(i, k));
            if (PadLast || i < _tensors.Count - 1) w.PadTo(Alignment);
        }
        for (var i = 0; i < Trailing; i++) w.U8(0xEE);
        var bytes = w.ToArray();
        return Cut > 0 ? bytes[..^Cut] : bytes;
    }
}
