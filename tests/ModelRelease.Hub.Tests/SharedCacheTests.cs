using System.Diagnostics;
using ModelRelease.Core.Hub;
using ModelRelease.Core.Hub.Cache;
using ModelRelease.Core.Operations;
using ModelRelease.Core.Operations.Cache;
using ModelRelease.Core.Operations.Download;

namespace ModelRelease.Hub.Tests;

/// <summary>
/// Downloads into the shared Hugging Face cache: the layout huggingface_hub and @huggingface/hub read (blobs by etag,
/// relative links from snapshots/{commit}, refs/{revision}), offline resolution without a request, repairs of a cache
/// another tool left half written, a read-only cache, and listing and pruning.
/// </summary>
public class SharedCacheTests
{
    private static long Requests(Hub hub) => hub.Emulator.Statistics.Requests.Values.Sum();

    /// <summary>A repository with a regular file, an LFS file and a nested file; returns its head commit.</summary>
    private static async Task<string> PublishAsync(Hub hub, string repo, string folder = "src")
    {
        hub.Text($"{folder}/config.json", "{\"hidden_size\": 8}\n");
        hub.File($"{folder}/model.safetensors", 200_000, seed: 3);
        hub.Text($"{folder}/docs/notes.md", "# notes\n");
        using var client = hub.Client();
        return (await hub.Publisher(client).PublishAsync(Hub.Request(repo, [Path.Combine(hub.Work, folder)]))).CommitOid;
    }

    private static ModelReleaseSession Cached(Hub hub, string cache, bool offline = false, Action<string>? warn = null) =>
        hub.Session(o => o with { HubCacheFolder = cache, Offline = offline, Warn = warn });

    [Fact]
    public async Task A_download_writes_blobs_relative_links_and_the_ref_as_huggingface_hub_does()
    {
        await using var hub = await Hub.StartAsync();
        var commit = await PublishAsync(hub, "org/cached");
        var cache = Path.Combine(hub.Work, "hf-cache");
        using var session = Cached(hub, cache);
        var result = await session.Download.RunAsync(new DownloadOptions { Repo = RepoRef.Parse("org/cached") });

        var repoFolder = Path.Combine(cache, "models--org--cached");
        Assert.Equal(Path.Combine(repoFolder, "snapshots", commit), result.Folder);
        Assert.Equal((commit, true, false), (result.CommitOid, result.InCache, result.FromCacheOnly));
        Assert.Equal(commit, File.ReadAllText(Path.Combine(repoFolder, "refs", "main"))); // no newline, as both clients write it
        var listed = new Dictionary<string, HubRepoFile>();
        using var client = hub.Client();
        await foreach (var f in client.ListTreeAsync(RepoRef.Parse("org/cached"), commit, null, true)) if (f.Type == "file") listed[f.Path] = f;
        Assert.Equal(listed.Keys.Order(StringComparer.Ordinal), result.Files.Select(f => f.PathInRepo).Order(StringComparer.Ordinal));
        foreach (var file in result.Files.Where(f => f.PathInRepo != ".gitattributes"))
        {
            var etag = listed[file.PathInRepo].LfsOid ?? listed[file.PathInRepo].BlobId!;
            var link = new FileInfo(Path.Combine(result.Folder, file.PathInRepo));
            var depth = file.PathInRepo.Count(c => c == '/');
            Assert.Equal(string.Concat(Enumerable.Repeat("../", depth + 2)) + "blobs/" + etag, link.LinkTarget!.Replace('\\', '/'));
            Assert.Equal(File.ReadAllBytes(Path.Combine(hub.Work, "src", file.PathInRepo)), File.ReadAllBytes(Path.Combine(repoFolder, "blobs", etag)));
            Assert.Equal(etag, file.VerifiedHash);
        }
        Assert.Equal(listed["model.safetensors"].LfsOid, Path.GetFileName(new FileInfo(Path.Combine(result.Folder, "model.safetensors")).LinkTarget));

        // Again: everything is there, so nothing is fetched.
        var resolves = hub.Emulator.Statistics.Requests.GetValueOrDefault("resolve");
        var again = await session.Download.RunAsync(new DownloadOptions { Repo = RepoRef.Parse("org/cached") });
        Assert.Equal(0, again.BytesDownloaded);
        Assert.Equal(resolves, hub.Emulator.Statistics.Requests.GetValueOrDefault("resolve"));
    }

    [Fact]
    public async Task A_tag_gets_its_ref_a_commit_none_and_blobs_are_shared_between_revisions()
    {
        await using var hub = await Hub.StartAsync();
        var first = await PublishAsync(hub, "org/revs");
        using (var client = hub.Client()) await client.CreateTagAsync(RepoRef.Parse("org/revs"), first, "v1.0", null);
        hub.Text("src/config.json", "{\"hidden_size\": 16}\n");
        using (var client = hub.Client()) await hub.Publisher(client).PublishAsync(Hub.Request("org/revs", [Path.Combine(hub.Work, "src")]));
        var cache = Path.Combine(hub.Work, "hf-cache");
        using var session = Cached(hub, cache);
        var repo = RepoRef.Parse("org/revs");
        var byTag = await session.Download.RunAsync(new DownloadOptions { Repo = repo, Revision = "v1.0" });
        var byCommit = await session.Download.RunAsync(new DownloadOptions { Repo = repo, Revision = first });
        var main = await session.Download.RunAsync(new DownloadOptions { Repo = repo });
        var refs = Path.Combine(cache, "models--org--revs", "refs");
        Assert.Equal(first, File.ReadAllText(Path.Combine(refs, "v1.0")));
        Assert.Equal(main.CommitOid, File.ReadAllText(Path.Combine(refs, "main")));
        Assert.Equal(["main", "v1.0"], Directory.GetFiles(refs).Select(Path.GetFileName).Order(StringComparer.Ordinal)); // no ref for a commit
        Assert.Equal(byTag.Folder, byCommit.Folder);
        Assert.Equal(0, byCommit.BytesDownloaded);
        // The LFS file did not change: main links the blob the tag's snapshot fetched, and only the new config was fetched.
        Assert.Equal(main.Files.Single(f => f.PathInRepo == "config.json").Size, main.BytesDownloaded);
        Assert.Equal(5, Directory.GetFiles(Path.Combine(cache, "models--org--revs", "blobs")).Length); // .gitattributes, two configs, the model, the notes
    }

    [Fact]
    public async Task Include_exclude_and_named_files_choose_what_is_downloaded()
    {
        await using var hub = await Hub.StartAsync();
        await PublishAsync(hub, "org/globs");
        using var session = Cached(hub, Path.Combine(hub.Work, "hf-cache"));
        var repo = RepoRef.Parse("org/globs");
        Assert.Equal(["config.json"], (await session.Download.RunAsync(new DownloadOptions { Repo = repo, Include = ["*.json"] })).Files.Select(f => f.PathInRepo));
        Assert.Equal([".gitattributes", "config.json", "docs/notes.md"], (await session.Download.RunAsync(new DownloadOptions { Repo = repo, Exclude = ["*.safetensors"] })).Files.Select(f => f.PathInRepo).Order(StringComparer.Ordinal));
        Assert.Equal(["docs/notes.md"], (await session.Download.RunAsync(new DownloadOptions { Repo = repo, Paths = ["docs"] })).Files.Select(f => f.PathInRepo));
        var missing = await Assert.ThrowsAsync<HubException>(() => session.Download.RunAsync(new DownloadOptions { Repo = repo, Paths = ["nope.bin"] }));
        Assert.Equal(HubErrorIds.EntryNotFound, missing.ErrorId);
        var local = Path.Combine(hub.Work, "plain");
        var plain = await session.Download.RunAsync(new DownloadOptions { Repo = repo, Include = ["**/*.md"], LocalDirectory = local });
        Assert.False(plain.InCache);
        Assert.Equal(local, plain.Folder);
        Assert.Equal("# notes\n", File.ReadAllText(Path.Combine(local, "docs", "notes.md")));
        Assert.Null(new FileInfo(Path.Combine(local, "docs", "notes.md")).LinkTarget); // a plain file, not a link
    }

    [Fact]
    public async Task Offline_the_cache_answers_without_a_request_and_a_miss_is_a_clear_error()
    {
        await using var hub = await Hub.StartAsync();
        var commit = await PublishAsync(hub, "org/offline");
        var cache = Path.Combine(hub.Work, "hf-cache");
        using (var online = Cached(hub, cache)) await online.Download.RunAsync(new DownloadOptions { Repo = RepoRef.Parse("org/offline"), Exclude = ["docs/**"] });
        var before = Requests(hub);
        using var offline = Cached(hub, cache, offline: true);
        var repo = RepoRef.Parse("org/offline");
        var found = await offline.Download.RunAsync(new DownloadOptions { Repo = repo });
        Assert.Equal((commit, true), (found.CommitOid, found.FromCacheOnly));
        Assert.Equal([".gitattributes", "config.json", "model.safetensors"], found.Files.Select(f => f.PathInRepo));
        Assert.All(found.Files, f => Assert.True(f.FromCache));
        Assert.Equal(commit, (await offline.Download.RunAsync(new DownloadOptions { Repo = repo, Revision = commit, Paths = ["config.json"] })).Files.Single().CommitOid);
        var local = await offline.Download.RunAsync(new DownloadOptions { Repo = repo, LocalDirectory = Path.Combine(hub.Work, "offline-copy") });
        Assert.Equal(File.ReadAllBytes(Path.Combine(hub.Work, "src", "model.safetensors")), File.ReadAllBytes(Path.Combine(hub.Work, "offline-copy", "model.safetensors")));
        Assert.Equal(before, Requests(hub)); // not one request

        async Task<HubException> Miss(DownloadOptions options) => await Assert.ThrowsAsync<HubException>(() => offline.Download.RunAsync(options));
        var noRevision = await Miss(new DownloadOptions { Repo = repo, Revision = "v9" });
        Assert.Equal((HubErrorIds.CacheMiss, ErrorKind.NotFound), (noRevision.ErrorId, noRevision.Kind));
        Assert.Contains("org/offline@v9", noRevision.Message);
        Assert.Contains("HF_HUB_OFFLINE", noRevision.Message);
        Assert.Contains("docs/notes.md", (await Miss(new DownloadOptions { Repo = repo, Paths = ["docs/notes.md"] })).Message);
        Assert.Equal(HubErrorIds.CacheMiss, (await Miss(new DownloadOptions { Repo = RepoRef.Parse("org/never") })).ErrorId);
        using var empty = Cached(hub, Path.Combine(hub.Work, "empty-cache"), offline: true);
        Assert.Equal(HubErrorIds.CacheMiss, (await Assert.ThrowsAsync<HubException>(() => empty.Download.RunAsync(new DownloadOptions { Repo = repo }))).ErrorId);
        Assert.Equal(before, Requests(hub));
    }

    [Fact]
    public async Task An_unreachable_Hub_falls_back_to_the_cache()
    {
        await using var hub = await Hub.StartAsync();
        var commit = await PublishAsync(hub, "org/fallback");
        var cache = Path.Combine(hub.Work, "hf-cache");
        using (var online = Cached(hub, cache)) await online.Download.RunAsync(new DownloadOptions { Repo = RepoRef.Parse("org/fallback") });
        using var unreachable = new ModelReleaseSession(hub.SessionOptions() with
        {
            HubCacheFolder = cache,
            Hub = new HubConnection { Endpoint = "http://127.0.0.1:9", RequireToken = false, Options = new HubClientOptions { MaxRetries = 0 } },
        });
        var result = await unreachable.Download.RunAsync(new DownloadOptions { Repo = RepoRef.Parse("org/fallback") });
        Assert.Equal((commit, true), (result.CommitOid, result.FromCacheOnly));
        var none = await Assert.ThrowsAsync<HubException>(() => unreachable.Download.RunAsync(new DownloadOptions { Repo = RepoRef.Parse("org/elsewhere") }));
        Assert.Equal(HubErrorIds.Unreachable, none.ErrorId); // nothing cached: the real error, not a cache miss
    }

    [Fact]
    public async Task A_cache_left_half_written_is_repaired_and_nothing_in_it_is_lost()
    {
        await using var hub = await Hub.StartAsync();
        await PublishAsync(hub, "org/repair");
        var cache = Path.Combine(hub.Work, "hf-cache");
        using var session = Cached(hub, cache);
        var repo = RepoRef.Parse("org/repair");
        var first = await session.Download.RunAsync(new DownloadOptions { Repo = repo });
        var blobs = Path.Combine(cache, "models--org--repair", "blobs");
        var model = first.Files.Single(f => f.PathInRepo == "model.safetensors");
        var modelBlob = Path.Combine(blobs, model.VerifiedHash);
        var bytes = File.ReadAllBytes(modelBlob);
        // Another tool's files beside ours: a revision of another repository, and an unknown file.
        var other = Path.Combine(cache, "models--someone--else", "snapshots", new string('a', 40));
        Directory.CreateDirectory(other);
        File.WriteAllText(Path.Combine(other, "keep.txt"), "keep me");
        File.WriteAllText(Path.Combine(cache, "README.txt"), "a file of the user's");

        // 1. A blob without its snapshot link: linked again, nothing fetched.
        File.Delete(model.Path);
        var relinked = await session.Download.RunAsync(new DownloadOptions { Repo = repo, Paths = ["model.safetensors"] });
        Assert.Equal(0, relinked.BytesDownloaded);
        Assert.Equal(bytes, File.ReadAllBytes(model.Path));

        // 2. A link to a missing blob: the blob is fetched again and the link works.
        File.Delete(modelBlob);
        var refetched = await session.Download.RunAsync(new DownloadOptions { Repo = repo, Paths = ["model.safetensors"] });
        Assert.Equal(bytes.Length, refetched.BytesDownloaded);
        Assert.Equal(bytes, File.ReadAllBytes(model.Path));

        // 3. A partial blob another tool left (blobs/{etag}.incomplete, huggingface_hub's name): resumed.
        File.Delete(modelBlob);
        File.WriteAllBytes(modelBlob + ".incomplete", bytes[..60_000]);
        var resumed = (await session.Download.RunAsync(new DownloadOptions { Repo = repo, Paths = ["model.safetensors"] })).Files.Single();
        Assert.True(resumed.Resumed);
        Assert.Equal(bytes.Length - 60_000, resumed.BytesDownloaded);
        Assert.Equal(bytes, File.ReadAllBytes(model.Path));
        Assert.False(File.Exists(modelBlob + ".incomplete"));

        // 4. A partial blob of foreign bytes: fetched whole again, verified.
        File.Delete(modelBlob);
        File.WriteAllBytes(modelBlob + ".incomplete", new byte[70_000]);
        Assert.Equal(bytes, File.ReadAllBytes((await session.Download.RunAsync(new DownloadOptions { Repo = repo, Paths = ["model.safetensors"] })).Files.Single().Path));

        Assert.Equal("keep me", File.ReadAllText(Path.Combine(other, "keep.txt")));
        Assert.Equal("a file of the user's", File.ReadAllText(Path.Combine(cache, "README.txt")));
    }

    [Fact]
    public async Task A_cache_that_cannot_be_written_is_a_clear_error_and_still_answers_reads()
    {
        if (OperatingSystem.IsWindows()) return; // read-only folders are made with chmod or chattr here
        await using var hub = await Hub.StartAsync();
        await PublishAsync(hub, "org/readonly");
        var cache = Path.Combine(hub.Work, "hf-cache");
        var repo = RepoRef.Parse("org/readonly");
        using (var session = Cached(hub, cache)) await session.Download.RunAsync(new DownloadOptions { Repo = repo, Include = ["*.json"] });
        using var locked = ReadOnly.Make(cache);
        using (var session = Cached(hub, cache))
        {
            // What is there is found (online: the head is asked for, nothing is written).
            Assert.Equal(["config.json"], (await session.Download.RunAsync(new DownloadOptions { Repo = repo, Include = ["*.json"] })).Files.Select(f => f.PathInRepo));
            var error = await Assert.ThrowsAsync<HubException>(() => session.Download.RunAsync(new DownloadOptions { Repo = repo }));
            Assert.Equal((HubErrorIds.CacheNotWritable, ErrorKind.PermissionDenied), (error.ErrorId, error.Kind));
            Assert.Contains(cache, error.Message);
            Assert.Contains("--local-dir", error.CliRecommendedAction);
        }
        using (var offline = Cached(hub, cache, offline: true)) Assert.Single((await offline.Download.RunAsync(new DownloadOptions { Repo = repo, Paths = ["config.json"] })).Files);
    }

    [Fact]
    public async Task The_cache_is_listed_and_pruned_by_repository_revision_and_age_keeping_shared_blobs()
    {
        await using var hub = await Hub.StartAsync();
        var first = await PublishAsync(hub, "org/prune");
        using (var client = hub.Client()) await client.CreateTagAsync(RepoRef.Parse("org/prune"), first, "v1", null);
        hub.Text("src/config.json", "{\"hidden_size\": 32}\n");
        using (var client = hub.Client()) await hub.Publisher(client).PublishAsync(Hub.Request("org/prune", [Path.Combine(hub.Work, "src")]));
        await PublishAsync(hub, "org/other", "other");
        var cache = Path.Combine(hub.Work, "hf-cache");
        using var session = Cached(hub, cache);
        var repo = RepoRef.Parse("org/prune");
        var v1 = await session.Download.RunAsync(new DownloadOptions { Repo = repo, Revision = "v1" });
        var main = await session.Download.RunAsync(new DownloadOptions { Repo = repo });
        await session.Download.RunAsync(new DownloadOptions { Repo = RepoRef.Parse("org/other") });

        var all = session.Cache.List(new CacheFilter());
        Assert.Equal(3, all.Count);
        var old = all.Single(r => r.Refs.Contains("v1"));
        Assert.Equal(v1.Folder, old.Path);
        var model = v1.Files.Single(f => f.PathInRepo == "model.safetensors").Size;
        Assert.Equal(v1.Files.Sum(f => f.Size), old.Size);
        Assert.Equal(v1.Files.Single(f => f.PathInRepo == "config.json").Size, old.ExclusiveSize); // the model and the rest are shared with main
        Assert.Single(session.Cache.List(new CacheFilter { RepoIds = ["org/oth*"] }));
        Assert.Equal(v1.CommitOid, session.Cache.List(new CacheFilter { RepoIds = ["org/prune"], Revision = v1.CommitOid[..9] }).Single().CommitOid);

        // Age: make v1 look unused for 40 days.
        foreach (var f in v1.Files) File.SetLastAccessTimeUtc(Path.Combine(cache, "models--org--prune", "blobs", f.VerifiedHash), DateTime.UtcNow.AddDays(-40));
        foreach (var f in v1.Files) File.SetLastWriteTimeUtc(Path.Combine(cache, "models--org--prune", "blobs", f.VerifiedHash), DateTime.UtcNow.AddDays(-40));
        File.SetLastAccessTimeUtc(Path.Combine(cache, "models--org--prune", "blobs", main.Files.Single(f => f.PathInRepo == "config.json").VerifiedHash), DateTime.UtcNow);

        // What-if first: every revision asked, nothing removed.
        var (decide, asked) = Sessions.Recording();
        var planned = await session.Cache.RemoveAsync(new CacheFilter { RepoIds = ["org/prune"] }, null, decide, whatIf: true);
        Assert.Equal(2, asked.Count);
        Assert.All(asked, q => Assert.Equal(QuestionKind.RemoveCachedRevision, q.Kind));
        Assert.All(planned, p => Assert.False(p.Removed));
        Assert.True(Directory.Exists(v1.Folder));

        var removed = Assert.Single(await session.Cache.RemoveAsync(new CacheFilter { RepoIds = ["org/prune"], OlderThan = TimeSpan.FromDays(30) }, null, OperationDeciders.Always, whatIf: false));
        Assert.Equal((v1.CommitOid, true, old.ExclusiveSize), (removed.CommitOid, removed.Removed, removed.FreedBytes));
        Assert.False(Directory.Exists(v1.Folder));
        Assert.False(File.Exists(Path.Combine(cache, "models--org--prune", "refs", "v1")));
        Assert.All(main.Files, f => Assert.Equal(f.Size, File.ReadAllBytes(f.Path).Length)); // main's files, shared blobs included, still there

        // The last revision of a repository takes the repository folder with it.
        await session.Cache.RemoveAsync(new CacheFilter { RepoIds = ["org/prune"] }, null, OperationDeciders.Always, whatIf: false);
        Assert.False(Directory.Exists(Path.Combine(cache, "models--org--prune")));
        Assert.Single(session.Cache.List(new CacheFilter()));
        _ = model;
    }

    [Fact]
    public void The_scan_names_what_is_wrong_without_changing_anything()
    {
        var cache = Directory.CreateTempSubdirectory("mr-scan-").FullName;
        try
        {
            var repo = Path.Combine(cache, "models--org--broken");
            var commit = new string('b', 40);
            var snapshot = Path.Combine(repo, "snapshots", commit);
            Directory.CreateDirectory(snapshot);
            Directory.CreateDirectory(Path.Combine(repo, "blobs"));
            Directory.CreateDirectory(Path.Combine(repo, "refs"));
            File.CreateSymbolicLink(Path.Combine(snapshot, "gone.bin"), "../../blobs/" + new string('c', 64));
            File.WriteAllText(Path.Combine(repo, "blobs", new string('d', 40)), "orphan");
            File.WriteAllText(Path.Combine(repo, "blobs", new string('e', 40) + ".incomplete"), "part");
            File.WriteAllText(Path.Combine(repo, "refs", "main"), new string('f', 40));
            Directory.CreateDirectory(Path.Combine(cache, "not-a-repo"));
            var scan = HfCacheScan.Read(cache);
            var revision = Assert.Single(scan.Revisions);
            Assert.Equal(("org/broken", commit), (revision.RepoId, revision.CommitOid));
            Assert.Contains(revision.Problems, p => p.Contains("gone.bin", StringComparison.Ordinal));
            Assert.Contains(scan.Problems, p => p.Contains("not-a-repo", StringComparison.Ordinal));
            Assert.Contains(scan.Problems, p => p.Contains("no snapshot", StringComparison.Ordinal) && p.Contains("main", StringComparison.Ordinal));
            Assert.Contains(scan.Problems, p => p.Contains("no snapshot links to", StringComparison.Ordinal));
            Assert.Contains(scan.Problems, p => p.Contains("partial download", StringComparison.Ordinal));
            Assert.True(File.Exists(Path.Combine(repo, "blobs", new string('d', 40))));
            Assert.Empty(HfCacheScan.Read(Path.Combine(cache, "does-not-exist")).Revisions);
        }
        finally
        {
            Directory.Delete(cache, recursive: true);
        }
    }

    [Theory]
    [InlineData("org/model", "model", "models--org--model")]
    [InlineData("org/data.set", "dataset", "datasets--org--data.set")]
    [InlineData("user/space_1", "space", "spaces--user--space_1")]
    public void Folder_names_read_back_to_their_repository(string id, string type, string folder)
    {
        Assert.Equal(folder, HfCacheLayout.RepoFolderName(RepoRef.Parse(id, type)));
        Assert.Equal(RepoRef.Parse(id, type), HfCacheLayout.ParseRepoFolderName(folder));
        Assert.Null(HfCacheLayout.ParseRepoFolderName("models--a--b--c"));
        Assert.Null(HfCacheLayout.ParseRepoFolderName(".locks"));
    }

    [Fact]
    public void The_environment_names_the_cache_as_huggingface_hub_does()
    {
        static ModelReleaseSessionOptions Resolve(params (string Key, string Value)[] vars) => SessionEnvironment.Resolve(k => vars.FirstOrDefault(v => v.Key == k).Value);
        Assert.Equal("/c/hub", Resolve(("HF_HUB_CACHE", "/c/hub"), ("HF_HOME", "/h")).HubCacheFolder);
        Assert.Equal(Path.Combine("/h", "hub"), Resolve(("HF_HOME", "/h"), ("XDG_CACHE_HOME", "/x")).HubCacheFolder);
        Assert.Equal(Path.Combine("/x", "huggingface", "hub"), Resolve(("XDG_CACHE_HOME", "/x"), ("HOME", "/home/u")).HubCacheFolder);
        Assert.Equal(Path.Combine("/home/u", ".cache", "huggingface", "hub"), Resolve(("HOME", "/home/u")).HubCacheFolder);
        Assert.Equal("/home/u/models", Resolve(("HF_HUB_CACHE", "~/models"), ("HOME", "/home/u")).HubCacheFolder);
        Assert.Null(Resolve().HubCacheFolder);
        foreach (var on in new[] { "1", "ON", "yes", "True" }) Assert.True(Resolve(("HF_HUB_OFFLINE", on)).Offline);
        foreach (var off in new[] { "0", "", "no", "false" }) Assert.False(Resolve(("HF_HUB_OFFLINE", off)).Offline);
        Assert.True(Resolve(("HF_HUB_DISABLE_PROGRESS_BARS", "1")).ProgressBarsDisabled);
    }
}

/// <summary>Makes a folder unwritable for the test's duration: chmod for an ordinary user; root passes permission checks, so the immutable flag (chattr +i) there.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
internal sealed class ReadOnly : IDisposable
{
    private readonly List<string> _folders;
    private readonly bool _immutable;

    private ReadOnly(List<string> folders, bool immutable)
    {
        _folders = folders;
        _immutable = immutable;
    }

    public static ReadOnly Make(string root)
    {
        var folders = new[] { root }.Concat(Directory.EnumerateDirectories(root, "*", SearchOption.AllDirectories)).ToList();
        var immutable = Environment.UserName == "root" || Environment.GetEnvironmentVariable("USER") == "root";
        foreach (var f in folders)
        {
            if (immutable) Run("chattr", "+i", f);
            else File.SetUnixFileMode(f, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        }
        return new ReadOnly(folders, immutable);
    }

    private static void Run(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { UseShellExecute = false, RedirectStandardError = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var p = Process.Start(start)!;
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"{program} {string.Join(' ', args)} failed: {p.StandardError.ReadToEnd()}");
    }

    public void Dispose()
    {
        foreach (var f in _folders)
        {
            if (_immutable) Run("chattr", "-i", f);
            else File.SetUnixFileMode(f, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }
}
