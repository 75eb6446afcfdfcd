using System.Text.Json;

namespace ModelRelease.HubEmulator.Storage;

/// <summary>
/// Writes files so a crash leaves either the old or the new content: temp file, flush, rename. Not durable
/// (<c>durable: false</c>) skips the flush to disk: the rename still makes the write whole for a restarted process.
/// </summary>
public static class AtomicFile
{
    /// <summary>Web defaults, indented; the types are <see cref="StorageJson"/>'s (source-generated).</summary>
    public static JsonSerializerOptions Json => StorageJson.Default.Options;

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

    public static void WriteJson<T>(string path, T value, bool durable = true) => WriteAllBytes(path, JsonSerializer.SerializeToUtf8Bytes(value, Info<T>()), durable);

    public static T? ReadJson<T>(string path) => File.Exists(path) ? JsonSerializer.Deserialize(File.ReadAllBytes(path), Info<T>()) : default;

    private static System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> Info<T>() => (System.Text.Json.Serialization.Metadata.JsonTypeInfo<T>)StorageJson.Default.GetTypeInfo(typeof(T))!;
}
