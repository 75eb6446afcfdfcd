using ModelRelease.Core.Hashing;
using ModelRelease.Core.Hub;
using ModelRelease.Core.Hub.Publishing;
using ModelRelease.HubEmulator.Faults;

namespace ModelRelease.Hub.Tests;

/// <summary>
/// Hashing overlaps uploading (issue 14): a file's upload starts once its hash is known, while later files are still
/// being hashed. These tests check what the overlap must keep true, not how fast it is.
/// </summary>
public class PublishOverlapTests
{
    /// <summary>Reports progress on the reporting thread (Progress&lt;T&gt; would post it elsewhere, out of order).</summary>
    private sealed class Recorder(Action<PublishProgress> onReport) : IProgress<PublishProgress>
    {
        public void Report(PublishProgress value) => onReport(value);
    }

    [Fact]
    public async Task The_first_upload_starts_while_a_later_file_is_still_being_hashed()
    {
        await using var hub = await Hub.StartAsync();
        var first = hub.File("o/a-first.safetensors", 3 << 20, seed: 1);
        var last = hub.File("o/z-last.safetensors", 3 << 20, seed: 2);
        using var client = hub.Client();
        var uploading = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var sawUploadDuringLastHash = false;
        var progress = new Recorder(p =>
        {
            if (p.Stage == PublishStage.Uploading && p.UploadedBytes > 0) uploading.TrySetResult();
            // Hold the hashing of the last file until an upload has sent bytes: if uploads only began after every
            // file was hashed, this wait would run out (the guard, not a timing).
            if (p.Stage == PublishStage.Hashing && p.Path == "z-last.safetensors" && !sawUploadDuringLastHash)
            {
                sawUploadDuringLastHash = uploading.Task.Wait(TimeSpan.FromSeconds(20));
            }
        });
        var publisher = new Publisher(client, HashCache.InMemory(), new FileHasher { MaxParallelism = 1 });
        var result = await publisher.PublishAsync(Hub.Request("org/overlap", [first, last]), progress);

        Assert.True(sawUploadDuringLastHash);
        Assert.True(result.Committed);
        Assert.All(result.Files, f => Assert.True(f.Uploaded));
        Assert.Equal(new FileInfo(first).Length + new FileInfo(last).Length, result.BytesUploaded);
    }

    [Fact]
    public async Task Files_with_the_same_content_are_one_upload_reported_under_the_first_path_whichever_is_hashed_first()
    {
        await using var hub = await Hub.StartAsync();
        var a = hub.File("same/a.safetensors", 2 << 20, seed: 9);
        var b = hub.File("same/b.safetensors", 2 << 20, seed: 9);
        var c = hub.File("same/c.safetensors", 2 << 20, seed: 9);
        using var client = hub.Client();
        var result = await hub.Publisher(client).PublishAsync(Hub.Request("org/same", [a, b, c]));

        Assert.True(result.Committed);
        Assert.Equal(["a.safetensors"], result.Files.Where(f => f.Uploaded).Select(f => f.PathInRepo));
        Assert.Equal(2L << 20, result.BytesUploaded);
        Assert.Equal(4L << 20, result.BytesSkipped);
        var remote = await client.PathsInfoAsync(RepoRef.Parse("org/same"), "main", ["a.safetensors", "b.safetensors", "c.safetensors"]);
        Assert.Equal(3, remote.Count(f => f.LfsOid == result.Files[0].Sha256));
    }

    [Fact]
    public async Task An_upload_that_fails_while_others_hash_ends_the_publish_with_its_own_error_and_commits_nothing()
    {
        await using var hub = await Hub.StartAsync(new FaultConfiguration { Rules = [new() { Endpoint = "part", ErrorRate = 1, Status = 403 }, new() { Endpoint = "upload", ErrorRate = 1, Status = 403 }] });
        var files = Enumerable.Range(0, 4).Select(i => hub.File($"fail/w{i}.safetensors", 3 << 20, seed: 20 + i)).ToList();
        using var client = hub.Client();
        var publisher = new Publisher(client, HashCache.InMemory(), new FileHasher { MaxParallelism = 1 });
        var error = await Assert.ThrowsAsync<HubException>(() => publisher.PublishAsync(Hub.Request("org/fail", files)));

        Assert.Equal(403, error.StatusCode);
        var repo = RepoRef.Parse("org/fail");
        var paths = await client.PathsInfoAsync(repo, "main", files.Select(Path.GetFileName).ToList()!);
        Assert.Empty(paths);
    }
}
