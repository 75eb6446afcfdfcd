namespace ModelRelease.Core.Hub.Cache;

/// <summary>
/// Removes revisions from the shared cache as huggingface_hub's <c>delete_revisions</c> does: the snapshot folder, the
/// refs that name it, and the blobs no remaining revision of the repository uses; a repository left without
/// revisions goes whole (with its lock folder). Blobs another revision still uses are kept.
/// </summary>
public static class HfCachePruner
{
    /// <summary>What removing <paramref name="chosen"/> together would free, per revision (each blob counted once, for the first revision that frees it).</summary>
    public static IReadOnlyList<CacheRemoval> Plan(HfCacheScan scan, IReadOnlyList<CachedRevision> chosen)
    {
        var result = new List<CacheRemoval>();
        foreach (var repo in chosen.GroupBy(r => r.RepositoryPath, StringComparer.Ordinal))
        {
            var leaving = repo.Select(r => r.Path).ToHashSet(StringComparer.Ordinal);
            var kept = scan.Revisions.Where(r => r.RepositoryPath == repo.Key && !leaving.Contains(r.Path))
                .SelectMany(r => scan.BlobsOf.GetValueOrDefault(r.Path) ?? []).ToHashSet(StringComparer.Ordinal);
            var counted = new HashSet<string>(StringComparer.Ordinal);
            foreach (var revision in repo)
            {
                var freed = (scan.BlobsOf.GetValueOrDefault(revision.Path) ?? []).Where(b => !kept.Contains(b) && counted.Add(b)).Sum(b => new FileInfo(b).Length);
                result.Add(new CacheRemoval
                {
                    RepoId = revision.RepoId,
                    RepoType = revision.RepoType,
                    CommitOid = revision.CommitOid,
                    Refs = revision.Refs,
                    Path = revision.Path,
                    FreedBytes = freed,
                    Removed = false,
                });
            }
        }
        return result;
    }

    /// <summary>Removes the revisions of <paramref name="removals"/> (planned against <paramref name="scan"/>); returns them marked removed.</summary>
    public static IReadOnlyList<CacheRemoval> Remove(HfCacheScan scan, IReadOnlyList<CacheRemoval> removals)
    {
        var cache = new HfCache(scan.Root);
        var done = new List<CacheRemoval>();
        foreach (var repo in removals.GroupBy(r => Path.GetDirectoryName(Path.GetDirectoryName(r.Path)!)!, StringComparer.Ordinal))
        {
            var leaving = repo.Select(r => r.Path).ToHashSet(StringComparer.Ordinal);
            var remaining = scan.Revisions.Where(r => r.RepositoryPath == repo.Key && !leaving.Contains(r.Path)).ToList();
            var kept = remaining.SelectMany(r => scan.BlobsOf.GetValueOrDefault(r.Path) ?? []).ToHashSet(StringComparer.Ordinal);
            var blobsFolder = Path.Combine(repo.Key, "blobs") + Path.DirectorySeparatorChar;
            cache.Writable(() =>
            {
                if (remaining.Count == 0)
                {
                    Directory.Delete(repo.Key, recursive: true);
                    var locks = Path.Combine(scan.Root, ".locks", Path.GetFileName(repo.Key));
                    if (Directory.Exists(locks)) Directory.Delete(locks, recursive: true);
                    return;
                }
                foreach (var removal in repo)
                {
                    foreach (var blob in scan.BlobsOf.GetValueOrDefault(removal.Path) ?? [])
                    {
                        if (!kept.Contains(blob) && blob.StartsWith(blobsFolder, StringComparison.Ordinal) && File.Exists(blob)) File.Delete(blob);
                    }
                    if (Directory.Exists(removal.Path)) Directory.Delete(removal.Path, recursive: true);
                    foreach (var name in removal.Refs)
                    {
                        if (HfCacheLayout.RefRelativePath(name) is { } relative && File.Exists(Path.Combine(repo.Key, "refs", relative))) File.Delete(Path.Combine(repo.Key, "refs", relative));
                    }
                }
            }, repo.Key);
            done.AddRange(repo.Select(r => r with { Removed = true }));
        }
        return done;
    }
}
