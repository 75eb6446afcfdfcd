using System.IO.Compression;
using System.Text;

namespace ModelRelease.Core.Tests.PyTorch;

/// <summary>Writes a torch-style zip archive (stored records under one prefix) for tests.</summary>
public static class TorchZipBuilder
{
    /// <summary>The archive; records named in <paramref name="deflate"/> (full names) are deflated instead of stored.</summary>
    public static byte[] Build(string prefix, byte[] dataPkl, IReadOnlyDictionary<string, byte[]>? storages = null, string version = "3\n", IReadOnlyDictionary<string, byte[]>? extra = null, IReadOnlySet<string>? deflate = null)
    {
        using var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
        {
            void Add(string name, byte[] bytes)
            {
                var e = zip.CreateEntry(name, deflate?.Contains(name) == true ? CompressionLevel.Optimal : CompressionLevel.NoCompression);
                using var s = e.Open();
                s.Write(bytes);
            }
            Add(prefix + "/data.pkl", dataPkl);
            foreach (var (key, bytes) in storages ?? new Dictionary<string, byte[]>()) Add(prefix + "/data/" + key, bytes);
            if (version.Length > 0) Add(prefix + "/version", Encoding.ASCII.GetBytes(version));
            foreach (var (name, bytes) in extra ?? new Dictionary<string, byte[]>()) Add(name, bytes);
        }
        return ms.ToArray();
    }

    /// <summary>A one-tensor state dict {"w": float32[rows, cols]} over storage "0".</summary>
    public static byte[] OneTensor(long rows = 2, long cols = 3, long numel = -1, long offset = 0, long[]? stride = null, int recordBytes = -1, string prefix = "archive")
    {
        numel = numel < 0 ? rows * cols : numel;
        var pkl = new PickleWriter().Proto().OrderedDict().Mark().Str("w")
            .Tensor("FloatStorage", "0", numel, offset, [rows, cols], stride ?? [cols, 1])
            .SetItems().Stop().ToArray();
        return Build(prefix, pkl, new Dictionary<string, byte[]> { ["0"] = new byte[recordBytes < 0 ? numel * 4 : recordBytes] });
    }

    /// <summary>
    /// A state dict of several tensors with random finite values (<paramref name="seed"/>): "a" float32[300]
    /// over storage "0", "b" float16[20, 10] over "1", "c" a float32[50] view into "0" at element 100, and
    /// "d" float64[7] over "2"; plus a byteorder record.
    /// </summary>
    public static byte[] StateDict(int seed = 1, IReadOnlySet<string>? deflate = null, string prefix = "archive")
    {
        var rng = new Random(seed);
        byte[] Floats(int n) => Enumerable.Range(0, n).SelectMany(_ => BitConverter.GetBytes((float)(rng.NextDouble() * 2 - 1))).ToArray();
        byte[] Halves(int n) => Enumerable.Range(0, n).SelectMany(_ => BitConverter.GetBytes((Half)(rng.NextDouble() * 2 - 1))).ToArray();
        byte[] Doubles(int n) => Enumerable.Range(0, n).SelectMany(_ => BitConverter.GetBytes(rng.NextDouble() * 2 - 1)).ToArray();
        var pkl = new PickleWriter().Proto().OrderedDict().Mark()
            .Str("a").Tensor("FloatStorage", "0", 300, 0, [300], [1])
            .Str("b").Tensor("HalfStorage", "1", 200, 0, [20, 10], [10, 1])
            .Str("c").Tensor("FloatStorage", "0", 300, 100, [50], [1])
            .Str("d").Tensor("DoubleStorage", "2", 7, 0, [7], [1])
            .SetItems().Stop().ToArray();
        var storages = new Dictionary<string, byte[]> { ["0"] = Floats(300), ["1"] = Halves(200), ["2"] = Doubles(7) };
        return Build(prefix, pkl, storages, extra: new Dictionary<string, byte[]> { [prefix + "/byteorder"] = "little"u8.ToArray() }, deflate: deflate);
    }
}
