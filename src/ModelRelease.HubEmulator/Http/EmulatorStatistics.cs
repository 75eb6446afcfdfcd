using System.Collections.Concurrent;

namespace ModelRelease.HubEmulator.Http;

/// <summary>Counters tests read (GET /_emulator/stats): requests per endpoint, bytes received by uploads (parts cut off half way included), commits made.</summary>
public sealed class EmulatorStatistics
{
    private long _uploadedBytes;
    private long _commits;

    public ConcurrentDictionary<string, long> Requests { get; } = new(StringComparer.Ordinal);

    public long UploadedBytes => Interlocked.Read(ref _uploadedBytes);

    public long Commits => Interlocked.Read(ref _commits);

    public void Count(string endpoint) => Requests.AddOrUpdate(endpoint, 1, (_, n) => n + 1);

    public void AddUploaded(long bytes) => Interlocked.Add(ref _uploadedBytes, bytes);

    public void AddCommit() => Interlocked.Increment(ref _commits);

    /// <summary>The counters, and the multipart uploads still open (begun, neither completed nor aborted) with their parts.</summary>
    public EmulatorStats Snapshot((int Uploads, int Parts) pending = default) =>
        new(Requests.ToDictionary(kv => kv.Key, kv => kv.Value), UploadedBytes, Commits, pending.Uploads, pending.Parts);
}
