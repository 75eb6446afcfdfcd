using ModelRelease.Core.Hub;
using ModelRelease.Core.Hub.Download;
using ModelRelease.HubEmulator.Faults;

namespace ModelRelease.Hub.Tests;

/// <summary>Publishing through an unreliable Hub: every run ends with exactly the intended bytes or nothing new.</summary>
public class FaultTests
{
    private static async Task AssertRepoHoldsExactlyAsync(Hub hub, string repo, string folder)
    {
        using var client = hub.Client();
        var target = Path.Combine(hub.Work, "check-" + Guid.NewGuid().ToString("N"));
        await new Downloader(client).DownloadAsync(RepoRef.Parse(repo), "main", null, target);
        foreach (var file in Directory.GetFiles(folder))
        {
            Assert.Equal(File.ReadAllBytes(file), File.ReadAllBytes(Path.Combine(target, Path.GetFileName(file))));
        }
    }

    private static async Task<(Hub Hub, string Folder)> ReleaseAsync(FaultConfiguration faults)
    {
        var hub = await Hub.StartAsync(faults);
        var folder = Path.Combine(hub.Work, "rel");
        hub.File("rel/model.safetensors", 5 * (1 << 20) + 11, seed: 3);
        hub.File("rel/small.bin", 70_000, seed: 4);
        hub.Text("rel/config.json", "{\"a\": 1}");
        return (hub, folder);
    }

    [Fact]
    public async Task Thirty_percent_of_part_uploads_failing()
    {
        var (hub, folder) = await ReleaseAsync(new() { Seed = 7, Rules = [new() { Endpoint = "part", ErrorRate = 0.3, Status = 503 }] });
        await using var _ = hub;
        using var client = hub.Client();
        var result = await hub.Publisher(client).PublishAsync(Hub.Request("org/flaky", [folder]));
        Assert.True(result.Committed);
        Assert.Contains(hub.Log, l => l.Contains("retry", StringComparison.Ordinal));
        await AssertRepoHoldsExactlyAsync(hub, "org/flaky", folder);
    }

    [Fact]
    public async Task A_429_storm_is_waited_out_honouring_Retry_After()
    {
        var (hub, folder) = await ReleaseAsync(new() { Seed = 3, Rules = [new() { Endpoint = "batch", ErrorRate = 0.6, Status = 429, RetryAfterSeconds = 1 }, new() { Endpoint = "preupload", ErrorRate = 0.5, Status = 429, RetryAfterSeconds = 1 }] });
        await using var _ = hub;
        using var client = hub.Client();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var result = await hub.Publisher(client).PublishAsync(Hub.Request("org/limited", [folder]));
        Assert.True(result.Committed);
        var retries = hub.Log.Count(l => l.Contains("retry", StringComparison.Ordinal) && l.Contains("429", StringComparison.Ordinal));
        Assert.True(retries > 0);
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(1), "Retry-After: 1 was not honoured");
        Assert.Contains(hub.Log, l => l.Contains("in 1.0 s", StringComparison.Ordinal));
        await AssertRepoHoldsExactlyAsync(hub, "org/limited", folder);
    }

    [Fact]
    public async Task Connections_dropped_mid_part()
    {
        var (hub, folder) = await ReleaseAsync(new() { Seed = 11, Rules = [new() { Endpoint = "part", DropRate = 0.35 }, new() { Endpoint = "upload", DropRate = 0.5, MaxTimes = 1 }] });
        await using var _ = hub;
        using var client = hub.Client();
        var result = await hub.Publisher(client).PublishAsync(Hub.Request("org/dropped", [folder]));
        Assert.True(result.Committed);
        await AssertRepoHoldsExactlyAsync(hub, "org/dropped", folder);
    }

    [Fact]
    public async Task A_corrupted_upload_is_refused_by_the_Hub_and_sent_again()
    {
        var (hub, folder) = await ReleaseAsync(new() { Rules = [new() { Endpoint = "upload", CorruptRate = 1, MaxTimes = 1 }, new() { Endpoint = "part", CorruptRate = 1, MaxTimes = 1 }] });
        await using var _ = hub;
        using var client = hub.Client();
        var result = await hub.Publisher(client).PublishAsync(Hub.Request("org/corrupt", [folder]));
        Assert.True(result.Committed);
        Assert.Equal(2, hub.Log.Count(l => l.Contains("uploading again", StringComparison.Ordinal)));
        await AssertRepoHoldsExactlyAsync(hub, "org/corrupt", folder);
    }

    [Fact]
    public async Task A_lost_commit_answer_does_not_make_a_second_commit()
    {
        var (hub, folder) = await ReleaseAsync(new() { Rules = [new() { Endpoint = "commit", LoseResponseRate = 1, MaxTimes = 1 }] });
        await using var _ = hub;
        using var client = hub.Client();
        var result = await hub.Publisher(client).PublishAsync(Hub.Request("org/lost", [folder], "Release with a lost answer"));
        Assert.True(result.Committed);
        Assert.Equal(1, hub.Emulator.Statistics.Commits);
        Assert.Equal(result.CommitOid, (await client.GetRepoInfoAsync(Core.Hub.RepoRef.Parse("org/lost"), "main"))!.Sha);
        await AssertRepoHoldsExactlyAsync(hub, "org/lost", folder);
    }

    [Fact]
    public async Task Faults_on_every_endpoint_at_once_still_end_with_the_intended_bytes()
    {
        var (hub, folder) = await ReleaseAsync(new()
        {
            Seed = 5,
            Rules =
            [
                new() { Endpoint = "*", LatencyMs = 2 },
                new() { Endpoint = "*", ErrorRate = 0.15, Status = 502 },
                new() { Endpoint = "part", DropRate = 0.15 },
            ],
        });
        await using var _ = hub;
        using var client = hub.Client();
        var result = await hub.Publisher(client).PublishAsync(Hub.Request("org/chaos", [folder]));
        Assert.True(result.Committed);
        Assert.Equal(1, hub.Emulator.Statistics.Commits);
        hub.Emulator.Faults = new();
        await AssertRepoHoldsExactlyAsync(hub, "org/chaos", folder);
    }
}
