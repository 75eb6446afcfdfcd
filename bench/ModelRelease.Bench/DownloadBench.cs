using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using ModelRelease.Core.Hashing;
using ModelRelease.Core.Hub;
using ModelRelease.Core.Hub.Download;
using ModelRelease.Core.Hub.Publishing;

namespace ModelRelease.Bench;

/// <summary>
/// Downloads (issue 14): 4 files, <c>--size-gb</c> in all, published once to a fresh emulator process on loopback, then
/// fetched in rounds, the three clients taking turns within each round: ModelRelease's <see cref="Downloader"/> (every
/// file verified against its SHA-256) into a fresh folder, @huggingface/hub's snapshotDownload into a fresh cache folder
/// (bench/publish/download-js.mjs), and one <c>curl --parallel</c> of the same resolve URLs (redirects followed, 4 at
/// once, no verification: the transport's limit here). Every destination is deleted after its run.
/// </summary>
internal static class DownloadBench
{
    public static async Task RunAsync(string dir, double sizeGb, int rounds, Action<string, bool, string> verdict)
    {
        var cli = BenchTools.Cli();
        var node = BenchTools.Node("publish");
        var files = BenchTools.ReleaseFiles(dir, sizeGb);
        var bytes = files.Sum(f => new FileInfo(f).Length);
        using var hub = new PublishBench.EmulatorProcess(dir, cli);
        await hub.WarmAsync(dir);
        using var client = new HubClient(hub.Url, new HubToken(PublishBench.Token, "bench"));
        var repo = RepoRef.Parse("bench/dl");
        await new Publisher(client, HashCache.InMemory()).PublishAsync(new PublishRequest { Repo = repo, Files = PublishInputs.Collect(files), CommitMessage = "bench" });
        Console.WriteLine($"== download: {files.Count} files, {bytes / (double)(1 << 30):F2} GiB, from a hub emulator process on loopback, {rounds} rounds (load average {ModuleStartBench.LoadAverage()})");

        var urls = files.Select(f => $"{hub.Url.ToString().TrimEnd('/')}/{repo.Id}/resolve/main/{Path.GetFileName(f)}").ToList();
        var ours = new List<double>();
        var js = new List<double>();
        var curl = new List<double>();
        // CPU seconds per run: the client's (this process for ours, the reaped child for node and curl) and the emulator's.
        var cpu = new Dictionary<string, List<(double User, double System, double Server)>> { ["ours"] = [], ["js"] = [], ["curl"] = [] };
        var self = Environment.ProcessId;
        async Task Profiled(string who, Func<string, Task> run)
        {
            var dest = Path.Combine(dir, $"dl-{who}-{Guid.NewGuid():N}");
            try
            {
                var (c0, s0) = (Measure.CpuSplit(self, children: who != "ours"), hub.CpuSeconds);
                await run(dest);
                var c1 = Measure.CpuSplit(self, children: who != "ours");
                cpu[who].Add((c1.User - c0.User, c1.System - c0.System, hub.CpuSeconds - s0));
            }
            finally { if (Directory.Exists(dest)) Directory.Delete(dest, true); } // outside the measured CPU
        }
        for (var round = 0; round < rounds; round++)
        {
            var order = new Func<Task>[]
            {
                () => Profiled("ours", async dest => ours.Add(await Ours(client, repo, dest, bytes))),
                () => Profiled("js", dest => { js.Add(Js(node, hub.Url, repo.Id, dest, bytes)); return Task.CompletedTask; }),
                () => Profiled("curl", dest => { curl.Add(Curl(urls, dest, bytes)); return Task.CompletedTask; }),
            };
            for (var k = 0; k < order.Length; k++) await order[(k + round) % order.Length]();
            Console.WriteLine($"  round {round + 1}: ModelRelease {ours[^1]:F2} s ({Measure.Rate(bytes, ours[^1])}), @huggingface/hub {js[^1]:F2} s ({Measure.Rate(bytes, js[^1])}), curl {curl[^1]:F2} s ({Measure.Rate(bytes, curl[^1])}); load average {ModuleStartBench.LoadAverage()}");
            Console.WriteLine("    CPU seconds, client user + system, emulator: " + string.Join("; ", cpu.Select(kv => $"{kv.Key} {kv.Value[^1].User:F2} + {kv.Value[^1].System:F2}, {kv.Value[^1].Server:F2}")));
        }
        var perRoundJs = ours.Select((o, i) => js[i] / o).ToList();
        var perRoundCurl = ours.Select((o, i) => curl[i] / o).ToList();
        double Med(List<double> v) { var s = v.Order().ToList(); return s[s.Count / 2]; }
        Console.WriteLine($"  medians: ModelRelease {Med(ours):F2} s, @huggingface/hub {Med(js):F2} s, curl {Med(curl):F2} s");
        verdict("download >= 1.5x @huggingface/hub snapshotDownload (median of rounds)", Med(perRoundJs) >= 1.5, $"{Med(perRoundJs):F2}x (rounds {string.Join(", ", perRoundJs.Select(r => r.ToString("F2", CultureInfo.InvariantCulture)))})");
        verdict("download >= 0.8x raw curl (median of rounds)", Med(perRoundCurl) >= 0.8, $"{Med(perRoundCurl):F2}x (rounds {string.Join(", ", perRoundCurl.Select(r => r.ToString("F2", CultureInfo.InvariantCulture)))})");
    }

    private static async Task<double> Ours(HubClient client, RepoRef repo, string dest, long bytes)
    {
        var sw = Stopwatch.StartNew();
        var saved = await new Downloader(client).DownloadAsync(repo, "main", null, dest);
        var t = sw.Elapsed.TotalSeconds;
        if (saved.Where(s => s.PathInRepo.EndsWith(".safetensors", StringComparison.Ordinal)).Sum(s => s.BytesDownloaded) != bytes) throw new InvalidOperationException("ModelRelease did not download every byte");
        return t;
    }

    private static double Js(string node, Uri url, string repo, string dest, long bytes)
    {
        var psi = new ProcessStartInfo("node", [Path.Combine(node, "download-js.mjs"), url.ToString().TrimEnd('/'), PublishBench.Token, repo, dest]) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = node };
        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEnd();
        var error = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException("the @huggingface/hub run failed: " + error);
        var root = JsonDocument.Parse(output.Trim().Split('\n')[^1]).RootElement;
        if (root.GetProperty("bytes").GetInt64() < bytes) throw new InvalidOperationException("@huggingface/hub did not download every byte");
        return root.GetProperty("seconds").GetDouble();
    }

    private static double Curl(IReadOnlyList<string> urls, string dest, long bytes)
    {
        Directory.CreateDirectory(dest);
        var targets = string.Join(' ', urls.Select((u, i) => $"'{u}' -o '{dest}/{i}'"));
        var t = Measure.Shell($"curl -sSf --parallel --parallel-max 4 -L -H 'Authorization: Bearer {PublishBench.Token}' {targets}");
        if (Directory.GetFiles(dest).Sum(f => new FileInfo(f).Length) != bytes) throw new InvalidOperationException("curl did not download every byte");
        return t;
    }
}
