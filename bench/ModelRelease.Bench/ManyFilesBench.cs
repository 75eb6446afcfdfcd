using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ModelRelease.Core.Hashing;
using ModelRelease.Core.Hub;
using ModelRelease.Core.Hub.Publishing;

namespace ModelRelease.Bench;

/// <summary>
/// Releases of many small files (issue 14 part 5): 80% regular files (tokenizer shards, JSON, 0.2–4 KB) and 20% LFS
/// objects by extension (per-layer .bin exports, 4–36 KB), published into one commit. ModelRelease's Publisher runs in a
/// child process of this harness (cold: in-memory hash cache), timed around PublishAsync, peak RSS from its
/// /proc/self/status (VmHWM); the peer is @huggingface/hub's uploadFiles on the same folder (bench/publish/upload-folder-js.mjs),
/// timed around uploadFiles. Each run gets a fresh emulator process; the two alternate within each round.
/// </summary>
internal static class ManyFilesBench
{
    private const string Admin = "hf_BenchAdmin0123456789abcdef";

    /// <param name="cliPath">When given (the native binary, out/cli-aot/modelrelease), ModelRelease is that CLI's whole
    /// <c>publish</c> process (start-up, session, checkpoint gate and repo creation included; peak RSS from /usr/bin/time) and
    /// the peer is node's whole process too (start-up and createRepo included); the emulator both talk to is then the native
    /// binary's <c>hub</c>.</param>
    public static async Task<int> RunAsync(string dir, int count, int rounds, bool peer, string? cliPath, Action<string, bool, string> verdict)
    {
        var cli = BenchTools.Cli();
        var node = peer ? BenchTools.Node("publish") : "";

        var folder = MakeRelease(dir, count);
        var warmRelease = MakeRelease(dir, Math.Max(1, count / 4), "warm-up");
        var files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).ToList();
        var bytes = files.Sum(f => new FileInfo(f).Length);
        var lfs = files.Count(f => f.EndsWith(".bin", StringComparison.Ordinal));
        Measure.Shell($"find '{folder}' -type f -exec cat {{}} + > /dev/null");
        Console.WriteLine($"== many-files: {files.Count:N0} files ({files.Count - lfs:N0} regular, {lfs:N0} LFS by extension), {bytes / 1e6:F1} MB, one commit, to a fresh hub emulator process per run (load average {Load()})");

        var ours = new List<double>();
        var theirs = new List<double>();
        long peak = 0;
        var peerFailed = false;
        for (var round = 1; round <= rounds; round++)
        {
            var line = new StringBuilder($"  round {round}:");
            foreach (var who in round % 2 == 1 || !peer ? new[] { "mr", "js" } : ["js", "mr"])
            {
                if (who == "js" && !peer) continue;
                // With the native CLI, the emulator is that binary's `hub` too: a server without JIT, as a Hub that has long been running is.
                using var hub = new PublishBench.EmulatorProcess(dir, cliPath ?? cli, "--admin-token", Admin);
                await WarmAsync(hub, dir, warmRelease); // the Hub is not a process that just started: neither client pays the emulator's first JIT
                if (who == "mr" && cliPath is not null)
                {
                    var (seconds, rss) = RunCli(cliPath, hub.Url, folder, dir);
                    await CheckOneCommitAsync(hub, "bench/mr", files.Count);
                    ours.Add(seconds);
                    peak = Math.Max(peak, rss);
                    line.Append(CultureInfo.InvariantCulture, $" modelrelease publish (whole process) {seconds:F2} s (peak RSS {rss / (1 << 20)} MiB)");
                }
                else if (who == "mr")
                {
                    var report = Measure.Child("many-files-child", hub.Url.ToString(), folder).Split(' ');
                    var seconds = double.Parse(report[0], CultureInfo.InvariantCulture);
                    var rss = long.Parse(report[1], CultureInfo.InvariantCulture);
                    await CheckOneCommitAsync(hub, "bench/mr", files.Count);
                    ours.Add(seconds);
                    peak = Math.Max(peak, rss);
                    line.Append(CultureInfo.InvariantCulture, $" ModelRelease {seconds:F2} s (peak RSS {rss / (1 << 20)} MiB)");
                }
                else
                {
                    var wall = Stopwatch.StartNew();
                    string text;
                    try
                    {
                        text = RunNode(node, hub.Url, "bench/js", folder);
                    }
                    catch (InvalidOperationException ex)
                    {
                        line.Append(CultureInfo.InvariantCulture, $" @huggingface/hub FAILED after {wall.Elapsed.TotalSeconds:F2} s: {ex.Message};");
                        peerFailed = true;
                        continue;
                    }
                    var output = JsonDocument.Parse(text).RootElement;
                    var seconds = cliPath is null ? output.GetProperty("seconds").GetDouble() : wall.Elapsed.TotalSeconds;
                    await CheckOneCommitAsync(hub, "bench/js", files.Count);
                    theirs.Add(seconds);
                    line.Append(CultureInfo.InvariantCulture, $" @huggingface/hub {seconds:F2} s (peak RSS {output.GetProperty("peakRssBytes").GetInt64() / (1 << 20)} MiB)");
                }
                line.Append(';');
            }
            Console.WriteLine(line.Append(CultureInfo.InvariantCulture, $" load average {Load()}").ToString());
        }
        var median = Median(ours);
        Console.WriteLine($"  ModelRelease median {median:F2} s ({files.Count / median:F0} files/s), each run one commit holding all {files.Count:N0} files");
        if (peer && peerFailed)
        {
            verdict($"{files.Count:N0} files >= 3x @huggingface/hub uploadFiles", false, "@huggingface/hub did not complete (above)");
        }
        else if (peer)
        {
            var ratios = ours.Zip(theirs, (o, t) => t / o).ToList();
            verdict($"{files.Count:N0} files >= 3x @huggingface/hub uploadFiles (median of rounds)", Median(ratios) >= 3,
                $"{Median(ratios):F2}x (rounds {string.Join(", ", ratios.Select(r => r.ToString("F2", CultureInfo.InvariantCulture)))}; @huggingface/hub median {Median(theirs):F2} s)");
        }
        verdict($"{files.Count:N0} files: peak memory < 300 MB ({(cliPath is null ? "the publishing child process's VmHWM" : "modelrelease publish's max RSS")})", peak < 300_000_000, $"{peak / 1e6:F1} MB");
        return 0;
    }

    /// <summary>The child: publishes the folder with a cold in-memory hash cache, prints seconds and VmHWM.</summary>
    public static async Task<int> ChildAsync(string url, string folder)
    {
        var clock = Stopwatch.StartNew();
        // BENCH_LOG=1 writes every request with its time to stderr (to see where the time goes).
        var log = Environment.GetEnvironmentVariable("BENCH_LOG") == "1" ? new Action<string>(l => Console.Error.WriteLine($"{clock.ElapsedMilliseconds,7} {l}")) : null;
        using var client = new HubClient(new Uri(url), new HubToken(PublishBench.Token, "bench"), new HubClientOptions { Log = log, MaxParallelFiles = int.Parse(Environment.GetEnvironmentVariable("BENCH_FILES") ?? "4", CultureInfo.InvariantCulture) });
        var request = new PublishRequest { Repo = RepoRef.Parse("bench/mr"), Files = PublishInputs.Collect([folder]), CommitMessage = "bench" };
        var sw = Stopwatch.StartNew();
        var result = await new Publisher(client, HashCache.InMemory()).PublishAsync(request);
        var seconds = sw.Elapsed.TotalSeconds;
        if (!result.Committed) throw new InvalidOperationException("nothing was committed");
        if (log is not null)
        {
            var gc = GC.GetGCMemoryInfo();
            log($"GC: heap {gc.HeapSizeBytes >> 20} MiB, committed {gc.TotalCommittedBytes >> 20} MiB, live after last GC {GC.GetTotalMemory(false) >> 20} MiB, gen0/1/2 collections {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)}, allocated {GC.GetTotalAllocatedBytes() >> 20} MiB");
        }
        Console.WriteLine($"{seconds.ToString("F3", CultureInfo.InvariantCulture)} {Measure.PeakRss()}");
        return 0;
    }

    /// <summary>
    /// Warms a fresh emulator as a Hub that has long been running: a few GETs, then a release of the same shape with other
    /// content (a quarter as many files) to another repository, so the emulator's endpoints are compiled and its thread
    /// pool and heap have grown before the timed client starts, and neither client pays the emulator's start-up.
    /// </summary>
    private static async Task WarmAsync(PublishBench.EmulatorProcess hub, string dir, string warmRelease)
    {
        using var http = new HttpClient { BaseAddress = hub.Url };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", PublishBench.Token);
        for (var i = 0; i < 3; i++) (await http.GetAsync("api/models/bench/warm-up")).Dispose();
        using var client = new HubClient(hub.Url, new HubToken(PublishBench.Token, "bench"));
        await new Publisher(client, HashCache.InMemory()).PublishAsync(new PublishRequest { Repo = RepoRef.Parse("bench/warm-up"), Files = PublishInputs.Collect([warmRelease]), CommitMessage = "warm-up" });
    }

    /// <summary>Fails the run unless the emulator made exactly one commit besides the warm-up's and it holds every file (plus .gitattributes).</summary>
    private static async Task CheckOneCommitAsync(PublishBench.EmulatorProcess hub, string repo, int count)
    {
        using var http = new HttpClient { BaseAddress = hub.Url };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Admin);
        var stats = JsonDocument.Parse(await http.GetStringAsync("_emulator/stats")).RootElement;
        var commits = stats.EnumerateObject().First(p => p.Name.Equals("commits", StringComparison.OrdinalIgnoreCase)).Value.GetInt64();
        using var client = new HubClient(hub.Url, new HubToken(PublishBench.Token, "bench"));
        var listed = 0;
        await foreach (var f in client.ListTreeAsync(RepoRef.Parse(repo), "main", null, recursive: true))
        {
            if (f.Type == "file" && f.Path != ".gitattributes") listed++;
        }
        if (commits != 2 || listed != count) throw new InvalidOperationException($"{repo}: {commits - 1} commits and {listed} files, expected 1 and {count}");
    }

    /// <summary>The release, made once per count and reused: deterministic sizes and content.</summary>
    private static string MakeRelease(string dir, int count, string name = "many-files")
    {
        var folder = Path.Combine(dir, $"{name}-{count}");
        var done = Path.Combine(dir, $"{name}-{count}.done");
        if (File.Exists(done)) return folder;
        if (Directory.Exists(folder)) Directory.Delete(folder, true);
        var random = new Random(name == "many-files" ? count : count + 7919);
        for (var i = 0; i < count; i++)
        {
            var lfs = i % 5 == 4;
            var sub = Path.Combine(folder, lfs ? "layers" : "tokenizer", $"{i / 1000:D3}");
            Directory.CreateDirectory(sub);
            var size = lfs ? random.Next(4 << 10, 36 << 10) : random.Next(200, 4000);
            var bytes = new byte[size];
            if (lfs) random.NextBytes(bytes);
            else
            {
                for (var j = 0; j < size; j++) bytes[j] = (byte)('a' + random.Next(26));
            }
            File.WriteAllBytes(Path.Combine(sub, lfs ? $"layer-{i:D6}.bin" : $"shard-{i:D6}.json"), bytes);
        }
        File.WriteAllText(done, "");
        return folder;
    }

    /// <summary>One whole <c>modelrelease publish</c> process with a fresh, empty cache folder; wall seconds and max RSS.</summary>
    private static (double Seconds, long PeakRss) RunCli(string cli, Uri url, string folder, string dir)
    {
        var cache = Path.Combine(dir, "cli-cache-" + Guid.NewGuid().ToString("N"));
        var psi = new ProcessStartInfo("/usr/bin/time", ["-f", "MAXRSS %M", cli, "publish", folder, "--repo", "bench/mr", "--private", "--quiet", "-m", "bench"])
        { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.Environment["HF_ENDPOINT"] = url.ToString().TrimEnd('/');
        psi.Environment["HF_TOKEN"] = PublishBench.Token;
        psi.Environment["XDG_CACHE_HOME"] = cache;
        psi.Environment["HF_HOME"] = Path.Combine(cache, "hf");
        var sw = Stopwatch.StartNew();
        using var p = Process.Start(psi)!;
        var error = p.StandardError.ReadToEndAsync();
        _ = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        var seconds = sw.Elapsed.TotalSeconds;
        try { Directory.Delete(cache, true); } catch (IOException) { }
        var text = error.Result;
        var rssLine = text.Split('\n').LastOrDefault(l => l.StartsWith("MAXRSS ", StringComparison.Ordinal));
        if (p.ExitCode != 0 || rssLine is null) throw new InvalidOperationException($"modelrelease publish failed ({p.ExitCode}): {text}");
        return (seconds, long.Parse(rssLine[7..].Trim(), CultureInfo.InvariantCulture) * 1024);
    }

    private static string RunNode(string folder, Uri url, string repo, string release)
    {
        var psi = new ProcessStartInfo("node", ["--max-old-space-size=8192", Path.Combine(folder, "upload-folder-js.mjs"), url.ToString().TrimEnd('/'), PublishBench.Token, repo, release])
        { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = folder };
        using var p = Process.Start(psi)!;
        var error = p.StandardError.ReadToEndAsync();
        var output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        // Its own warnings (thousands of MaxListenersExceededWarning lines at 50,000 files) are left out; the error's first lines kept.
        var lines = error.Result.Split('\n').Where(l => l.Length > 0 && !l.Contains("MaxListenersExceededWarning", StringComparison.Ordinal) && !l.Contains("--trace-warnings", StringComparison.Ordinal));
        if (p.ExitCode != 0) throw new InvalidOperationException("the @huggingface/hub run failed: " + string.Join(" | ", lines.Where(l => l.StartsWith("Error", StringComparison.Ordinal) || l.Contains("at async", StringComparison.Ordinal)).Take(4)));
        return output.Trim().Split('\n')[^1];
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static string Load() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
}
