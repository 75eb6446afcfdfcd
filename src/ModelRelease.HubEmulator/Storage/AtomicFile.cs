using System.Text.Json;

namespace ModelRelease.HubEmulator.Storage;

/// <summary>
/// Writes files so a crash leaves either the old or the new content: temp file, flush, rename. Not durable
/// (<c>durable: false</c>) skips the flush to disk: the rename still makes the write whole for a restarted process.
/// </summary>
public static class AtomicFile
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes, bool durable = true)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        using (var fs = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
        {
            fs.Write(bytes);
            fs.Flush(flushToDisk: durable);
        }
        File.Move(temp, path, overwrite: true);
    }

    public static void WriteJson<T>(string path, T value, bool durable = true) => WriteAllBytes(path, JsonSerializer.SerializeToUtf8Bytes(value, Json), durable);

    public static T? ReadJson<T>(string path) => File.Exists(path) ? JsonSerializer.Deserialize<T>(File.ReadAllBytes(path), Json) : default;
}
