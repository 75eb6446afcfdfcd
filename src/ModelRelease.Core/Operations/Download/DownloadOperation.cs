using ModelRelease.Core.Hub;
using ModelRelease.Core.Hub.Cache;
using ModelRelease.Core.Hub.Download;

namespace ModelRelease.Core.Operations.Download;

/// <summary>
/// Save-HfModel and <c>modelrelease download</c>: a revision (or the files the selection picks) into the shared
/// Hugging Face cache, where huggingface_hub and @huggingface/hub find it too, or into a plain folder. Offline
/// (HF_HUB_OFFLINE) nothing is asked of the Hub: the cache answers, or the download fails with
/// <see cref="HubErrorIds.CacheMiss"/>. When the Hub cannot be reached and the cache has the revision, the cache answers too.
/// </summary>
public sealed class DownloadOperation(ModelReleaseSession session)
{
    public async Task<HubDownload> RunAsync(DownloadOptions options, IProgress<DownloadProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var selection = new DownloadSelection(options.Paths, options.Include, options.Exclude);
        if (session.Options.Offline) return FromCache(options, selection, RequireCache(), "HF_HUB_OFFLINE is set, so the Hub is not asked");
        var downloader = session.Downloads;
        try
        {
            if (options.LocalDirectory is { } local)
            {
                var root = Path.GetFullPath(local);
                var files = await downloader.DownloadToFolderAsync(options.Repo, options.Revision, selection, root, progress, cancellationToken).ConfigureAwait(false);
                return new HubDownload
                {
                    RepoId = options.Repo.Id,
                    RepoType = options.Repo.Type,
                    Revision = options.Revision,
                    CommitOid = files.Count > 0 ? files[0].CommitOid : (await downloader.ListAsync(options.Repo, options.Revision, DownloadSelection.All, cancellationToken).ConfigureAwait(false)).Commit,
                    Folder = root,
                    InCache = false,
                    FromCacheOnly = false,
                    Files = files.Select(f => f with { Folder = root }).ToList(),
                };
            }
            return await new CacheDownloader(RequireCache(), downloader).DownloadAsync(options.Repo, options.Revision, selection, progress, cancellationToken).ConfigureAwait(false);
        }
        catch (HubException ex) when (ex.ErrorId == HubErrorIds.Unreachable && session.Options.HubCacheFolder is { } folder)
        {
            // As huggingface_hub does: the Hub is out of reach, but the cache may have the revision.
            try
            {
                return FromCache(options, selection, new HfCache(folder), "the Hub could not be reached");
            }
            catch (HubException miss) when (miss.ErrorId == HubErrorIds.CacheMiss)
            {
                throw ex;
            }
        }
    }

    private HfCache RequireCache() => session.Options.HubCacheFolder is { } folder
        ? new HfCache(folder)
        : throw new HubException(HubErrorIds.CacheUnavailable, ErrorKind.InvalidArgument, "There is no Hugging Face cache folder: HF_HUB_CACHE, HF_HOME and the home folder are all unset")
        {
            RecommendedAction = "Set HF_HUB_CACHE (or HF_HOME), or download into a folder with -Destination.",
            CliRecommendedAction = "Set HF_HUB_CACHE (or HF_HOME), or download into a folder with --local-dir.",
        };

    /// <summary>The revision from the cache alone; with a local folder, its files copied there.</summary>
    private static HubDownload FromCache(DownloadOptions options, DownloadSelection selection, HfCache cache, string why)
    {
        var cached = CacheDownloader.Resolve(cache, options.Repo, options.Revision, selection, why);
        if (options.LocalDirectory is not { } local) return cached;
        var root = Path.GetFullPath(local);
        var copied = new List<SavedFile>();
        foreach (var f in cached.Files)
        {
            var target = Path.GetFullPath(Path.Combine(root, f.PathInRepo));
            if (!target.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal)) continue;
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            if (!(File.Exists(target) && new FileInfo(target).Length == f.Size)) File.Copy(f.Path, target, overwrite: true);
            copied.Add(f with { Path = target, Folder = root });
        }
        return cached with { Folder = root, InCache = false, Files = copied };
    }
}
