namespace ModelRelease.Core.Hub.Cache;

/// <summary>
/// What the shared cache holds, read the way huggingface_hub's <c>scan_cache_dir</c> and @huggingface/hub's
/// <c>scanCacheDir</c> read it — one <see cref="CachedRevision"/> per snapshot folder — and what is wrong in it
/// (a folder that is no repository, a ref to a missing snapshot, a link to a missing blob, a blob no snapshot uses,
/// a partial download). Reading never changes anything.
/// </summary>
public sealed class HfCacheScan
{
    private HfCacheScan(string root, IReadOnlyList<CachedRevision> revisions, IReadOnlyList<string> problems, IReadOnlyDictionary<string, IReadOnlyList<string>> blobsOf)
    {
        Root = root;
        Revisions = revisions;
        Problems = problems;
        BlobsOf = blobsOf;
    }

    public string Root { get; }

    public IReadOnlyList<CachedRevision> Revisions { get; }

    public IReadOnlyList<string> Problems { get; }

    /// <summary>The blob files (full paths inside the repository's blobs/) each snapshot folder resolves to.</summary>
    internal IReadOnlyDictionary<string, IReadOnlyList<string>> BlobsOf { get; }

    /// <summary>Reads the cache at <paramref name="root"/>; a cache that does not exist yet is empty.</summary>
    public static HfCacheScan Read(string root)
    {
        root = Path.GetFullPath(root);
        var revisions = new List<CachedRevision>();
        var problems = new List<string>();
        var blobsOf = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        if (!Directory.Exists(root)) return new HfCacheScan(root, revisions, problems, blobsOf);
        foreach (var folder in Directory.EnumerateDirectories(root).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(folder);
            if (name == ".locks") continue;
            if (HfCacheLayout.ParseRepoFolderName(name) is not { } repo)
            {
                problems.Add($"{folder}: not a repository folder of the cache (expected models--namespace--name)");
                continue;
            }
            try
            {
                ReadRepository(repo, folder, revisions, problems, blobsOf);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                problems.Add($"{folder}: could not be read ({ex.Message})");
            }
        }
        return new HfCacheScan(root, revisions, problems, blobsOf);
    }

    private static void ReadRepository(RepoRef repo, string folder, List<CachedRevision> revisions, List<string> problems, Dictionary<string, IReadOnlyList<string>> blobsOf)
    {
        var refs = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var refsFolder = Path.Combine(folder, "refs");
        if (Directory.Exists(refsFolder))
        {
            foreach (var file in Directory.EnumerateFiles(refsFolder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                var refName = Path.GetRelativePath(refsFolder, file).Replace('\\', '/');
                var commit = File.ReadAllText(file).Trim();
                if (!HfCacheLayout.IsCommit(commit))
                {
                    problems.Add($"{file}: ref '{refName}' does not hold a commit id");
                    continue;
                }
                if (!refs.TryGetValue(commit, out var names)) refs[commit] = names = [];
                names.Add(refName);
            }
        }
        var blobsFolder = Path.Combine(folder, "blobs");
        var snapshots = Path.Combine(folder, "snapshots");
        var mine = new List<(string Commit, string Path, List<string> Blobs, int Files, List<string> Problems, DateTimeOffset Modified, DateTimeOffset Accessed)>();
        if (Directory.Exists(snapshots))
        {
            foreach (var snapshot in Directory.EnumerateDirectories(snapshots).Order(StringComparer.Ordinal))
            {
                var commit = Path.GetFileName(snapshot);
                if (!HfCacheLayout.IsCommit(commit))
                {
                    problems.Add($"{snapshot}: a snapshot folder whose name is not a commit id");
                    continue;
                }
                var blobs = new List<string>();
                var own = new List<string>();
                var modified = DateTimeOffset.MinValue;
                var accessed = DateTimeOffset.MinValue;
                var count = 0;
                foreach (var file in Directory.EnumerateFiles(snapshot, "*", SearchOption.AllDirectories))
                {
                    count++;
                    var info = new FileInfo(file);
                    var target = info.LinkTarget is null ? info : info.ResolveLinkTarget(returnFinalTarget: true) as FileInfo;
                    if (target is null || !target.Exists)
                    {
                        own.Add($"{Path.GetRelativePath(snapshot, file).Replace('\\', '/')} links to a blob that is not there");
                        continue;
                    }
                    blobs.Add(target.FullName);
                    modified = Max(modified, target.LastWriteTimeUtc);
                    accessed = Max(accessed, target.LastAccessTimeUtc);
                }
                if (count == 0) modified = accessed = new DirectoryInfo(snapshot).LastWriteTimeUtc;
                mine.Add((commit, snapshot, blobs.Distinct(StringComparer.Ordinal).ToList(), count, own, modified, Max(accessed, modified)));
            }
        }
        foreach (var (commit, names) in refs.Where(r => mine.All(m => m.Commit != r.Key)))
        {
            problems.Add($"{folder}: ref(s) {string.Join(", ", names)} name commit {commit[..12]}, which has no snapshot");
        }
        var used = mine.SelectMany(m => m.Blobs).ToHashSet(StringComparer.Ordinal);
        if (Directory.Exists(blobsFolder))
        {
            foreach (var blob in Directory.EnumerateFiles(blobsFolder).Order(StringComparer.Ordinal))
            {
                if (blob.EndsWith(".incomplete", StringComparison.Ordinal)) problems.Add($"{blob}: a partial download (the next download of it resumes)");
                else if (!used.Contains(blob)) problems.Add($"{blob}: a blob no snapshot links to (the next download that needs it links it)");
            }
        }
        foreach (var m in mine)
        {
            var others = mine.Where(o => o.Commit != m.Commit).SelectMany(o => o.Blobs).ToHashSet(StringComparer.Ordinal);
            revisions.Add(new CachedRevision
            {
                RepoId = repo.Id,
                RepoType = repo.Type,
                CommitOid = m.Commit,
                Refs = refs.TryGetValue(m.Commit, out var names) ? names : [],
                Path = m.Path,
                RepositoryPath = folder,
                FileCount = m.Files,
                Size = m.Blobs.Sum(Length),
                ExclusiveSize = m.Blobs.Where(b => !others.Contains(b)).Sum(Length),
                LastModified = m.Modified,
                LastAccessed = m.Accessed,
                Problems = m.Problems,
            });
            blobsOf[m.Path] = m.Blobs;
        }
    }

    private static long Length(string path) => new FileInfo(path).Length;

    private static DateTimeOffset Max(DateTimeOffset a, DateTime b) => a > new DateTimeOffset(b, TimeSpan.Zero) ? a : new DateTimeOffset(b, TimeSpan.Zero);

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
