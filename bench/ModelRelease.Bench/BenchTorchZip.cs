using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace ModelRelease.Bench;

/// <summary>
/// Writes a torch.save-style zip of random finite F32 tensors for the deep-scan benchmark: data.pkl (an
/// OrderedDict of <c>_rebuild_tensor_v2</c> calls over FloatStorage persistent ids), one stored
/// <c>data/N</c> record per tensor, byteorder and version. Reused when already there with the right size.
/// </summary>
internal static class BenchTorchZip
{
    public static string Write(string dir, long bytes, int tensors = 64, int seed = 3)
    {
        var path = Path.Combine(dir, $"torch-{bytes >> 20}M.pt");
        var elements = bytes / tensors / 4;
        var marker = path + ".done";
        if (File.Exists(path) && File.Exists(marker)) return path;
        var pickle = Pickle(tensors, elements);
        var block = new byte[8 << 20];
        var rng = new Random(seed);
        var floats = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(block.AsSpan());
        for (var i = 0; i < floats.Length; i++) floats[i] = (float)(rng.NextDouble() * 2 - 1);
        using (var fs = new FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 20))
        using (var zip = new ZipArchive(fs, ZipArchiveMode.Create))
        {
            Add(zip, "torch/data.pkl", pickle);
            Add(zip, "torch/byteorder", "little"u8.ToArray());
            for (var t = 0; t < tensors; t++)
            {
                using var s = zip.CreateEntry($"torch/data/{t}", CompressionLevel.NoCompression).Open();
                long written = 0;
                var length = elements * 4;
                while (written < length)
                {
                    var chunk = (int)Math.Min(block.Length, length - written);
                    BinaryPrimitives.WriteSingleLittleEndian(block, t + written / (float)length); // no two blocks alike
                    s.Write(block, 0, chunk);
                    written += chunk;
                }
            }
            Add(zip, "torch/version", "3\n"u8.ToArray());
        }
        File.WriteAllText(marker, "");
        return path;
    }

    private static void Add(ZipArchive zip, string name, byte[] bytes)
    {
        using var s = zip.CreateEntry(name, CompressionLevel.NoCompression).Open();
        s.Write(bytes);
    }

    /// <summary>Protocol-2 pickle of OrderedDict{"layers.N.weight": tensor float32[elements] over storage "N"}.</summary>
    private static byte[] Pickle(int tensors, long elements)
    {
        var p = new MemoryStream();
        void Op(char c) => p.WriteByte((byte)c);
        void Raw(params byte[] b) => p.Write(b);
        void Str(string s)
        {
            var b = Encoding.UTF8.GetBytes(s);
            Op('X');
            Raw(BitConverter.GetBytes((uint)b.Length));
            Raw(b);
        }
        void Int(long v)
        {
            Op('J');
            Raw(BitConverter.GetBytes(checked((int)v)));
        }
        void Global(string module, string name)
        {
            Op('c');
            Raw(Encoding.ASCII.GetBytes(module + "\n" + name + "\n"));
        }
        void OrderedDict()
        {
            Global("collections", "OrderedDict");
            Op(')');
            Op('R');
        }
        Raw(0x80, 2);
        OrderedDict();
        Op('(');
        for (var t = 0; t < tensors; t++)
        {
            Str($"layers.{t}.weight");
            Global("torch._utils", "_rebuild_tensor_v2");
            Op('(');
            Op('('); Str("storage"); Global("torch", "FloatStorage"); Str(t.ToString(System.Globalization.CultureInfo.InvariantCulture)); Str("cpu"); Int(elements); Op('t'); Op('Q');
            Int(0);
            Op('('); Int(elements); Op('t');
            Op('('); Int(1); Op('t');
            Raw(0x89);
            OrderedDict();
            Op('t');
            Op('R');
        }
        Op('u');
        Op('.');
        return p.ToArray();
    }
}
