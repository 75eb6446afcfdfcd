namespace ModelRelease.Core.Hub.Cache;

/// <summary>
/// The shared Hugging Face cache at <see cref="Root"/> (see <see cref="HfCacheLayout"/>): what a revision resolves to
/// without asking the Hub, and the writes a download makes — a blob, the snapshot's link to it, a ref — each made so
/// that huggingface_hub and @huggingface/hub read it as their own. Nothing already in the cache is deleted here:
/// a dangling link is replaced by a good one, a partial blob is resumed, a blob without a link gets one.
/// </summary>
public sealed class HfCache(string root)
{
    public string Root { get; } = Path.GetFullPath(root);

    public string RepoFolder(RepoRef repo) => Path.Combine(Root, HfCacheLayout.RepoFolderName(repo));

    public string SnapshotFolder(RepoRef repo, string commit) => Path.Combine(RepoFolder(repo), "snapshots", commit);

    public string BlobPath(RepoRef repo, string etag)
    {
        if (!HfCacheLayout.IsEtag(etag)) throw new HubException(HubErrorIds.ResponseInvalid, ErrorKind.InvalidData, $"'{PrintableText.Escape(etag)}' is not a blob id or SHA-256", repo.Id);
        return Path.Combine(RepoFolder(repo), "blobs", etag);
    }

    public string SnapshotFile(RepoRef repo, string commit, string pathInRepo) =>
        Path.Combine(SnapshotFolder(repo, commit), pathInRepo.Replace('/', Path.DirectorySeparatorChar));

    public string LockPath(RepoRef repo, string etag) => Path.Combine(Root, ".locks", HfCacheLayout.RepoFolderName(repo), etag + ".lock");

    /// <summary>The commit <paramref name="revision"/> names in the cache: itself when it is a commit id, else the content of refs/{revision}; null when unknown.</summary>
    public string? ResolveRevision(RepoRef repo, string revision)
    {
        if (HfCacheLayout.IsCommit(revision)) return revision;
        if (HfCacheLayout.RefRelativePath(revision) is not { } relative) return null;
        var path = Path.Combine(RepoFolder(repo), "refs", relative);
        try
        {
            if (!File.Exists(path)) return null;
            var text = File.ReadAllText(path).Trim();
            return HfCacheLayout.IsCommit(text) ? text : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Records that <paramref name="revision"/> names <paramref name="commit"/> (refs/{revision}, no newline, as both clients write it); nothing when it already says so or the revision is the commit.</summary>
    public void WriteRef(RepoRef repo, string revision, string commit)
    {
        if (revision == commit || HfCacheLayout.RefRelativePath(revision) is not { } relative) return;
        var path = Path.Combine(RepoFolder(repo), "refs", relative);
        if (File.Exists(path) && File.ReadAllText(path).Trim() == commit) return;
        Writable(() =>
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
            File.WriteAllText(temp, commit);
            File.Move(temp, path, overwrite: true);
        }, path);
    }

    /// <summary>
    /// The cached file at <paramref name="snapshotFile"/> when it is whole: a link to a blob of the expected size, or a
    /// copy of that size. Null for a missing file or a link to a missing blob.
    /// </summary>
    public static (string Etag, long Size)? Present(string snapshotFile, long? expectedSize = null)
    {
        var info = new FileInfo(snapshotFile);
        FileInfo content;
        if (info.LinkTarget is { } target)
        {
            // A link (FileInfo.Exists is true for the link itself, even when its blob is gone): follow it.
            if (info.ResolveLinkTarget(returnFinalTarget: true) is not FileInfo blob || !blob.Exists) return null;
            content = blob;
            var etag = Path.GetFileName(target);
            if (expectedSize is { } want && content.Length != want) return null;
            return (etag, content.Length);
        }
        if (!info.Exists) return null;
        if (expectedSize is { } size && info.Length != size) return null;
        return ("", info.Length);
    }

    /// <summary>
    /// Points the snapshot's <paramref name="pathInRepo"/> at the blob: a relative link (<c>../../blobs/{etag}</c>, as
    /// huggingface_hub makes it) where the system allows links, else a copy. A dangling link or a stale file in its place is replaced.
    /// </summary>
    public string Link(RepoRef repo, string commit, string pathInRepo, string etag)
    {
        var file = SnapshotFile(repo, commit, pathInRepo);
        var blob = BlobPath(repo, etag);
        Writable(() =>
        {
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            var existing = new FileInfo(file);
            if (existing.LinkTarget is not null || existing.Exists) File.Delete(file);
            var relative = Path.GetRelativePath(Path.GetDirectoryName(file)!, blob);
            try
            {
                File.CreateSymbolicLink(file, relative);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or PlatformNotSupportedException)
            {
                // Windows without developer mode: a copy, as huggingface_hub falls back to.
                File.Copy(blob, file, overwrite: true);
            }
        }, file);
        return file;
    }

    /// <summary>Runs a write of the cache; a read-only cache becomes <see cref="HubErrorIds.CacheNotWritable"/>.</summary>
    public void Writable(Action write, string path)
    {
        try
        {
            write();
        }
        catch (UnauthorizedAccessException ex)
        {
            throw NotWritable(path, ex);
        }
        catch (IOException ex) when (ex is not FileNotFoundException)
        {
            // A read-only file system, a file where a folder must be, a full disk: the cache cannot take the write.
            throw NotWritable(path, ex);
        }
    }

    private static bool IsReadOnlyFileSystem(IOException ex) => ex.HResult == 30 || ex.Message.Contains("Read-only file system", StringComparison.OrdinalIgnoreCase);

    public HubException NotWritable(string path, Exception ex) =>
        new(HubErrorIds.CacheNotWritable, ErrorKind.PermissionDenied, $"The Hugging Face cache at {Root} cannot be written ({path}: {ex.Message}); nothing in it was changed", path)
        {
            RecommendedAction = "Point HF_HUB_CACHE (or HF_HOME) at a folder you can write, or download into a folder of your own with -Destination.",
            CliRecommendedAction = "Point HF_HUB_CACHE (or HF_HOME) at a folder you can write, or download into a folder of your own with --local-dir.",
        };

    /// <summary>
    /// Holds <c>.locks/{repo}/{etag}.lock</c> exclusively (the advisory lock huggingface_hub's filelock also takes), waiting
    /// while another process downloads the same blob.
    /// </summary>
    public async Task<IDisposable> LockAsync(RepoRef repo, string etag, CancellationToken ct)
    {
        var path = LockPath(repo, etag);
        Writable(() => Directory.CreateDirectory(Path.GetDirectoryName(path)!), path);
        for (var wait = 50; ; wait = Math.Min(wait * 2, 1000))
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (UnauthorizedAccessException ex)
            {
                throw NotWritable(path, ex);
            }
            catch (IOException ex) when (IsReadOnlyFileSystem(ex))
            {
                throw NotWritable(path, ex);
            }
            catch (IOException)
            {
                await Task.Delay(wait, ct).ConfigureAwait(false); // another process holds it
            }
        }
    }
}
