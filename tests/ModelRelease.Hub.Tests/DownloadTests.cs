using ModelRelease.Core;
using ModelRelease.Core.Hashing;
using ModelRelease.Core.Hub;
using ModelRelease.Core.Hub.Download;

namespace ModelRelease.Hub.Tests;

public class DownloadTests
{
    [Fact]
    public async Task A_partial_download_resumes_and_a_corrupt_one_is_fetched_again()
    {
        await using var hub = await Hub.StartAsync();
        var source = hub.File("d/model.safetensors", 300_000, seed: 8);
        using var client = hub.Client();
        await hub.Publisher(client).PublishAsync(Hub.Request("org/dl", [source]));
        var repo = RepoRef.Parse("org/dl");
        var bytes = File.ReadAllBytes(source);

        var target = Path.Combine(hub.Work, "out");
        Directory.CreateDirectory(Downloader.PartialFolder(target));
        File.WriteAllBytes(Path.Combine(Downloader.PartialFolder(target), "model.safetensors.incomplete"), bytes[..100_000]);
        var resumed = (await new Downloader(client).DownloadAsync(repo, "main", ["model.safetensors"], target)).Single();
        Assert.True(resumed.Resumed);
        Assert.Equal(200_000, resumed.BytesDownloaded);
        Assert.Equal(bytes, File.ReadAllBytes(Path.Combine(target, "model.safetensors")));
        Assert.False(File.Exists(Path.Combine(Downloader.PartialFolder(target), "model.safetensors.incomplete")));

        var target2 = Path.Combine(hub.Work, "out2");
        Directory.CreateDirectory(Downloader.PartialFolder(target2));
        var garbage = (byte[])bytes.Clone();
        garbage[10] ^= 0xFF;
        File.WriteAllBytes(Path.Combine(Downloader.PartialFolder(target2), "model.safetensors.incomplete"), garbage[..150_000]);
        var refetched = (await new Downloader(client).DownloadAsync(repo, "main", ["model.safetensors"], target2)).Single();
        Assert.Equal(bytes, File.ReadAllBytes(Path.Combine(target2, "model.safetensors")));
        Assert.Equal(resumed.VerifiedHash, refetched.VerifiedHash);

        var again = (await new Downloader(client).DownloadAsync(repo, "main", ["model.safetensors"], target)).Single();
        Assert.Equal(0, again.BytesDownloaded); // already there and verified
    }

    [Fact]
    public async Task Cancelled_mid_file_the_arrived_bytes_stay_partial_and_the_next_run_resumes_from_them()
    {
        // The copy loop reads with blocking calls on a pool thread; cancelling must still end it promptly, keep what
        // arrived in the .incomplete file (never under the final name), and let the next run fetch only the rest.
        await using var hub = await Hub.StartAsync();
        const int Size = 24 << 20;
        var source = hub.File("c/model.safetensors", Size, seed: 11);
        using var client = hub.Client();
        await hub.Publisher(client).PublishAsync(Hub.Request("org/cancel", [source]));
        var repo = RepoRef.Parse("org/cancel");
        var target = Path.Combine(hub.Work, "cancelled");
        using var cts = new CancellationTokenSource();
        var first = new Downloader(client).DownloadAsync(repo, "main", ["model.safetensors"], target,
            new SyncProgress<DownloadProgress>(p => { if (p.BytesDone >= 1 << 20) cts.Cancel(); }), cts.Token);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);

        var partial = Path.Combine(Downloader.PartialFolder(target), "model.safetensors.incomplete");
        Assert.False(File.Exists(Path.Combine(target, "model.safetensors")));
        var kept = new FileInfo(partial).Length;
        Assert.InRange(kept, 1, Size - 1);

        var second = (await new Downloader(client).DownloadAsync(repo, "main", ["model.safetensors"], target)).Single();
        Assert.True(second.Resumed);
        Assert.Equal(Size - kept, second.BytesDownloaded);
        Assert.Equal(File.ReadAllBytes(source), File.ReadAllBytes(Path.Combine(target, "model.safetensors")));
    }

    [Fact]
    public async Task Bytes_that_do_not_match_the_hash_are_refused_and_never_take_the_final_name()
    {
        // The hash is computed while the bytes arrive: a stored object changed behind the Hub's back (same size)
        // is fetched twice, refused both times, and leaves neither a final file nor a partial one.
        await using var hub = await Hub.StartAsync();
        var source = hub.File("v/model.safetensors", 3_000_000, seed: 5);
        using var client = hub.Client();
        var published = await hub.Publisher(client).PublishAsync(Hub.Request("org/bad", [source]));
        var oid = published.Files.Single().Sha256!;
        var stored = Path.Combine(hub.Data, "objects", "lfs", oid[..2], oid);
        var bytes = File.ReadAllBytes(stored);
        bytes[2_500_000] ^= 0x01;
        File.WriteAllBytes(stored, bytes);

        var target = Path.Combine(hub.Work, "bad");
        var error = await Assert.ThrowsAsync<HubException>(() => new Downloader(client).DownloadAsync(RepoRef.Parse("org/bad"), "main", null, target));
        Assert.Equal((HubErrorIds.DownloadVerificationFailed, ErrorKind.InvalidData, "model.safetensors"), (error.ErrorId, error.Kind, error.Target as string));
        Assert.False(File.Exists(Path.Combine(target, "model.safetensors")));
        Assert.False(File.Exists(Path.Combine(Downloader.PartialFolder(target), "model.safetensors.incomplete")));
    }

    [Fact]
    public async Task Regular_and_LFS_files_download_verified_in_one_pass_and_a_resumed_regular_file_too()
    {
        // A regular file is checked against its git blob id (SHA-1 of "blob SIZE\0" + content), an LFS file against
        // its SHA-256; both are hashed while they arrive, a resumed one after its partial bytes.
        await using var hub = await Hub.StartAsync();
        var weights = hub.File("r/model.safetensors", 2_000_000, seed: 6);
        var config = hub.Text("r/config.json", "{\"hidden_size\": 64, \"layers\": 2}\n" + new string('x', 5_000));
        using var client = hub.Client();
        await hub.Publisher(client).PublishAsync(Hub.Request("org/both", [weights, config]));
        var target = Path.Combine(hub.Work, "both");
        Directory.CreateDirectory(Downloader.PartialFolder(target));
        File.WriteAllBytes(Path.Combine(Downloader.PartialFolder(target), "config.json.incomplete"), File.ReadAllBytes(config)[..1_000]);

        var saved = (await new Downloader(client).DownloadAsync(RepoRef.Parse("org/both"), "main", null, target)).ToDictionary(s => s.PathInRepo);
        Assert.Equal(File.ReadAllBytes(weights), File.ReadAllBytes(Path.Combine(target, "model.safetensors")));
        Assert.Equal(File.ReadAllBytes(config), File.ReadAllBytes(Path.Combine(target, "config.json")));
        Assert.True(saved["config.json"].Resumed);
        Assert.Equal(new FileInfo(config).Length - 1_000, saved["config.json"].BytesDownloaded);
        Assert.Equal(GitBlob.Id(File.ReadAllBytes(config)), saved["config.json"].VerifiedHash);
        Assert.Equal(64, saved["model.safetensors"].VerifiedHash.Length);
    }

    [Fact]
    public async Task Partial_files_never_collide_with_a_repository_path()
    {
        await using var hub = await Hub.StartAsync();
        using var client = hub.Client();
        // The repository holds x, x.part and x.incomplete: each a file of its own, none the partial file of another.
        var names = new[] { "x", "x.part", "x.incomplete", "sub/y", "sub/y.incomplete" };
        var sources = names.Select((n, i) => hub.File("collide/" + n, 50_000 + i, seed: 20 + i)).ToList();
        await hub.Publisher(client).PublishAsync(Hub.Request("org/collide", [Path.Combine(hub.Work, "collide")]));
        for (var run = 0; run < 3; run++)
        {
            var target = Path.Combine(hub.Work, "collide-out-" + run);
            var saved = await new Downloader(client).DownloadAsync(RepoRef.Parse("org/collide"), "main", null, target);
            Assert.Equal(names.Order(StringComparer.Ordinal), saved.Select(f => f.PathInRepo).Where(p => p != ".gitattributes").Order(StringComparer.Ordinal));
            for (var i = 0; i < names.Length; i++)
            {
                Assert.Equal(File.ReadAllBytes(sources[i]), File.ReadAllBytes(Path.Combine(target, names[i])));
            }
            Assert.Empty(Directory.GetFiles(Downloader.PartialFolder(target), "*", SearchOption.AllDirectories));
        }
    }

    [Fact]
    public async Task Asking_for_a_file_the_repo_does_not_have_names_it()
    {
        await using var hub = await Hub.StartAsync();
        using var client = hub.Client();
        await hub.Publisher(client).PublishAsync(Hub.Request("org/dl2", [hub.Text("e/a.txt", "a")]));
        var ex = await Assert.ThrowsAsync<HubException>(() => new Downloader(client).DownloadAsync(RepoRef.Parse("org/dl2"), "main", ["nope.bin"], Path.Combine(hub.Work, "o")));
        Assert.Equal("HubEntryNotFound", ex.ErrorId);
        Assert.Equal("nope.bin", ex.Target);
    }

    [Fact]
    public async Task The_emulator_keeps_everything_across_a_restart()
    {
        await using var hub = await Hub.StartAsync();
        var source = hub.File("r/w.safetensors", 2 << 20, seed: 12);
        using (var client = hub.Client())
        {
            await hub.Publisher(client).PublishAsync(Hub.Request("org/persist", [source]));
            await new ReleaseTagger(client).CreateAsync(RepoRef.Parse("org/persist"), "main", "v1.0.0", null, false);
        }
        await hub.RestartAsync();
        using var after = hub.Client();
        var target = Path.Combine(hub.Work, "after");
        await new Downloader(after).DownloadAsync(RepoRef.Parse("org/persist"), "v1.0.0", null, target);
        Assert.Equal(File.ReadAllBytes(source), File.ReadAllBytes(Path.Combine(target, "w.safetensors")));
    }
}
