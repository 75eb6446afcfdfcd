using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ModelRelease.Core;
using ModelRelease.Core.Hashing;
using ModelRelease.Core.Hub;
using ModelRelease.Core.Hub.Publishing;

namespace ModelRelease.Hub.Tests;

/// <summary>
/// Releases of thousands of small files (issue 14 part 5): one commit, preupload and LFS batch calls carrying many
/// files each within the Hub's limits, the commit payload streamed from disk.
/// </summary>
public class ManyFilesTests
{
    private const int Regular = 2400;
    private const int Lfs = 600;

    /// <summary>2,400 small JSON shards (regular) and 600 small .bin exports (LFS by extension), different content each.</summary>
    private static string MakeRelease(Hub hub)
    {
        var folder = Path.Combine(hub.Work, "many");
        for (var i = 0; i < Regular; i++) hub.Text($"many/tokenizer/shard-{i:D5}.json", $"{{\"shard\": {i}, \"pad\": \"{new string('x', i % 700)}\"}}\n");
        for (var i = 0; i < Lfs; i++) hub.File($"many/layers/layer-{i:D4}.bin", 1000 + (i % 50) * 37, seed: 1000 + i);
        return folder;
    }

    private static string BlobId(string path) => GitBlob.Id(File.ReadAllBytes(path));

    private static string Sha(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path))).ToLowerInvariant();

    [Fact]
    public async Task Three_thousand_files_land_in_one_commit_with_their_content_in_few_batched_calls()
    {
        // The emulator at the limits huggingface_hub sends: a call over them would be a 413 and fail the publish.
        await using var hub = await Hub.StartAsync(o => o with { MaxPreuploadFiles = 256, MaxLfsBatchObjects = 256 });
        var folder = MakeRelease(hub);
        using var client = hub.Client();
        var result = await hub.Publisher(client).PublishAsync(Hub.Request("org/many", [folder], "Release of many files"));

        Assert.True(result.Committed);
        Assert.Equal(Regular + Lfs, result.Files.Count);
        Assert.Equal(Lfs, result.Files.Count(f => f.IsLfs));
        Assert.Equal(1, hub.Emulator.Statistics.Commits);
        var requests = hub.Emulator.Statistics.Requests;
        Assert.Equal(1, requests["commit"]);
        Assert.Equal((Regular + Lfs + 255) / 256, requests["preupload"]); // 12 calls of at most 256 files
        Assert.Equal(Lfs, requests["upload"]);                             // every object sent once
        // Asked as hashes become known: at least ceil(600 / 256) calls, and far fewer than one per object.
        Assert.InRange(requests["batch"], (Lfs + 255) / 256, Lfs / 10);

        var remote = new Dictionary<string, HubRepoFile>(StringComparer.Ordinal);
        await foreach (var f in client.ListTreeAsync(RepoRef.Parse("org/many"), result.CommitOid, null, recursive: true)) remote[f.Path] = f;
        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
        {
            var path = Path.GetRelativePath(folder, file).Replace('\\', '/');
            Assert.True(remote.TryGetValue(path, out var r), path);
            if (path.EndsWith(".bin", StringComparison.Ordinal)) Assert.Equal(Sha(file), r.LfsOid);
            else Assert.Equal(BlobId(file), r.BlobId);
        }
    }

    [Fact]
    public async Task A_file_that_changes_while_the_commit_streams_fails_the_publish_and_commits_nothing()
    {
        await using var hub = await Hub.StartAsync();
        var folder = Path.Combine(hub.Work, "changing");
        for (var i = 0; i < 300; i++) hub.Text($"changing/part-{i:D3}.txt", $"part {i} {new string('y', 100 + i)}\n");
        var last = Path.Combine(folder, "part-299.txt");
        using var client = hub.Client();
        var repo = RepoRef.Parse("org/changing");
        await client.CreateRepoAsync(repo, false);
        var before = (await client.GetRepoInfoAsync(repo, "main"))!.Sha;
        // The last line of the payload is this file; it gets other bytes of the same length once the commit begins.
        var progress = new SyncProgress<PublishProgress>(p =>
        {
            if (p.Stage == PublishStage.Committing) File.WriteAllText(last, File.ReadAllText(last).Replace('y', 'z'));
        });

        var ex = await Assert.ThrowsAsync<HubException>(() => hub.Publisher(client).PublishAsync(Hub.Request("org/changing", [folder]), progress));

        Assert.Equal(HubErrorIds.PublishInputChanged, ex.ErrorId);
        Assert.Equal(last, ex.Target);
        // The server saw the request begin (it may dispatch it after the client gave up), once: cut off, not sent again.
        for (var i = 0; i < 100 && hub.Emulator.Statistics.Requests.GetValueOrDefault("commit") == 0; i++) await Task.Delay(50);
        Assert.Equal(1, hub.Emulator.Statistics.Requests.GetValueOrDefault("commit"));
        Assert.Equal(0, hub.Emulator.Statistics.Commits);
        Assert.Equal(before, (await client.GetRepoInfoAsync(repo, "main"))!.Sha);
    }

    [Theory]
    [InlineData("preupload", 256)]
    [InlineData("batch", 1000)]
    public async Task The_emulator_answers_413_above_the_hubs_limit_per_call(string endpoint, int limit)
    {
        await using var hub = await Hub.StartAsync();
        using var client = hub.Client();
        await client.CreateRepoAsync(RepoRef.Parse("org/limits"), false);
        using var http = new HttpClient { BaseAddress = hub.Emulator.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Hub.Token);
        async Task<HttpStatusCode> Send(int count)
        {
            var oid = new string('a', 64);
            var (url, body) = endpoint == "preupload"
                ? ("api/models/org/limits/preupload/main", JsonSerializer.Serialize(new { files = Enumerable.Range(0, count).Select(i => new { path = $"f{i}.txt", size = 1, sample = "YQ==" }) }))
                : ("org/limits.git/info/lfs/objects/batch", JsonSerializer.Serialize(new { operation = "upload", transfers = new[] { "basic" }, objects = Enumerable.Range(0, count).Select(i => new { oid, size = i + 1 }) }));
            using var response = await http.PostAsync(url, new StringContent(body, Encoding.UTF8, "application/json"));
            return response.StatusCode;
        }
        Assert.Equal(HttpStatusCode.OK, await Send(limit));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, await Send(limit + 1));
    }
}
