using System.Buffers.Binary;
using System.Text;

namespace ModelRelease.Bench;

/// <summary>Makes the benchmark's input files (once; reused when already there with the right size).</summary>
internal static class BenchFiles
{
    /// <summary>A safetensors file of about <paramref name="bytes"/> bytes: F16 tensors, data as a sparse hole (header-only benchmarks).</summary>
    public static string SparseSafetensors(string dir, long bytes, int tensors = 400)
    {
        var path = Path.Combine(dir, $"sparse-{bytes >> 20}M.safetensors");
        var perTensor = bytes / tensors / 2 * 2;
        var elements = perTensor / 2;
        var json = new StringBuilder("{\"__metadata__\":{\"format\":\"pt\"}");
        long offset = 0;
        for (var i = 0; i < tensors; i++)
        {
            json.Append($",\"model.layers.{i}.weight\":{{\"dtype\":\"F16\",\"shape\":[{elements}],\"data_offsets\":[{offset},{offset + perTensor}]}}");
            offset += perTensor;
        }
        json.Append('}');
        while ((json.Length + 8) % 8 != 0) json.Append(' ');
        var header = Encoding.UTF8.GetBytes(json.ToString());
        var length = 8 + header.Length + offset;
        if (File.Exists(path) && new FileInfo(path).Length == length) return path;
        using var fs = new FileStream(path, FileMode.Create, FileAccess.Write);
        Span<byte> n = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(n, (ulong)header.Length);
        fs.Write(n);
        fs.Write(header);
        fs.SetLength(length);
        return path;
    }

    /// <summary>A GGUF v3 file of about <paramref name="bytes"/> bytes: Q4_K and F32 tensors, data as a sparse hole.</summary>
    public static string SparseGguf(string dir, long bytes, int layers = 200)
    {
        var path = Path.Combine(dir, $"sparse-{bytes >> 20}M.gguf");
        using var header = new MemoryStream();
        var w = new BinaryWriter(header);
        const long align = 32;
        // Per layer: one Q4_K matrix [cols, rows] (144 bytes per 256 elements) and one F32 norm [cols].
        const long cols = 4096;
        var q4kRowBytes = cols / 256 * 144;
        var rows = Math.Max(1, (bytes / layers - cols * 4) / q4kRowBytes);
        var infos = new List<(string Name, long[] Ne, uint Type, long Bytes)>();
        for (var i = 0; i < layers; i++)
        {
            infos.Add(($"blk.{i}.ffn_down.weight", [cols, rows], 12u, rows * q4kRowBytes));
            infos.Add(($"blk.{i}.attn_norm.weight", [cols], 0u, cols * 4));
        }
        w.Write("GGUF"u8.ToArray());
        w.Write(3u);
        w.Write((ulong)infos.Count);
        w.Write(3UL);
        WriteKv(w, "general.architecture", "llama");
        WriteKvU32(w, "general.file_type", 15);
        WriteKvU32(w, "general.alignment", (uint)align);
        long offset = 0;
        foreach (var (name, ne, type, size) in infos)
        {
            WriteString(w, name);
            w.Write((uint)ne.Length);
            foreach (var d in ne) w.Write((ulong)d);
            w.Write(type);
            w.Write((ulong)offset);
            offset += (size + align - 1) / align * align;
        }
        w.Flush();
        var headerLength = (header.Length + align - 1) / align * align;
        var length = headerLength + offset;
        if (File.Exists(path) && new FileInfo(path).Length == length) return path;
        using var fs = new FileStream(path, FileMode.Create, FileAccess.Write);
        header.Position = 0;
        header.CopyTo(fs);
        fs.SetLength(length);
        return path;

        static void WriteString(BinaryWriter w, string s)
        {
            var b = Encoding.UTF8.GetBytes(s);
            w.Write((ulong)b.Length);
            w.Write(b);
        }
        static void WriteKv(BinaryWriter w, string key, string value)
        {
            WriteString(w, key);
            w.Write(8u);
            WriteString(w, value);
        }
        static void WriteKvU32(BinaryWriter w, string key, uint value)
        {
            WriteString(w, key);
            w.Write(4u);
            w.Write(value);
        }
    }

    /// <summary>A safetensors file of real, finite F32 data (about <paramref name="bytes"/> bytes), for hashing and deep scans.</summary>
    public static string DenseSafetensors(string dir, long bytes, string name, int tensors = 64, int seed = 1)
    {
        var path = Path.Combine(dir, name);
        var perTensor = bytes / tensors / 4 * 4;
        var json = new StringBuilder("{");
        long offset = 0;
        for (var i = 0; i < tensors; i++)
        {
            if (i > 0) json.Append(',');
            json.Append($"\"layers.{i}.weight\":{{\"dtype\":\"F32\",\"shape\":[{perTensor / 4}],\"data_offsets\":[{offset},{offset + perTensor}]}}");
            offset += perTensor;
        }
        json.Append('}');
        while ((json.Length + 8) % 8 != 0) json.Append(' ');
        var header = Encoding.UTF8.GetBytes(json.ToString());
        var length = 8 + header.Length + offset;
        if (File.Exists(path) && new FileInfo(path).Length == length) return path;
        using var fs = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        Span<byte> n = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(n, (ulong)header.Length);
        fs.Write(n);
        fs.Write(header);
        var block = new byte[8 << 20];
        var rng = new Random(seed);
        var floats = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(block.AsSpan());
        for (var i = 0; i < floats.Length; i++) floats[i] = (float)(rng.NextDouble() * 2 - 1);
        long written = 0;
        while (written < offset)
        {
            var chunk = (int)Math.Min(block.Length, offset - written);
            // vary the content between blocks so no two blocks hash alike
            BinaryPrimitives.WriteInt64LittleEndian(block, written);
            fs.Write(block, 0, chunk);
            written += chunk;
        }
        return path;
    }
}
