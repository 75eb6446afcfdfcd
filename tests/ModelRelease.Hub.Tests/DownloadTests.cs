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
