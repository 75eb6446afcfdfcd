using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using ModelRelease.Core.Tests.Onnx;
using ModelRelease.Core.Tests.PyTorch;

namespace ModelRelease.Core.Tests.Support;

/// <summary>
/// Hostile checkpoints by class (issue 9: recursion, overflowing counts, fan-out, many tiny tensors, inflate bombs,
/// ONNX paths), made byte by byte and deterministic, so a test and the memory benchmark (bench/, which links this
/// file) feed the readers exactly the same inputs. Large inputs are written to a stream, never held whole.
/// </summary>
public static class HostileFiles
{
    // ---- recursion --------------------------------------------------------------------------------

    /// <summary>l = []; l.append(l); {l: 1} — a dict key that is a list containing itself.</summary>
    public static byte[] SelfContainingListKey() =>
        Zip(new PickleWriter().Proto().EmptyDict().EmptyList().Put(0).Get(0).Append().Int(1).SetItem().Stop().ToArray());

    /// <summary>{(((…(1,)…),),): 1} — a key nested <paramref name="depth"/> tuples deep (one TUPLE1 opcode a level).</summary>
    public static byte[] DeepTupleKey(int depth = 200_000)
    {
        var w = new PickleWriter().Proto().EmptyDict().Int(1);
        for (var i = 0; i < depth; i++) w.Tuple1();
        return Zip(w.Int(1).SetItem().Stop().ToArray());
    }

    /// <summary>
    /// {'w': _rebuild_from_type_v2(_rebuild_from_type_v2, Tensor, (_rebuild_from_type_v2, Tensor, (… (OrderedDict, Tensor, (), {}) …), {}), {})}:
    /// <paramref name="depth"/> rebuild calls, each naming the next as the function to apply; the innermost builds an empty OrderedDict.
    /// </summary>
    public static byte[] RebuildFromTypeChain(int depth = 45_000)
    {
        var w = new PickleWriter().Proto().EmptyDict().Str("w")
            .Global("torch._tensor", "_rebuild_from_type_v2").Put(0)
            .Global("torch", "Tensor").Put(1).Op((byte)'0')
            .Global("collections", "OrderedDict").Put(2).Op((byte)'0');
        for (var i = 0; i < depth; i++) w.Mark().Get(i < depth - 1 ? (byte)0 : (byte)2).Get(1);
        w.EmptyTuple();
        for (var i = 0; i < depth; i++) w.EmptyDict().Tuple();
        return Zip(w.Reduce().SetItem().Stop().ToArray());
    }

    /// <summary>
    /// A random nesting of lists, tuples, dicts (the nested part as a value, or inside a tuple used as a key) and lists that
    /// contain themselves, 1 to <paramref name="maxDepth"/> levels deep, under 'w' of a state dict. Seeded: the same seed
    /// gives the same bytes. Also says whether a reader must refuse it with PT_PICKLE_DEPTH: values nested more than
    /// <paramref name="valueLimit"/> containers deep, a key nesting sequences more than <paramref name="keyLimit"/> deep, or
    /// a key holding a list that contains itself (what the walker meets first decides).
    /// </summary>
    public static (byte[] File, int Depth, bool ExpectDepthError) RandomNesting(int seed, int maxDepth = 3000, int valueLimit = 1000, int keyLimit = 32)
    {
        var rng = new Random(seed);
        var depth = rng.Next(1, maxDepth + 1);
        var w = new PickleWriter().Proto().EmptyDict().Str("w");
        var closers = new Stack<Action>();
        uint memo = 0;
        // What the walker will meet: value containers one level deeper each, until a tuple key; then key sequences.
        var inKey = false;
        var settled = false;
        var expectError = false;
        var keyRun = 0;
        for (var i = 0; i < depth; i++)
        {
            var level = i;
            var kind = rng.Next(5);
            switch (kind)
            {
                case 0: w.Mark(); closers.Push(() => w.List()); break;
                case 1: w.Mark(); closers.Push(() => w.Tuple()); break;
                case 2: w.Mark().Str("k" + level); closers.Push(() => w.Op((byte)'d')); break;
                case 3: w.Mark().Mark(); closers.Push(() => w.Tuple().Int(level).Op((byte)'d')); break;
                default:
                    var m = memo++;
                    w.EmptyList().LongPut(m).Mark().LongGet(m);
                    closers.Push(() => w.Op((byte)'e'));
                    break;
            }
            if (settled) continue;
            if (!inKey)
            {
                if (level + 1 > valueLimit) { expectError = true; settled = true; continue; }
                if (kind == 3) { inKey = true; keyRun = 1; }
                continue;
            }
            switch (kind)
            {
                case 0 or 1: keyRun++; break;
                case 4: expectError = true; settled = true; break; // the key holds a list that holds itself
                default: settled = true; break;                   // a dict inside a key is not looked into
            }
            if (!settled && keyRun > keyLimit) { expectError = true; settled = true; }
        }
        if (inKey && !settled && keyRun > keyLimit) expectError = true;
        w.Int(1);
        while (closers.Count > 0) closers.Pop()();
        return (Zip(w.SetItem().Stop().ToArray()), depth, expectError);
    }

    /// <summary>
    /// A random web of <paramref name="lists"/> lists where each holds up to <paramref name="maxReferences"/> references to earlier
    /// lists and a few ints (width^depth paths through few objects), the last one the saved object. Seeded.
    /// </summary>
    public static byte[] RandomFanOutPickle(int seed, int lists = 200, int maxReferences = 12)
    {
        var rng = new Random(seed);
        var w = new PickleWriter().Proto().EmptyList().Int(0).Append().LongPut(0);
        for (var i = 1; i < lists; i++)
        {
            w.Mark();
            var n = rng.Next(1, maxReferences + 1);
            for (var k = 0; k < n; k++)
            {
                if (rng.Next(4) == 0) w.Int(rng.Next(1000));
                else w.LongGet((uint)rng.Next(Math.Max(0, i - 8), i));
            }
            if (rng.Next(3) == 0) w.Tuple(); else w.List();
            w.LongPut((uint)i);
        }
        return w.Stop().ToArray();
    }

    // ---- overflowing counts -----------------------------------------------------------------------

    /// <summary>The object pickle {'a': meta float32[n], 'b': meta float32[n], …}: tensors with shapes and no storage.</summary>
    public static byte[] MetaTensorsPickle(long elements = 1L << 62, int count = 2)
    {
        var w = new PickleWriter().Proto().OrderedDict().Mark();
        for (var i = 0; i < count; i++) w.Str(((char)('a' + i)).ToString()).MetaTensor("float32", [elements], [1]);
        return w.SetItems().Stop().ToArray();
    }

    /// <summary>Two meta tensors of 2^62 elements in a torch zip: their element counts add up past 2^63−1.</summary>
    public static byte[] MetaTensorsZip() => Zip(MetaTensorsPickle());

    /// <summary>The same two meta tensors in the legacy (pre-1.6) format.</summary>
    public static byte[] MetaTensorsLegacy() => Legacy(MetaTensorsPickle(), []);

    /// <summary>A legacy tensor on a storage view at offset 1 whose own storage offset is 2^63−1.</summary>
    public static byte[] LegacyViewWithHugeOffset()
    {
        var obj = new PickleWriter().Proto().OrderedDict().Mark().Str("w")
            .Global("torch._utils", "_rebuild_tensor_v2").Mark()
            .Storage("FloatStorage", "root", 4, legacy: true, legacyView: ("view", 1, 2))
            .Int(long.MaxValue).IntTuple(1).IntTuple(1).False().OrderedDict()
            .Tuple().Reduce().SetItems().Stop().ToArray();
        return Legacy(obj, [("root", new byte[16])]);
    }

    /// <summary>A torch legacy file: magic, protocol 1001, sys_info, the object pickle, the sorted keys, then each storage's count and bytes (float32).</summary>
    public static byte[] Legacy(byte[] objectPickle, IReadOnlyList<(string Key, byte[] Bytes)> storages, int elementSize = 4)
    {
        var file = new MemoryStream();
        file.Write([0x80, 0x02, 0x8A, 0x0A, 0x6C, 0xFC, 0x9C, 0x46, 0xF9, 0x20, 0x6A, 0xA8, 0x50, 0x19, 0x2E]);
        file.Write(new PickleWriter().Proto().Int(1001).Stop().ToArray());
        file.Write(new PickleWriter().Proto().EmptyDict().Str("little_endian").Op(0x88).SetItem().Stop().ToArray());
        file.Write(objectPickle);
        var keys = new PickleWriter().Proto().EmptyList().Mark();
        foreach (var (key, _) in storages) keys.Str(key);
        file.Write(keys.Op((byte)'e').Stop().ToArray());
        foreach (var (_, bytes) in storages)
        {
            file.Write(BitConverter.GetBytes((long)(bytes.Length / elementSize)));
            file.Write(bytes);
        }
        return file.ToArray();
    }

    /// <summary>An ONNX model with <paramref name="count"/> initializers of an unknown data type (99) and shape [<paramref name="elements"/>], 4 raw bytes each.</summary>
    public static byte[] OnnxUnknownTypeHugeShapes(long elements = 1L << 62, int count = 2) =>
        ProtoWriter.Model(Enumerable.Range(0, count).Select(i => ProtoWriter.Tensor("t" + i, 99, [elements], new byte[4])).ToArray());

    // ---- fan-out ----------------------------------------------------------------------------------

    /// <summary>
    /// a0 = [1]; a1 = [a0, a0, …]; … a<paramref name="levels"/>: each list holds the previous one <paramref name="width"/>
    /// times, so the object has width^levels paths to one int but only levels + 1 lists. The default is the 453-byte case.
    /// </summary>
    public static byte[] FanOutPickle(int levels = 21, int width = 2)
    {
        var w = new PickleWriter().Proto().EmptyList().Int(1).Append().LongPut(0);
        for (var i = 0; i < levels; i++)
        {
            w.Mark();
            for (var k = 0; k < width; k++) w.LongGet((uint)i);
            w.List().LongPut((uint)(i + 1));
        }
        return w.Stop().ToArray();
    }

    public static byte[] FanOut(int levels = 21, int width = 2) => Zip(FanOutPickle(levels, width));

    /// <summary>
    /// A list of <paramref name="items"/> ints, then <paramref name="copies"/> calls of builtins.set on it collected in a list:
    /// every call copies the list, so a pickle of a few hundred KiB would build copies × items references.
    /// </summary>
    public static byte[] CopyingCalls(int items = 10_000, int copies = 10_000)
    {
        var w = new PickleWriter().Proto().EmptyList().Mark();
        for (var i = 0; i < items; i++) w.Int(i);
        w.Op((byte)'e').LongPut(0).Global("builtins", "set").LongPut(1).Op((byte)'0').Op((byte)'0');
        w.EmptyList().Mark();
        for (var i = 0; i < copies; i++) w.LongGet(1).LongGet(0).Tuple1().Reduce();
        return Zip(w.Op((byte)'e').Stop().ToArray());
    }

    /// <summary>
    /// Dicts nested <paramref name="prefixKeys"/> deep under keys of <paramref name="keyLength"/> characters, the innermost
    /// holding <paramref name="entries"/> small ints: every value's dotted name is about prefixKeys × keyLength characters,
    /// so a pickle of a few hundred KiB names its values with gigabytes of text.
    /// </summary>
    public static byte[] LongNamesFlood(int prefixKeys = 4, int keyLength = 1000, int entries = 100_000)
    {
        var w = new PickleWriter().Proto().EmptyDict();
        for (var k = 0; k < prefixKeys; k++) w.Str(new string('k', keyLength) + k).EmptyDict();
        for (var i = 0; i < entries; i++)
        {
            if (i % 1000 == 0) w.Mark();
            w.Str("v" + i).Int(i % 200);
            if (i % 1000 == 999 || i == entries - 1) w.SetItems();
        }
        for (var k = 0; k < prefixKeys; k++) w.SetItem();
        return Zip(w.Stop().ToArray());
    }

    // ---- many tiny tensors --------------------------------------------------------------------------

    /// <summary>
    /// A safetensors file of <paramref name="count"/> F32 tensors (names <c>t0000000</c>…) written to <paramref name="output"/>:
    /// the first <paramref name="dataTensors"/> (all by default) hold one element each, the rest are empty (shape [0] at
    /// offsets [0, 0], which keeps a header of 1.4 million tensors under the format's 100 MB); <paramref name="compactNames"/>
    /// names them in base 36 (<c>t0</c> … <c>tu0cv</c>), which keeps 1.4 million tensors that all hold data under it too.
    /// Returns the header length (the JSON after the 8-byte length).
    /// </summary>
    public static long WriteSafetensorsManyTensors(Stream output, int count, int? dataTensors = null, bool compactNames = false)
    {
        var withData = dataTensors ?? count;
        var json = new MemoryStream();
        json.WriteByte((byte)'{');
        var entry = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            entry.Clear();
            if (i > 0) entry.Append(',');
            entry.Append("\"t").Append(compactNames ? Base36(i) : i.ToString("D7", System.Globalization.CultureInfo.InvariantCulture)).Append("\":{\"dtype\":\"F32\",");
            if (i < withData) entry.Append("\"shape\":[1],\"data_offsets\":[").Append(4L * i).Append(',').Append(4L * i + 4).Append("]}");
            else entry.Append("\"shape\":[0],\"data_offsets\":[0,0]}");
            json.Write(Encoding.ASCII.GetBytes(entry.ToString()));
        }
        json.WriteByte((byte)'}');
        while (json.Length % 8 != 0) json.WriteByte((byte)' ');
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)json.Length);
        output.Write(length);
        json.Position = 0;
        json.CopyTo(output);
        WriteFloats(output, withData, seed: 1);
        return json.Length;
    }

    private static string Base36(int i)
    {
        const string digits = "0123456789abcdefghijklmnopqrstuvwxyz";
        var text = new StringBuilder();
        do { text.Insert(0, digits[i % 36]); i /= 36; } while (i > 0);
        return text.ToString();
    }

    /// <summary>
    /// A GGUF v3 file of <paramref name="count"/> F32 tensors of one element each (default alignment 32), written to
    /// <paramref name="output"/>. Returns the data offset (the end of the tensor infos, aligned).
    /// </summary>
    public static long WriteGgufManyTensors(Stream output, int count)
    {
        var w = new BinaryWriter(output, Encoding.UTF8, leaveOpen: true);
        w.Write("GGUF"u8);
        w.Write(3u);
        w.Write((ulong)count);
        w.Write(2UL);
        GgufString(w, "general.architecture");
        w.Write(8u);
        GgufString(w, "llama");
        GgufString(w, "general.file_type");
        w.Write(4u);
        w.Write(0u);
        long position = 4 + 4 + 8 + 8 + 8 + 20 + 4 + 8 + 5 + 8 + 17 + 4 + 4;
        for (var i = 0; i < count; i++)
        {
            var name = "t" + i.ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
            GgufString(w, name);
            w.Write(1u);     // n_dims
            w.Write(1UL);    // ne[0]
            w.Write(0u);     // F32
            w.Write(32UL * (ulong)i);
            position += 8 + name.Length + 4 + 8 + 4 + 8;
        }
        var dataOffset = (position + 31) / 32 * 32;
        for (var p = position; p < dataOffset; p++) w.Write((byte)0);
        w.Flush();
        var block = new byte[32];
        var rng = new Random(2);
        for (var i = 0; i < count; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(block, (float)rng.NextDouble());
            output.Write(block);
        }
        return dataOffset;
    }

    /// <summary>
    /// A torch zip of <paramref name="count"/> float32 tensors of one element, each a view of its own element of one
    /// storage (so one data record), written to <paramref name="output"/> the way torch writes them (a GLOBAL and a
    /// persistent id per tensor). Returns the length of data.pkl, the archive's header.
    /// </summary>
    public static long WriteTorchManyTensors(Stream output, int count)
    {
        var w = new PickleWriter().Proto().OrderedDict().Mark();
        for (var i = 0; i < count; i++)
        {
            if (i % 1000 == 0 && i > 0) w.SetItems().Mark();
            w.Str("t" + i.ToString("D7", System.Globalization.CultureInfo.InvariantCulture)).Tensor("FloatStorage", "0", count, i, [1], [1]);
        }
        var pkl = w.SetItems().Stop().ToArray();
        using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        void Add(string name, Action<Stream> write)
        {
            using var s = zip.CreateEntry(name, CompressionLevel.NoCompression).Open();
            write(s);
        }
        Add("many/data.pkl", s => s.Write(pkl));
        Add("many/data/0", s => WriteFloats(s, count, seed: 3));
        Add("many/version", s => s.Write("3\n"u8));
        return pkl.Length;
    }

    /// <summary>
    /// An ONNX model of <paramref name="count"/> empty float32 initializers (dims [0], names <c>t0000000</c>…), about 16 bytes
    /// each, written to <paramref name="output"/>. Returns the file's length (all of it is header).
    /// </summary>
    public static long WriteOnnxManyInitializers(Stream output, int count)
    {
        var graph = new MemoryStream();
        var g = new ProtoWriter().Str(2, "g").ToArray();
        graph.Write(g);
        for (var i = 0; i < count; i++)
        {
            var tensor = new ProtoWriter().Int(1, 0).Int(2, 1).Str(8, "t" + i.ToString("D7", System.Globalization.CultureInfo.InvariantCulture));
            graph.Write(new ProtoWriter().Message(5, tensor).ToArray());
        }
        var model = new ProtoWriter().Int(1, 8).Str(2, "test").Bytes(7, graph.ToArray()).Message(8, new ProtoWriter().Str(1, "").Int(2, 13)).ToArray();
        output.Write(model);
        return model.Length;
    }

    private static void GgufString(BinaryWriter w, string s)
    {
        var bytes = Encoding.UTF8.GetBytes(s);
        w.Write((ulong)bytes.Length);
        w.Write(bytes);
    }

    private static void WriteFloats(Stream output, int count, int seed)
    {
        var rng = new Random(seed);
        var buffer = new byte[4 * 4096];
        for (var done = 0; done < count;)
        {
            var n = Math.Min(4096, count - done);
            for (var i = 0; i < n; i++) BinaryPrimitives.WriteSingleLittleEndian(buffer.AsSpan(4 * i), (float)(rng.NextDouble() * 2 - 1));
            output.Write(buffer, 0, 4 * n);
            done += n;
        }
    }

    // ---- inflate bombs ------------------------------------------------------------------------------

    /// <summary>
    /// A torch zip whose deflated data.pkl is a small state dict followed by <paramref name="inflatedBytes"/> zero bytes
    /// (deflate shrinks them about a thousandfold), written to <paramref name="output"/>; with
    /// <paramref name="asOperand"/> the zeros are instead one BINBYTES8 operand inside the pickle.
    /// </summary>
    public static void WriteInflateBomb(Stream output, long inflatedBytes, bool asOperand = false)
    {
        using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        var pkl = zip.CreateEntry("bomb/data.pkl", CompressionLevel.SmallestSize);
        using (var s = pkl.Open())
        {
            if (asOperand)
            {
                s.Write(new PickleWriter().Proto().Op(0x8E).Raw(BitConverter.GetBytes(inflatedBytes)).ToArray());
            }
            else
            {
                s.Write(new PickleWriter().Proto().OrderedDict().Stop().ToArray());
            }
            var zeros = new byte[1 << 20];
            for (var left = inflatedBytes; left > 0; left -= zeros.Length) s.Write(zeros, 0, (int)Math.Min(zeros.Length, left));
            if (asOperand) s.Write(new PickleWriter().Stop().ToArray());
        }
        var version = zip.CreateEntry("bomb/version", CompressionLevel.NoCompression);
        using (var s = version.Open()) s.Write("3\n"u8);
    }

    public static byte[] InflateBomb(long inflatedBytes, bool asOperand = false)
    {
        var ms = new MemoryStream();
        WriteInflateBomb(ms, inflatedBytes, asOperand);
        return ms.ToArray();
    }

    // ---- ONNX external data ---------------------------------------------------------------------------

    /// <summary>A model with one float32[4] initializer stored externally at <paramref name="location"/>.</summary>
    public static byte[] OnnxExternal(string location) => ProtoWriter.Model(ProtoWriter.External("w", 1, [4], location));

    /// <summary>A torch zip with <paramref name="dataPkl"/> as its only content besides the version record.</summary>
    public static byte[] Zip(byte[] dataPkl) => TorchZipBuilder.Build("archive", dataPkl);
}
