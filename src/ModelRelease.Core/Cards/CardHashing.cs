using ModelRelease.Core.Hashing;
using ModelRelease.Core.Hub.Publishing;

namespace ModelRelease.Core.Cards;

/// <summary>
/// The SHA-256 of every file a card lists (each shard and external-data file too), through the persistent hash
/// cache that publishing uses, so a file hashed for its card is not hashed again to publish it. Progress reports
/// (bytes hashed, bytes to hash) over the files the cache does not know.
/// </summary>
public sealed record CardHashing(HashCache Cache, FileHasher Hasher, IProgress<(long Done, long Total)>? Progress = null)
{
    public async Task<CardRequest> AddAsync(CardRequest request, CancellationToken ct)
    {
        var known = new Dictionary<string, string>(request.Sha256, StringComparer.Ordinal);
        var files = request.Checkpoints.SelectMany(PublishInputs.FilesOf).Distinct(StringComparer.Ordinal)
            .Where(f => !known.ContainsKey(f) && File.Exists(f)).ToList();
        var total = files.Select(f => new FileInfo(f)).Where(f => !Cache.TryGet(f, out _)).Sum(f => f.Length);
        long done = 0;
        var progress = Progress is null ? null : new SyncProgress<long>(n => Progress.Report((Interlocked.Add(ref done, n), total)));
        foreach (var file in files)
        {
            known[file] = (await Cache.GetOrComputeAsync(file, Hasher, progress, ct).ConfigureAwait(false)).Sha256;
        }
        return request with { Sha256 = known };
    }
}
