using System.IO.Compression;
using System.Text;

namespace ModelRelease.Core.Tests.PyTorch;

/// <summary>Writes a torch-style zip archive (stored records under one prefix) for tests.</summary>
public static class TorchZipBuilder
{
    public static byte[] Build(string prefix, byte[] dataPkl, IReadOnlyDictionary<string, byte[]>? storages = null, string version = "3\n", IReadOnlyDictionary<string, byte[]>? extra = null)
    {
        using var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
        {
            void Add(string name, byte[] bytes)
            {
                var e = zip.CreateEntry(name, CompressionLevel.NoCompression);
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
}
