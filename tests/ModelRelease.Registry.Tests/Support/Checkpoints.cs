using System.Text;

namespace ModelRelease.Registry.Tests.Support;

/// <summary>Small safetensors checkpoints made for the test (F32 tensors, seeded values; optionally a NaN).</summary>
public static class Checkpoints
{
    /// <summary>Writes a checkpoint of two tensors (8x4 and 4) = 36 parameters.</summary>
    public static string Write(string path, int seed = 1, bool nan = false)
    {
        var random = new Random(seed);
        var header = "{\"layer.weight\":{\"dtype\":\"F32\",\"shape\":[8,4],\"data_offsets\":[0,128]},\"layer.bias\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[128,144]}}";
        while ((8 + Encoding.UTF8.GetByteCount(header)) % 8 != 0) header += " ";
        var headerBytes = Encoding.UTF8.GetBytes(header);
        using var stream = File.Create(path);
        stream.Write(BitConverter.GetBytes((long)headerBytes.Length));
        stream.Write(headerBytes);
        for (var i = 0; i < 36; i++)
        {
            var value = nan && i == 3 ? float.NaN : (float)(random.NextDouble() - 0.5);
            stream.Write(BitConverter.GetBytes(value));
        }
        return path;
    }
}
