using ModelRelease.Core.Hub.Download;

namespace ModelRelease.Core.Hub.Cache;

/// <summary>
/// Downloads into the shared Hugging Face cache the way huggingface_hub's <c>snapshot_download</c> does: the revision
/// is resolved to its commit, each file goes to <c>blobs/{etag}.incomplete</c> (resumed when another tool or an
/// earlier run left part of it), is verified against the Hub's hash, becomes <c>blobs/{etag}</c> and is linked from
/// <c>snapshots/{commit}/{path}</c>; then <c>refs/{revision}</c> names the commit. A file whose blob is already there
/// (from any tool, any revision) is only linked. Offline, <see cref="Resolve"/> answers from the cache alone.
/// </summary>
public sealed class CacheDownloader(HfCache cache, Downloader downloader)
{
    public HfCache Cache { get; } = cache;

    public async Task<HubDownload> DownloadAsync(RepoRef repo, string revision, DownloadSelection selection, IProgress<DownloadProgress>? progress, CancellationToken cancellationToken)
    {
        var (commit, files) = await downloader.ListAsync(repo, revision, selection, cancellationToken).ConfigureAwait(false);
        var folder = Cache.SnapshotFolder(repo, commit);
        var saved = await downloader.ForEachAsync(files, progress, (file, onBytes, ct) => FetchAsync(repo, revision, commit, file, onBytes, ct), cancellationToken).ConfigureAwait(false);
        Cache.WriteRef(repo, revision, commit);
        // A revision whose selection is empty still gets its snapshot folder, so its path can be printed and used.
        if (saved.Count == 0) Cache.Writable(() => Directory.CreateDirectory(folder), folder);
        return new HubDownload
        {
            RepoId = repo.Id,
            RepoType = repo.Type,
            Revision = revision,
            CommitOid = commit,
            Folder = folder,
            InCache = true,
            FromCacheOnly = false,
            Files = saved,
        };
    }

    private async Task<SavedFile> FetchAsync(RepoRef repo, string revision, string commit, HubRepoFile file, Action<long> onBytes, CancellationToken ct)
    {
        if (RepoPath.Problem(file.Path) is { } problem)
        {
            throw new HubException(HubErrorIds.DownloadPathInvalid, ErrorKind.Security, $"{repo} lists a file '{RepoPath.Printable(file.Path)}' that cannot be written: {problem}", RepoPath.Printable(file.Path));
        }
        var etag = file.LfsOid ?? file.BlobId ?? throw new HubException(HubErrorIds.DownloadVerificationFailed, ErrorKind.InvalidData, $"The Hub gave no hash for {file.Path}", file.Path);
        var folder = Cache.SnapshotFolder(repo, commit);
        var target = Cache.SnapshotFile(repo, commit, file.Path);
        if (!Path.GetFullPath(target).StartsWith(folder + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new HubException(HubErrorIds.DownloadPathInvalid, ErrorKind.Security, $"'{RepoPath.Printable(file.Path)}' would be written outside {folder}", file.Path);
        }
        SavedFile Saved(long downloaded, bool resumed) => new()
        {
            RepoId = repo.Id, Revision = revision, CommitOid = commit, PathInRepo = file.Path, Path = target, Size = file.Size,
            BytesDownloaded = downloaded, VerifiedHash = etag, Resumed = resumed, Folder = folder,
        };

        // Already in this snapshot (downloaded by us or another tool).
        if (HfCache.Present(target, file.Size) is not null)
        {
            onBytes(file.Size);
            return Saved(0, false);
        }
        var blob = Cache.BlobPath(repo, etag);
        if (!BlobIsWhole(blob, file.Size))
        {
            using var held = await Cache.LockAsync(repo, etag, ct).ConfigureAwait(false);
            if (!BlobIsWhole(blob, file.Size)) // another process may have finished it while we waited
            {
                var part = blob + ".incomplete";
                Cache.Writable(() => Directory.CreateDirectory(Path.GetDirectoryName(blob)!), blob);
                try
                {
                    var (downloaded, resumed) = await downloader.FetchVerifiedAsync(repo, commit, file, part, onBytes, ct).ConfigureAwait(false);
                    File.Move(part, blob, overwrite: true);
                    Cache.Link(repo, commit, file.Path, etag);
                    return Saved(downloaded, resumed);
                }
                catch (UnauthorizedAccessException ex)
                {
                    throw Cache.NotWritable(part, ex);
                }
            }
        }
        // The blob is there (another revision, another tool, or a blob left without its link): link it.
        Cache.Link(repo, commit, file.Path, etag);
        onBytes(file.Size);
        return Saved(0, false);
    }

    private static bool BlobIsWhole(string blob, long size)
    {
        var info = new FileInfo(blob);
        return info.Exists && info.Length == size;
    }

    /// <summary>
    /// The revision as the cache has it, without a request: its commit (the revision itself, or refs/{revision}), and
    /// the files of its snapshot that <paramref name="selection"/> picks. A revision, a named file or a blob the cache
    /// lacks is <see cref="HubErrorIds.CacheMiss"/>.
    /// </summary>
    public static HubDownload Resolve(HfCache cache, RepoRef repo, string revision, DownloadSelection selection, string why)
    {
        HubException Miss(string what) => new(HubErrorIds.CacheMiss, ErrorKind.NotFound, $"{what}, and {why}", repo.Id)
        {
            RecommendedAction = "Download it once with the Hub reachable (without HF_HUB_OFFLINE=1), then it is found offline.",
        };
        var commit = cache.ResolveRevision(repo, revision)
            ?? throw Miss($"{repo}@{revision} is not in the Hugging Face cache at {cache.Root} (no {(HfCacheLayout.IsCommit(revision) ? "snapshot of that commit" : $"ref '{revision}'")})");
        var folder = cache.SnapshotFolder(repo, commit);
        if (!Directory.Exists(folder)) throw Miss($"the Hugging Face cache at {cache.Root} names {repo}@{revision} ({commit[..12]}) but has no snapshot of it");
        var present = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Select(f => (File: f, PathInRepo: Path.GetRelativePath(folder, f).Replace('\\', '/')))
            .Where(f => !f.PathInRepo.Split('/').Any(s => s is ".git" or ".cache"))
            .OrderBy(f => f.PathInRepo, StringComparer.Ordinal)
            .ToList();
        foreach (var p in selection.Paths.Select(p => p.Replace('\\', '/').Trim('/')))
        {
            if (!present.Any(f => f.PathInRepo == p || f.PathInRepo.StartsWith(p + "/", StringComparison.Ordinal)))
            {
                throw Miss($"the cached snapshot of {repo}@{revision} ({commit[..12]}) has no file or folder '{RepoPath.Printable(p)}'");
            }
        }
        var files = new List<SavedFile>();
        foreach (var (file, pathInRepo) in present.Where(f => selection.Matches(f.PathInRepo)))
        {
            var found = HfCache.Present(file)
                ?? throw Miss($"the cached {repo}@{revision} file {RepoPath.Printable(pathInRepo)} links to a blob that is not there");
            files.Add(new SavedFile
            {
                RepoId = repo.Id, Revision = revision, CommitOid = commit, PathInRepo = pathInRepo, Path = file, Size = found.Size,
                BytesDownloaded = 0, VerifiedHash = found.Etag, Folder = folder, FromCache = true,
            });
        }
        return new HubDownload
        {
            RepoId = repo.Id, RepoType = repo.Type, Revision = revision, CommitOid = commit, Folder = folder, InCache = true, FromCacheOnly = true, Files = files,
        };
    }
}
