using System.Collections.Concurrent;

namespace ModelRelease.HubEmulator.Http;

/// <summary>Multipart uploads in progress: a preallocated file the parts are written into at their offsets.</summary>
public sealed class MultipartUploads
{
    public sealed class Upload(string id, string oid, long size, long chunkSize, string file)
    {
        public string Id { get; } = id;
        public string Oid { get; } = oid;
        public long Size { get; } = size;
        public long ChunkSize { get; } = chunkSize;
        public string File { get; } = file;
        public int PartCount => (int)((Size + ChunkSize - 1) / ChunkSize);
        public ConcurrentDictionary<int, string> ETags { get; } = new();
        public SemaphoreSlim Completing { get; } = new(1, 1);
    }

    private readonly ConcurrentDictionary<string, Upload> _uploads = new(StringComparer.Ordinal);

    public Upload GetOrCreate(string id, Func<Upload> create) => _uploads.GetOrAdd(id, _ => create());

    public Upload? Get(string id) => _uploads.GetValueOrDefault(id);

    public void Remove(string id) => _uploads.TryRemove(id, out _);
}
