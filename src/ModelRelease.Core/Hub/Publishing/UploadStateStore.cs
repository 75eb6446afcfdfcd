using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ModelRelease.Core.Hashing;

namespace ModelRelease.Core.Hub.Publishing;

/// <summary>
/// The multipart uploads under way, one JSON file per Hub, repository and object in an <c>uploads</c> folder next to
/// the hash cache (the cache folder the session was given; nothing else on disk is used). Each write is whole or not
/// at all — a temporary file flushed to disk, then renamed over the old one — so a run killed in the middle of a write
/// leaves the previous state, never half a file. A damaged or foreign file is ignored and removed, never trusted.
/// An in-memory store (for an in-memory hash cache) keeps states for the life of the object only.
/// </summary>
public sealed partial class UploadStateStore
{
    /// <summary>The state files' JSON (web defaults: camelCase), source-generated.</summary>
    [System.Text.Json.Serialization.JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
    [System.Text.Json.Serialization.JsonSerializable(typeof(MultipartUploadState))]
    private sealed partial class StateJson : System.Text.Json.Serialization.JsonSerializerContext;

    /// <summary>Temporary files older than this are left over from a killed run, not being written.</summary>
    private static readonly TimeSpan StaleTemporary = TimeSpan.FromMinutes(10);

    private readonly ConcurrentDictionary<string, MultipartUploadState>? _memory;

    private UploadStateStore(string? folder)
    {
        Folder = folder;
        if (folder is null) _memory = new(StringComparer.Ordinal);
    }

    /// <summary>The folder of state files; null for an in-memory store.</summary>
    public string? Folder { get; }

    /// <summary>States kept in <paramref name="folder"/>.</summary>
    public static UploadStateStore InFolder(string folder) => new(Path.GetFullPath(folder));

    public static UploadStateStore InMemory() => new(null);

    /// <summary>The store beside <paramref name="cache"/>'s file (its folder's <c>uploads</c>); in memory for an in-memory cache.</summary>
    public static UploadStateStore Beside(HashCache cache) =>
        cache.FilePath is { } file ? InFolder(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(file))!, "uploads")) : InMemory();

    /// <summary>The name of an upload's state: a hash of the Hub, the repository and the object.</summary>
    public static string Key(string endpoint, string repoType, string repoId, string oid) =>
        Hex.Lower(SHA256.HashData(Encoding.UTF8.GetBytes($"{endpoint.TrimEnd('/')}\n{repoType}/{repoId}\n{oid}")))[..40];

    private static string Key(MultipartUploadState s) => Key(s.Endpoint, s.RepoType, s.RepoId, s.Oid);

    private string PathOf(string key) => Path.Combine(Folder!, key + ".json");

    public MultipartUploadState? Load(string endpoint, RepoRef repo, string oid)
    {
        var key = Key(endpoint, repo.Type, repo.Id, oid);
        if (_memory is not null) return _memory.GetValueOrDefault(key);
        var state = Read(PathOf(key));
        // A file under this name that is about something else was not written by this store: not trusted.
        return state is not null && Key(state) == key ? state : null;
    }

    /// <summary>Every upload under way on <paramref name="endpoint"/> for <paramref name="repo"/>.</summary>
    public IReadOnlyList<MultipartUploadState> List(string endpoint, RepoRef repo)
    {
        bool Ours(MultipartUploadState s) => s.Endpoint.TrimEnd('/') == endpoint.TrimEnd('/') && s.RepoType == repo.Type && s.RepoId == repo.Id;
        if (_memory is not null) return _memory.Values.Where(Ours).ToList();
        if (!Directory.Exists(Folder)) return [];
        RemoveStaleTemporaries();
        var result = new List<MultipartUploadState>();
        foreach (var file in Directory.EnumerateFiles(Folder, "*.json"))
        {
            if (Read(file) is { } state && Path.GetFileNameWithoutExtension(file) == Key(state) && Ours(state)) result.Add(state);
        }
        return result;
    }

    /// <summary>Writes the state whole (temp file, flush to disk, rename), readable by its owner only.</summary>
    public void Save(MultipartUploadState state)
    {
        var key = Key(state);
        if (_memory is not null)
        {
            _memory[key] = state;
            return;
        }
        Directory.CreateDirectory(Folder!);
        var path = PathOf(key);
        var temp = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
            if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            using (var stream = new FileStream(temp, options))
            {
                JsonSerializer.Serialize(stream, state, StateJson.Default.MultipartUploadState);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    public void Delete(MultipartUploadState state)
    {
        var key = Key(state);
        if (_memory is not null)
        {
            _memory.TryRemove(key, out _);
            return;
        }
        File.Delete(PathOf(key));
    }

    private static MultipartUploadState? Read(string path)
    {
        try
        {
            if (!File.Exists(path)) return null;
            var state = JsonSerializer.Deserialize(File.ReadAllBytes(path), StateJson.Default.MultipartUploadState);
            if (state is not null && state.IsConsistent()) return state;
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or ArgumentException or OverflowException)
        {
            // not a state this store wrote: removed below
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null; // unreadable now (being replaced?): not resumed this time, left alone
        }
        TryDelete(path);
        return null;
    }

    private void RemoveStaleTemporaries()
    {
        foreach (var temp in Directory.EnumerateFiles(Folder!, "*.tmp"))
        {
            if (DateTime.UtcNow - File.GetLastWriteTimeUtc(temp) > StaleTemporary) TryDelete(temp);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }
    }
}
