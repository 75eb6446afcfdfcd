using ModelRelease.Core;
using ModelRelease.Core.Hashing;
using ModelRelease.Core.Hub;
using ModelRelease.Core.Hub.Download;
using ModelRelease.Core.Hub.Publishing;
using ModelRelease.HubEmulator.Faults;

namespace ModelRelease.Hub.Tests;

/// <summary>
/// A publish stopped at any stage resumes: the parts the storage acknowledged are not sent again, the upload is
/// completed, there is one commit, and nothing is left on the server. Uploads that will not be finished are aborted.
/// </summary>
public class ResumeTests
{
    private const int Chunk = 256 << 10;
    private const int Size = 4 * (1 << 20) + 1234; // 17 parts, the last one short
    private static readonly RepoRef Repo = RepoRef.Parse("org/resume");

    /// <summary>A session's cache folder: the hash cache and, beside it, the upload states.</summary>
    private static string CacheFile(Hub hub) => Path.Combine(hub.Work, "cache", "hash-cache.json");

    private static UploadStateStore Store(Hub hub) => UploadStateStore.Beside(HashCache.Load(CacheFile(hub)));

    /// <summary>Each run is a new process as far as the publisher knows: the hash cache and the states are read from disk.</summary>
    private static Publisher NewRun(Hub hub, HubClient client) => new(client, HashCache.Load(CacheFile(hub)));

    private static HubClient Client(Hub hub) => hub.Client(options: new HubClientOptions { MaxParallelFiles = 1, MaxParallelParts = 2 });

    private static async Task<Hub> StartAsync(int partLatencyMs = 40) =>
        await Hub.StartAsync(new FaultConfiguration { Rules = [new FaultRule { Endpoint = "part", LatencyMs = partLatencyMs }] }, Chunk);

    private static MultipartUploadState SingleState(Hub hub, HubClient client) => Assert.Single(Store(hub).List(client.Endpoint.ToString(), Repo));

    private static async Task AssertPublishedExactlyAsync(Hub hub, HubClient client, string file)
    {
        var target = Path.Combine(hub.Work, "back-" + Guid.NewGuid().ToString("N"));
        await new Downloader(client).DownloadAsync(Repo, "main", [Path.GetFileName(file)], target);
        Assert.Equal(File.ReadAllBytes(file), File.ReadAllBytes(Path.Combine(target, Path.GetFileName(file))));
        Assert.Equal(1, hub.Emulator.Statistics.Commits);
        Assert.Empty(Directory.GetFiles(Path.Combine(hub.Data, "uploads"), "*.multipart")); // no part left on the server
        Assert.Empty(Store(hub).List(client.Endpoint.ToString(), Repo));                     // nor any state on the client
    }

    [Fact]
    public async Task Cancelled_while_parts_go_out_the_next_run_sends_only_the_parts_not_acknowledged()
    {
        await using var hub = await StartAsync();
        var file = hub.File("w/model.safetensors", Size, seed: 11);
        using var client = Client(hub);
        using var cts = new CancellationTokenSource();
        var first = NewRun(hub, client).PublishAsync(Hub.Request(Repo.Id, [file]),
            new SyncProgress<PublishProgress>(p => { if (p.Stage == PublishStage.Uploading && p.UploadedBytes >= 6L * Chunk) cts.Cancel(); }), cts.Token);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        Assert.DoesNotContain((await client.GetRepoInfoAsync(Repo, "main"))!.Siblings, s => s.Path == "model.safetensors");

        var state = SingleState(hub, client);
        Assert.InRange(state.ETags.Count, 1, state.PartCount - 1);
        Assert.Equal(Path.GetFileName(file), state.PathInRepo);
        var before = hub.Emulator.Statistics.UploadedBytes;
        var partsBefore = hub.Emulator.Statistics.Requests["part"];

        var second = await NewRun(hub, client).PublishAsync(Hub.Request(Repo.Id, [file]));

        Assert.True(second.Committed);
        Assert.Equal(Size - state.AcknowledgedBytes, hub.Emulator.Statistics.UploadedBytes - before);
        Assert.Equal(state.PartCount - state.ETags.Count, hub.Emulator.Statistics.Requests["part"] - partsBefore);
        Assert.Equal(Size - state.AcknowledgedBytes, second.BytesUploaded);
        Assert.Equal(state.AcknowledgedBytes, second.Files.Single().ResumedBytes);
        Assert.True(second.Files.Single().Uploaded);
        Assert.Contains(hub.Log, l => l.Contains("resuming model.safetensors", StringComparison.Ordinal));
        await AssertPublishedExactlyAsync(hub, client, file);
    }

    [Theory]
    [InlineData(PublishStage.Planning)]
    [InlineData(PublishStage.Hashing)]
    public async Task Cancelled_before_any_upload_nothing_is_kept_and_the_next_run_sends_the_whole_file(PublishStage stage)
    {
        await using var hub = await StartAsync();
        var file = hub.File("w/model.safetensors", Size, seed: 12);
        using var client = Client(hub);
        using var cts = new CancellationTokenSource();
        var first = NewRun(hub, client).PublishAsync(Hub.Request(Repo.Id, [file]),
            new SyncProgress<PublishProgress>(p => { if (p.Stage == stage) cts.Cancel(); }), cts.Token);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        Assert.Empty(Store(hub).List(client.Endpoint.ToString(), Repo));
        Assert.False(hub.Emulator.Statistics.Requests.ContainsKey("part"));

        var second = await NewRun(hub, client).PublishAsync(Hub.Request(Repo.Id, [file]));
        Assert.Equal(Size, hub.Emulator.Statistics.UploadedBytes);
        Assert.Equal(0, second.Files.Single().ResumedBytes);
        await AssertPublishedExactlyAsync(hub, client, file);
    }

    [Fact]
    public async Task Cancelled_during_the_completion_the_next_run_sends_no_part_and_completes()
    {
        await using var hub = await StartAsync(partLatencyMs: 0);
        hub.Emulator.Faults = new FaultConfiguration { Rules = [new FaultRule { Endpoint = "complete", LatencyMs = 30_000 }] };
        var file = hub.File("w/model.safetensors", Size, seed: 13);
        using var client = Client(hub);
        using var cts = new CancellationTokenSource();
        var first = NewRun(hub, client).PublishAsync(Hub.Request(Repo.Id, [file]), null, cts.Token);
        while (!hub.Emulator.Statistics.Requests.ContainsKey("complete") && !first.IsCompleted) await Task.Delay(10);
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);

        var state = SingleState(hub, client);
        Assert.True(state.IsComplete);
        hub.Emulator.Faults = new FaultConfiguration();
        var before = hub.Emulator.Statistics.UploadedBytes;
        var partsBefore = hub.Emulator.Statistics.Requests["part"];

        var second = await NewRun(hub, client).PublishAsync(Hub.Request(Repo.Id, [file]));
        Assert.True(second.Committed);
        Assert.Equal(0, hub.Emulator.Statistics.UploadedBytes - before);
        Assert.Equal(partsBefore, hub.Emulator.Statistics.Requests["part"]);
        Assert.Equal(Size, second.Files.Single().ResumedBytes);
        await AssertPublishedExactlyAsync(hub, client, file);
    }

    [Fact]
    public async Task Cancelled_before_the_commit_the_next_run_finds_the_object_stored_and_only_commits()
    {
        await using var hub = await StartAsync(partLatencyMs: 0);
        var file = hub.File("w/model.safetensors", Size, seed: 14);
        using var client = Client(hub);
        using var cts = new CancellationTokenSource();
        var first = NewRun(hub, client).PublishAsync(Hub.Request(Repo.Id, [file]),
            new SyncProgress<PublishProgress>(p => { if (p.Stage == PublishStage.Committing) cts.Cancel(); }), cts.Token);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        Assert.Equal(0, hub.Emulator.Statistics.Commits);
        Assert.Empty(Store(hub).List(client.Endpoint.ToString(), Repo)); // completed: nothing to resume
        var before = hub.Emulator.Statistics.UploadedBytes;

        var second = await NewRun(hub, client).PublishAsync(Hub.Request(Repo.Id, [file]));
        Assert.True(second.Committed);
        Assert.Equal(0, second.BytesUploaded);
        Assert.Equal(before, hub.Emulator.Statistics.UploadedBytes);
        Assert.False(second.Files.Single().Uploaded);
        await AssertPublishedExactlyAsync(hub, client, file);
    }

    [Fact]
    public async Task Expired_urls_are_asked_for_again_and_the_acknowledged_parts_still_count()
    {
        await using var hub = await StartAsync();
        var file = hub.File("w/model.safetensors", Size, seed: 15);
        using var client = Client(hub);
        await CancelMidPartsAsync(hub, client, file);
        var store = Store(hub);
        var state = SingleState(hub, client);
        store.Save(state with { ExpiresAt = DateTimeOffset.UtcNow.AddMinutes(-1) });
        var batches = hub.Emulator.Statistics.Requests["batch"];
        var before = hub.Emulator.Statistics.UploadedBytes;

        var second = await NewRun(hub, client).PublishAsync(Hub.Request(Repo.Id, [file]));
        Assert.True(second.Committed);
        Assert.Equal(Size - state.AcknowledgedBytes, hub.Emulator.Statistics.UploadedBytes - before);
        Assert.Equal(batches + 1, hub.Emulator.Statistics.Requests["batch"]);
        Assert.Contains(hub.Log, l => l.Contains("with new URLs", StringComparison.Ordinal));
        await AssertPublishedExactlyAsync(hub, client, file);
    }

    [Fact]
    public async Task Refused_urls_are_asked_for_again_and_the_acknowledged_parts_still_count()
    {
        await using var hub = await StartAsync();
        var file = hub.File("w/model.safetensors", Size, seed: 16);
        using var client = Client(hub);
        await CancelMidPartsAsync(hub, client, file);
        var store = Store(hub);
        var state = SingleState(hub, client);
        // URLs whose signature the server no longer accepts (as after a key rotation): 403 on the first part.
        store.Save(state with { PartUrls = state.PartUrls.Select(u => u.Replace("/_lfs/part/", "/_lfs/part/x", StringComparison.Ordinal)).ToList() });
        var before = hub.Emulator.Statistics.UploadedBytes;

        var second = await NewRun(hub, client).PublishAsync(Hub.Request(Repo.Id, [file]));
        Assert.True(second.Committed);
        Assert.Equal(state.AcknowledgedBytes, second.Files.Single().ResumedBytes);
        Assert.Equal(Size - state.AcknowledgedBytes, hub.Emulator.Statistics.UploadedBytes - before);
        await AssertPublishedExactlyAsync(hub, client, file);
    }

    [Fact]
    public async Task An_upload_whose_file_changed_is_aborted_and_the_new_content_published()
    {
        await using var hub = await StartAsync();
        var file = hub.File("w/model.safetensors", Size, seed: 17);
        using var client = Client(hub);
        await CancelMidPartsAsync(hub, client, file);
        var old = SingleState(hub, client);
        Assert.Single(Directory.GetFiles(Path.Combine(hub.Data, "uploads"), "*.multipart"));

        hub.File("w/model.safetensors", Size, seed: 18); // retrained: other bytes, same path
        var second = await NewRun(hub, client).PublishAsync(Hub.Request(Repo.Id, [file]));

        Assert.True(second.Committed);
        Assert.NotEqual(old.Oid, second.Files.Single().Sha256);
        Assert.Equal(1, hub.Emulator.Statistics.Requests["abort"]);
        Assert.Contains(hub.Log, l => l.Contains("aborted the unfinished upload of model.safetensors", StringComparison.Ordinal));
        await AssertPublishedExactlyAsync(hub, client, file);
    }

    [Fact]
    public async Task An_upload_whose_object_someone_else_stored_meanwhile_is_aborted_not_resumed()
    {
        await using var hub = await StartAsync();
        var file = hub.File("w/model.safetensors", Size, seed: 19);
        using var client = Client(hub);
        await CancelMidPartsAsync(hub, client, file);
        SingleState(hub, client);

        // Another machine (its own state) publishes the same bytes under another name, in its own upload.
        var copy = Path.Combine(hub.Work, "other", "copy.safetensors");
        Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
        File.Copy(file, copy);
        using var elsewhere = hub.Client();
        await new Publisher(elsewhere, HashCache.InMemory(), uploads: UploadStateStore.InMemory()).PublishAsync(Hub.Request(Repo.Id, [copy]));

        var second = await NewRun(hub, client).PublishAsync(Hub.Request(Repo.Id, [file]));
        Assert.True(second.Committed);
        Assert.Equal(0, second.BytesUploaded);
        Assert.Equal(2, hub.Emulator.Statistics.Commits);
        Assert.Empty(Store(hub).List(client.Endpoint.ToString(), Repo));
        Assert.Empty(Directory.GetFiles(Path.Combine(hub.Data, "uploads"), "*.multipart"));
    }

    [Fact]
    public async Task A_state_file_cut_off_mid_write_or_foreign_is_ignored_and_removed()
    {
        await using var hub = await StartAsync();
        var file = hub.File("w/model.safetensors", Size, seed: 20);
        using var client = Client(hub);
        await CancelMidPartsAsync(hub, client, file);
        var store = Store(hub);
        var state = SingleState(hub, client);
        var path = Directory.GetFiles(store.Folder!, "*.json").Single();
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        var whole = File.ReadAllBytes(path);
        File.WriteAllBytes(path, whole[..(whole.Length / 2)]);                 // as a writer killed half way would leave it
        File.WriteAllText(path + ".123.abc.tmp", "{\"half\":");                  // a temporary file of a killed write
        Assert.Null(store.Load(client.Endpoint.ToString(), Repo, state.Oid));
        Assert.False(File.Exists(path));

        var second = await NewRun(hub, client).PublishAsync(Hub.Request(Repo.Id, [file]));
        Assert.True(second.Committed);
        Assert.Equal(0, second.Files.Single().ResumedBytes); // nothing trusted: the whole file again
        await AssertPublishedExactlyAsync(hub, client, file);
    }

    [Fact]
    public async Task Two_paths_with_the_same_content_are_one_upload_and_both_committed()
    {
        await using var hub = await StartAsync(partLatencyMs: 0);
        var a = hub.File("same/a.safetensors", Size, seed: 21);
        var b = hub.File("same/b.safetensors", Size, seed: 21);
        using var client = hub.Client(); // files in parallel: both would race for the one upload of their object
        var result = await NewRun(hub, client).PublishAsync(Hub.Request(Repo.Id, [Path.Combine(hub.Work, "same")]));
        Assert.True(result.Committed);
        Assert.Equal(Size, hub.Emulator.Statistics.UploadedBytes);
        Assert.Equal(Size, result.BytesUploaded);
        Assert.Equal(1, result.Files.Count(f => f.Uploaded));
        var remote = await client.PathsInfoAsync(Repo, "main", ["a.safetensors", "b.safetensors"]);
        Assert.Equal(2, remote.Count(f => f.LfsOid == result.Files[0].Sha256));
        await AssertPublishedExactlyAsync(hub, client, b);
    }

    [Fact]
    public void The_store_keys_states_by_hub_repository_and_object()
    {
        var folder = Directory.CreateTempSubdirectory("mr-states-").FullName;
        try
        {
            var store = UploadStateStore.InFolder(folder);
            var oid = new string('a', 64);
            MultipartUploadState State(string endpoint, string repo) => new()
            {
                Endpoint = endpoint, RepoType = "model", RepoId = repo, Oid = oid, Size = 10, ChunkSize = 4,
                CompletionUrl = endpoint + "c", PartUrls = [endpoint + "1", endpoint + "2", endpoint + "3"],
                ETags = new Dictionary<int, string> { [2] = "\"e2\"" },
                LocalPath = "/x", PathInRepo = "x", FileLength = 10, FileLastWriteTicks = 1, Started = DateTimeOffset.UtcNow,
            };
            store.Save(State("http://a/", "org/one"));
            store.Save(State("http://a/", "org/two"));
            store.Save(State("http://b/", "org/one"));
            Assert.Equal(3, Directory.GetFiles(folder, "*.json").Length);
            var loaded = store.Load("http://a/", RepoRef.Parse("org/one"), oid);
            Assert.NotNull(loaded);
            Assert.Equal("\"e2\"", loaded.ETags[2]);
            Assert.Equal(4, loaded.AcknowledgedBytes);
            Assert.Equal(2, loaded.PartLength(3));
            Assert.Single(store.List("http://a", RepoRef.Parse("org/one")));
            Assert.Null(store.Load("http://a/", RepoRef.Parse("org/three"), oid));

            // A state whose numbers disagree (three URLs for two parts) is not trusted.
            store.Save(State("http://a/", "org/one") with { ChunkSize = 5 });
            Assert.Null(store.Load("http://a/", RepoRef.Parse("org/one"), oid));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Starts a publish and cancels it once a few parts went out; at least one part is acknowledged.</summary>
    private static async Task CancelMidPartsAsync(Hub hub, HubClient client, string file)
    {
        using var cts = new CancellationTokenSource();
        var run = NewRun(hub, client).PublishAsync(Hub.Request(Repo.Id, [file]),
            new SyncProgress<PublishProgress>(p => { if (p.Stage == PublishStage.Uploading && p.UploadedBytes >= 6L * Chunk) cts.Cancel(); }), cts.Token);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        Assert.NotEmpty(SingleState(hub, client).ETags);
    }
}
