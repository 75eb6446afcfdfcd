using System.Collections.Concurrent;
using ModelRelease.HubEmulator.Storage;

namespace ModelRelease.HubEmulator.Http;

/// <summary>
/// Multipart uploads in progress: a preallocated file the parts are written into at their offsets, and beside it
/// the ETags of the parts received (written atomically after each part), so an upload survives a restart of the
/// emulator: its signed URLs stay valid (the signing key is on disk) and the parts already sent still count.
/// </summary>
public sealed class MultipartUploads
{
    public sealed class Upload
    {
        private readonly object _save = new();

        public Upload(string id, string oid, long size, long chunkSize, string file)
        {
            Id = id;
            Oid = oid;
            Size = size;
            ChunkSize = chunkSize;
            File = file;
            foreach (var (part, etag) in AtomicFile.ReadJson<Dictionary<int, string>>(PartsFile) ?? []) ETags[part] = etag;
        }

        public string Id { get; }
        public string Oid { get; }
        public long Size { get; }
        public long ChunkSize { get; }
        public string File { get; }
        public string PartsFile => File + ".parts.json";
        public int PartCount => (int)((Size + ChunkSize - 1) / ChunkSize);
        public ConcurrentDictionary<int, string> ETags { get; } = new();
        public SemaphoreSlim Completing { get; } = new(1, 1);

        private bool _discarded;

        /// <summary>Records a received part, on disk before the part's answer is sent (not for an upload aborted meanwhile).</summary>
        public void Received(int part, string etag)
        {
            lock (_save)
            {
                if (_discarded) throw new HubError(404, "The multipart upload was aborted while this part was being sent", "NotFound");
                ETags[part] = etag;
                // Not flushed to disk: the part's bytes are not either; both survive a restart of the process.
                AtomicFile.WriteJson(PartsFile, ETags.ToDictionary(kv => kv.Key, kv => kv.Value), durable: false);
            }
        }

        /// <summary>Deletes the upload's files.</summary>
        public void Discard()
        {
            lock (_save)
            {
                _discarded = true;
                if (System.IO.File.Exists(PartsFile)) System.IO.File.Delete(PartsFile);
                if (System.IO.File.Exists(File)) System.IO.File.Delete(File);
            }
        }
    }

    private readonly ConcurrentDictionary<string, Upload> _uploads = new(StringComparer.Ordinal);

    public Upload GetOrCreate(string id, Func<Upload> create) => _uploads.GetOrAdd(id, _ => create());

    public Upload? Get(string id) => _uploads.GetValueOrDefault(id);

    public void Remove(string id) => _uploads.TryRemove(id, out _);

    /// <summary>Multipart uploads begun and neither completed nor aborted, and the parts they hold, as on disk.</summary>
    public static (int Uploads, int Parts) Pending(string uploadsDirectory)
    {
        var uploads = 0;
        var parts = 0;
        foreach (var file in Directory.EnumerateFiles(uploadsDirectory, "*.multipart"))
        {
            uploads++;
            try
            {
                parts += AtomicFile.ReadJson<Dictionary<int, string>>(file + ".parts.json")?.Count ?? 0;
            }
            catch (Exception e) when (e is IOException or System.Text.Json.JsonException)
            {
                // being written or deleted right now: counted next time
            }
        }
        return (uploads, parts);
    }
}
