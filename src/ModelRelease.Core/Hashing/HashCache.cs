using System.Collections.Concurrent;
using System.Text.Json;

namespace ModelRelease.Core.Hashing;

/// <summary>
/// SHA-256 of files already hashed, by full path, size and last-write time, kept on disk between runs (in the
/// session's cache folder, <see cref="Operations.SessionEnvironment"/>) so an unchanged file is never hashed twice. Written atomically; a damaged cache file is ignored, never trusted.
/// </summary>
public sealed partial class HashCache
{
    private sealed record Entry(long Size, long LastWriteTicks, string Sha256);

    /// <summary>The cache file's JSON (default names: <c>{"path": {"Size", "LastWriteTicks", "Sha256"}}</c>), source-generated.</summary>
    [System.Text.Json.Serialization.JsonSerializable(typeof(Dictionary<string, Entry>))]
    private sealed partial class CacheJson : System.Text.Json.Serialization.JsonSerializerContext;

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly object _saveGate = new();
    private int _dirty;

    private HashCache(string? path) => FilePath = path;

    /// <summary>The cache file; null for an in-memory cache.</summary>
    public string? FilePath { get; }

    public static HashCache InMemory() => new(null);

    /// <summary>The cache kept in <paramref name="path"/> (a JSON file); the session decides where (no ambient default here).</summary>
    public static HashCache Load(string path)
    {
        var cache = new HashCache(path);
        try
        {
            if (File.Exists(cache.FilePath))
            {
                var entries = JsonSerializer.Deserialize(File.ReadAllBytes(cache.FilePath!), CacheJson.Default.DictionaryStringEntry);
                foreach (var (key, value) in entries ?? []) cache._entries[key] = value;
            }
        }
        catch (Exception ex) when (ex is JsonException or IOException or UnauthorizedAccessException or NotSupportedException)
        {
            // A damaged or unreadable cache costs a re-hash, nothing more.
        }
        return cache;
    }

    /// <summary>The cached hash when the file still has the size and write time it had when hashed.</summary>
    public bool TryGet(FileInfo file, out string sha256)
    {
        sha256 = "";
        if (!_entries.TryGetValue(file.FullName, out var e) || e.Size != file.Length || e.LastWriteTicks != file.LastWriteTimeUtc.Ticks) return false;
        sha256 = e.Sha256;
        return true;
    }

    public void Set(FileInfo file, string sha256)
    {
        _entries[file.FullName] = new Entry(file.Length, file.LastWriteTimeUtc.Ticks, sha256);
        Interlocked.Exchange(ref _dirty, 1);
    }

    /// <summary>Hash of <paramref name="path"/>, from the cache or computed (and remembered).</summary>
    public async Task<(string Sha256, bool FromCache)> GetOrComputeAsync(string path, FileHasher hasher, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        var file = new FileInfo(path);
        if (TryGet(file, out var cached)) return (cached, true);
        var before = (file.Length, file.LastWriteTimeUtc.Ticks);
        var sha = await hasher.HashFileAsync(path, progress, cancellationToken).ConfigureAwait(false);
        file.Refresh();
        if ((file.Length, file.LastWriteTimeUtc.Ticks) == before) Set(file, sha); // not cached if the file changed while hashed
        return (sha, false);
    }

    public void Save()
    {
        if (FilePath is null || Interlocked.Exchange(ref _dirty, 0) == 0) return;
        lock (_saveGate)
        {
            try
            {
                Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
                var temp = FilePath + "." + Environment.ProcessId + ".tmp";
                File.WriteAllBytes(temp, JsonSerializer.SerializeToUtf8Bytes(_entries.ToDictionary(kv => kv.Key, kv => kv.Value), CacheJson.Default.DictionaryStringEntry));
                File.Move(temp, FilePath, overwrite: true);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                Interlocked.Exchange(ref _dirty, 1); // try again next time; a cache is never worth failing a publish
            }
        }
    }
}
