using System.Diagnostics;
using System.Security.Cryptography;
using ModelRelease.Core.Hashing;
using ModelRelease.Core.Hub;
using ModelRelease.Core.Hub.Download;
using ModelRelease.Core.Hub.Publishing;

namespace ModelRelease.Hub.Tests;

public class PublishTests
{
    private static string Sha(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path))).ToLowerInvariant();

    [Fact]
    public async Task A_release_is_one_commit_and_downloads_back_byte_for_byte()
    {
        await using var hub = await Hub.StartAsync();
        var folder = Path.Combine(hub.Work, "release");
        hub.Text("release/config.json", "{\"hidden_size\": 8}\n");
        hub.File("release/model.safetensors", 3 * (1 << 20) + 17, seed: 1);  // multipart: 4 parts of 1 MiB
        hub.File("release/tokenizer.model", 5000, seed: 2);                    // LFS by extension, basic transfer
        using var client = hub.Client();
        var result = await hub.Publisher(client).PublishAsync(Hub.Request("org/tiny", [folder], "Release v1.0.0"));

        Assert.True(result.Committed);
        Assert.True(result.RepoCreated);
        Assert.Matches("^[0-9a-f]{40}$", result.CommitOid);
        Assert.Equal(["config.json", "model.safetensors", "tokenizer.model"], result.Files.Select(f => f.PathInRepo).Order());
        Assert.All(result.Files, f => Assert.Equal(PublishAction.New, f.Action));
        Assert.True(result.Files.Single(f => f.PathInRepo == "model.safetensors").IsLfs);
        Assert.False(result.Files.Single(f => f.PathInRepo == "config.json").IsLfs);
        Assert.Equal(1, hub.Emulator.Statistics.Commits);
        Assert.True(hub.Emulator.Statistics.Requests["part"] >= 4);

        var listed = new List<HubRepoFile>();
        await foreach (var f in client.ListTreeAsync(RepoRef.Parse("org/tiny"), "main", null, true)) listed.Add(f);
        Assert.Equal(Sha(Path.Combine(folder, "model.safetensors")), listed.Single(f => f.Path == "model.safetensors").LfsOid);

        var target = Path.Combine(hub.Work, "download");
        var saved = await new Downloader(client).DownloadAsync(RepoRef.Parse("org/tiny"), "main", null, target);
        foreach (var name in new[] { "config.json", "model.safetensors", "tokenizer.model" })
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(folder, name)), File.ReadAllBytes(Path.Combine(target, name)));
        }
        Assert.Contains(saved, s => s.PathInRepo == ".gitattributes");
        Assert.All(saved, s => Assert.Equal(result.CommitOid, s.CommitOid));
    }

    [Fact]
    public async Task Regular_file_ids_are_what_git_computes()
    {
        await using var hub = await Hub.StartAsync();
        var path = hub.Text("readme/README.md", "# Model\n\nHello\n");
        using var client = hub.Client();
        await hub.Publisher(client).PublishAsync(Hub.Request("org/ids", [path]));
        var file = (await client.PathsInfoAsync(RepoRef.Parse("org/ids"), "main", ["README.md"])).Single();
        var git = Process.Start(new ProcessStartInfo("git", ["hash-object", path]) { RedirectStandardOutput = true })!;
        var expected = (await git.StandardOutput.ReadToEndAsync()).Trim();
        await git.WaitForExitAsync();
        Assert.Equal(expected, file.BlobId);
        Assert.Equal(expected, GitBlob.Id(File.ReadAllBytes(path)));
    }

    [Fact]
    public async Task Publishing_unchanged_files_again_uploads_nothing_hashes_nothing_and_commits_nothing()
    {
        await using var hub = await Hub.StartAsync();
        var folder = Path.Combine(hub.Work, "r");
        hub.File("r/a.safetensors", 2 * (1 << 20) + 3, seed: 5);
        hub.File("r/b.gguf", 100_000, seed: 6);
        hub.Text("r/config.json", "{}\n");
        using var client = hub.Client();
        var cache = HashCache.Load(Path.Combine(hub.Work, "cache.json"));
        var first = await hub.Publisher(client, cache).PublishAsync(Hub.Request("org/again", [folder]));
        Assert.True(first.BytesUploaded > 2 << 20);

        var hashed = 0L;
        var cache2 = HashCache.Load(Path.Combine(hub.Work, "cache.json")); // a new run reads the cache from disk
        var second = await hub.Publisher(client, cache2).PublishAsync(Hub.Request("org/again", [folder]),
            new Core.SyncProgress<PublishProgress>(p => { if (p.Stage == PublishStage.Hashing) hashed = Math.Max(hashed, p.HashedBytes); }));
        Assert.False(second.Committed);
        Assert.Equal(first.CommitOid, second.CommitOid);
        Assert.Equal(0, second.BytesUploaded);
        Assert.Equal(0, hashed);
        Assert.All(second.Files, f => Assert.Equal(PublishAction.Unchanged, f.Action));
        Assert.Equal(1, hub.Emulator.Statistics.Commits);
    }

    [Fact]
    public async Task A_plan_writes_nothing_and_says_what_would_happen()
    {
        await using var hub = await Hub.StartAsync();
        var a = hub.File("p/w.safetensors", 4096);
        var b = hub.Text("p/config.json", "{}");
        using var client = hub.Client();
        var plan = await hub.Publisher(client).PlanAsync(Hub.Request("org/plan", [a, b]));
        Assert.False(plan.RepoExists);
        Assert.Equal(2, plan.Files.Count);
        Assert.True(plan.Files.Single(f => f.PathInRepo == "w.safetensors").IsLfs);
        Assert.Equal(4096 + 2, plan.BytesToCommit);
        Assert.False(hub.Emulator.Statistics.Requests.ContainsKey("create"));
        Assert.False(hub.Emulator.Statistics.Requests.ContainsKey("commit"));
        Assert.Null(await client.GetRepoInfoAsync(RepoRef.Parse("org/plan"), "main"));

        await hub.Publisher(client).PublishAsync(Hub.Request("org/plan", [a, b]));
        File.WriteAllText(b, "{\"changed\": true}");
        var again = await hub.Publisher(client).PlanAsync(Hub.Request("org/plan", [a, b]));
        Assert.True(again.RepoExists);
        Assert.Equal(PublishAction.Unchanged, again.Files.Single(f => f.PathInRepo == "w.safetensors").Action);
        Assert.Equal(PublishAction.Updated, again.Files.Single(f => f.PathInRepo == "config.json").Action);
    }

    [Fact]
    public async Task A_wrong_token_is_a_clear_error_that_never_shows_the_token()
    {
        await using var hub = await Hub.StartAsync();
        const string wrong = "hf_WrongSecretValue987654321";
        using var client = hub.Client(wrong);
        var ex = await Assert.ThrowsAsync<HubException>(() => hub.Publisher(client).PublishAsync(Hub.Request("org/x", [hub.Text("x/a.txt", "a")])));
        Assert.Equal("HubUnauthorized", ex.ErrorId);
        Assert.Equal(401, ex.StatusCode);
        Assert.Contains("Invalid credentials", ex.Message);
        Assert.Contains("HF_TOKEN", ex.RecommendedAction);
        Assert.DoesNotContain(wrong, ex.ToString());
        Assert.DoesNotContain(hub.Log, l => l.Contains(wrong, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_missing_repository_is_not_created_when_told_not_to()
    {
        await using var hub = await Hub.StartAsync();
        using var client = hub.Client();
        var request = Hub.Request("org/absent", [hub.Text("y/a.txt", "a")]) with { CreateRepoIfMissing = false };
        var ex = await Assert.ThrowsAsync<HubException>(() => hub.Publisher(client).PublishAsync(request));
        Assert.Equal("HubRepoNotFound", ex.ErrorId);
        Assert.Equal("org/absent", ex.Target);
    }

    [Fact]
    public async Task A_stale_parent_fails_the_slower_publish_which_then_resumes_without_uploading_twice()
    {
        await using var hub = await Hub.StartAsync();
        using var client = hub.Client();
        await hub.Publisher(client).PublishAsync(Hub.Request("org/race", [hub.Text("race/seed.txt", "seed")]));
        var big = hub.File("race/big.safetensors", 3 << 20, seed: 9);
        var planned = await hub.Publisher(client).PlanAsync(Hub.Request("org/race", [big]));

        // Another publish lands after the slow one planned on the old head.
        hub.Emulator.Faults = new() { Rules = [new() { Endpoint = "part", LatencyMs = 300 }] };
        var slow = hub.Publisher(client).PublishAsync(Hub.Request("org/race", [big], "slow"));
        await Task.Delay(150);
        var fast = await hub.Publisher(hub.Client()).PublishAsync(Hub.Request("org/race", [hub.Text("race/fast.txt", "fast")], "fast"));
        var ex = await Assert.ThrowsAsync<HubException>(() => slow);
        Assert.Equal("HubCommitConflict", ex.ErrorId);
        var head = await client.GetRepoInfoAsync(RepoRef.Parse("org/race"), "main");
        Assert.Equal(fast.CommitOid, head!.Sha);
        Assert.DoesNotContain(head.Siblings, s => s.Path == "big.safetensors");
        Assert.NotNull(planned.ParentCommit);

        hub.Emulator.Faults = new();
        var again = await hub.Publisher(client).PublishAsync(Hub.Request("org/race", [big], "slow, again"));
        Assert.True(again.Committed);
        Assert.Equal(0, again.BytesUploaded);   // the object was already stored: resumed, not re-sent
        Assert.False(again.Files.Single().Uploaded);
    }

    [Fact]
    public async Task Cancelling_half_way_commits_nothing_and_the_next_run_uploads_only_what_is_missing()
    {
        await using var hub = await Hub.StartAsync();
        var folder = Path.Combine(hub.Work, "c");
        hub.File("c/one.safetensors", 2 << 20, seed: 1);
        hub.File("c/two.safetensors", 2 << 20, seed: 2);
        using var client = hub.Client(options: new HubClientOptions { MaxParallelFiles = 1, MaxParallelParts = 1 });
        await hub.Publisher(client).PublishAsync(Hub.Request("org/cancel", [hub.Text("c0/seed.txt", "seed")]));
        var before = (await client.GetRepoInfoAsync(RepoRef.Parse("org/cancel"), "main"))!.Sha;

        using var cts = new CancellationTokenSource();
        var task = hub.Publisher(client).PublishAsync(Hub.Request("org/cancel", [folder]),
            new Core.SyncProgress<PublishProgress>(p => { if (p.Stage == PublishStage.Uploading && p.FilesDone >= 1) cts.Cancel(); }), cts.Token);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => task);
        Assert.Equal(before, (await client.GetRepoInfoAsync(RepoRef.Parse("org/cancel"), "main"))!.Sha);

        var resumed = await hub.Publisher(client).PublishAsync(Hub.Request("org/cancel", [folder]));
        Assert.True(resumed.Committed);
        Assert.Equal(1, resumed.Files.Count(f => f.Uploaded));
        Assert.Equal(2 << 20, resumed.BytesUploaded);
    }

    [Fact]
    public async Task Include_exclude_and_path_in_repo_shape_the_upload()
    {
        await using var hub = await Hub.StartAsync();
        hub.Text("f/keep/config.json", "{}");
        hub.File("f/keep/w.safetensors", 100);
        hub.Text("f/keep/notes.tmp", "x");
        hub.Text("f/.git/HEAD", "ref");
        var sources = PublishInputs.Collect([Path.Combine(hub.Work, "f")], "weights/base", include: ["*.json", "**/*.safetensors", "*.tmp"], exclude: ["*.tmp"]);
        Assert.Equal(["weights/base/keep/config.json", "weights/base/keep/w.safetensors"], sources.Select(s => s.PathInRepo).Order());
        Assert.Throws<HubException>(() => PublishInputs.Collect([hub.Text("g/a.txt", "a"), hub.Text("h/a.txt", "b")]));
        Assert.Throws<HubException>(() => PublishInputs.Collect([hub.Text("i/a.txt", "a")], "../escape"));
    }
}
