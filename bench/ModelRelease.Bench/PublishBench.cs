using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using ModelRelease.Core.Hashing;
using ModelRelease.Core.Hub;
using ModelRelease.Core.Hub.Publishing;

namespace ModelRelease.Bench;

/// <summary>
/// Publishing benchmarks (issue 3), each against a fresh hub emulator running in its own process on loopback:
/// throughput against @huggingface/hub's uploadFiles on the same files, wall time against the larger of
/// hashing alone and uploading alone, a second publish of unchanged files, and peak memory for one 4 GiB file.
/// </summary>
internal static class PublishBench
{
    internal const string Token = "hf_BenchToken0123456789abcdef";

    internal sealed class EmulatorProcess : IDisposable
    {
        private readonly Process _process;
        public string Data { get; }
        public Uri Url { get; }

        /// <summary>CPU seconds (user + system) the emulator process has used so far.</summary>
        public double CpuSeconds => Measure.CpuSeconds(_process.Id);

        /// <summary>User and system CPU seconds of the emulator process so far.</summary>
        public (double User, double System) CpuSplit => Measure.CpuSplit(_process.Id);

        private readonly string _cli;

        public EmulatorProcess(string root, string cli, params string[] extra)
        {
            _cli = cli;
            Data = Path.Combine(root, "hub-" + Guid.NewGuid().ToString("N"));
            // cli is the .NET build's modelrelease.dll (run by dotnet) or a native binary (run as it is).
            string[] start = cli.EndsWith(".dll", StringComparison.Ordinal) ? ["dotnet", cli] : [cli];
            var psi = new ProcessStartInfo(start[0], [.. start[1..], "hub", "--data", Data, "--urls", "http://127.0.0.1:0", "--token", Token + "=bench", "--chunk-size", (16 << 20).ToString(CultureInfo.InvariantCulture), "--multipart-threshold", (16 << 20).ToString(CultureInfo.InvariantCulture), .. extra])
            { RedirectStandardOutput = true, RedirectStandardError = true };
            _process = Process.Start(psi)!;
            var line = _process.StandardOutput.ReadLine() ?? throw new InvalidOperationException("the emulator did not start: " + _process.StandardError.ReadToEnd());
            Url = new Uri(System.Text.RegularExpressions.Regex.Match(line, @"http://[^\s]+").Value);
        }

        /// <summary>
        /// Warms the emulator as a Hub that has long been running: one <c>modelrelease publish</c> of a 48 MiB safetensors
        /// file (three 16 MiB parts) and a small file to a repository of its own, then one <c>modelrelease download</c> of
        /// both, each in a child process (this process's own publish and download code stays cold, as node's is), so the
        /// emulator's upload, completion, commit and download paths are compiled before a timed client starts (a profile
        /// of a cold emulator receiving 2 GiB showed 16% of its CPU in the JIT compiler). Every client of a run then meets
        /// the same warm server.
        /// </summary>
        public Task WarmAsync(string dir)
        {
            var folder = Path.Combine(dir, "emulator-warm-up");
            if (!File.Exists(Path.Combine(folder, "config.json")))
            {
                Directory.CreateDirectory(folder);
                File.Copy(BenchFiles.DenseSafetensors(dir, 48L << 20, "warm-up-48m.safetensors", tensors: 4, seed: 9), Path.Combine(folder, "model.safetensors"), overwrite: true);
                File.WriteAllText(Path.Combine(folder, "config.json"), "{\"model_type\": \"warm-up\"}");
            }
            var cache = Path.Combine(dir, "emulator-warm-up-cache-" + Guid.NewGuid().ToString("N"));
            var run = (_cli.EndsWith(".dll", StringComparison.Ordinal) ? $"dotnet '{_cli}'" : $"'{_cli}'");
            var env = $"HF_TOKEN={Token} HF_ENDPOINT={Url.ToString().TrimEnd('/')} XDG_CACHE_HOME='{cache}' HF_HOME='{cache}/hf'";
            Measure.Shell($"{env} {run} publish '{folder}' --repo bench/emulator-warm-up --private --quiet -m warm-up && {env} {run} download bench/emulator-warm-up --local-dir '{cache}/back' --quiet");
            Directory.Delete(cache, true);
            return Task.CompletedTask;
        }

        public void Dispose()
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
            try { Directory.Delete(Data, true); } catch (IOException) { }
        }
    }

    public static async Task<int> RunAsync(string dir, double sizeGb, int rounds, Action<string, bool, string> verdict)
    {
        var cli = BenchTools.Cli();
        var node = BenchTools.Node("publish");
        var files = BenchTools.ReleaseFiles(dir, sizeGb);
        var bytes = files.Sum(f => new FileInfo(f).Length);
        Measure.Shell("cat " + string.Join(' ', files.Select(f => $"'{f}'")) + " > /dev/null");
        Console.WriteLine($"== publish: {files.Count} files, {bytes / (double)(1 << 30):F2} GiB, to a hub emulator process on loopback");

        // Rounds, the three taking turns, each on a fresh emulator: @huggingface/hub uploadFiles (hashes and uploads),
        // ModelRelease cold (nothing cached: hashes and uploads), and the raw upload limit (curl PUTs of the same
        // parts to the emulator's part URLs, as many at once as we send, nothing hashed; then the completions).
        var oids = await new FileHasher().HashManyAsync(files);
        var js = new List<double>();
        var ours = new List<double>();
        var rawParts = new List<double>();
        var rawComplete = new List<double>();
        var partsDir = Path.Combine(dir, "raw-parts-" + Guid.NewGuid().ToString("N"));
        // CPU seconds per run (client user + system: this process for ours, the reaped children for node and curl;
        // the emulator's), from /proc.
        var cpu = new Dictionary<string, (double User, double System, double Server)>();
        var self = Environment.ProcessId;
        async Task Profiled(string who, Func<EmulatorProcess, Task> run)
        {
            using var hub = new EmulatorProcess(dir, cli);
            await hub.WarmAsync(dir);
            var (c0, s0) = (Measure.CpuSplit(self, children: who != "ours"), hub.CpuSeconds);
            await run(hub);
            var c1 = Measure.CpuSplit(self, children: who != "ours");
            cpu[who] = (c1.User - c0.User, c1.System - c0.System, hub.CpuSeconds - s0);
        }
        for (var round = 0; round < rounds; round++)
        {
            var order = new Func<Task>[]
            {
                () => Profiled("js", hub =>
                {
                    js.Add(JsonDocument.Parse(RunNode(node, hub.Url, "bench/js", files)).RootElement.GetProperty("seconds").GetDouble());
                    return Task.CompletedTask;
                }),
                () => Profiled("ours", async hub =>
                {
                    using var client = new HubClient(hub.Url, new HubToken(Token, "bench"));
                    var sw = Stopwatch.StartNew();
                    await new Publisher(client, HashCache.InMemory()).PublishAsync(new PublishRequest { Repo = RepoRef.Parse("bench/mr"), Files = PublishInputs.Collect(files), CommitMessage = "bench" });
                    ours.Add(sw.Elapsed.TotalSeconds);
                }),
                () => Profiled("curl", async hub =>
                {
                    var (parts, complete) = await RawUploadAsync(hub, partsDir, files, oids);
                    rawParts.Add(parts);
                    rawComplete.Add(complete);
                }),
            };
            for (var k = 0; k < order.Length; k++) await order[(k + round) % order.Length]();
            Console.WriteLine($"  round {round + 1}: @huggingface/hub uploadFiles {js[^1]:F2} s ({Measure.Rate(bytes, js[^1])}); ModelRelease {ours[^1]:F2} s ({Measure.Rate(bytes, ours[^1])}); " +
                $"raw curl parts {rawParts[^1]:F2} s ({Measure.Rate(bytes, rawParts[^1])}), + completions {rawComplete[^1]:F2} s; load average {ModuleStartBench.LoadAverage()}");
            Console.WriteLine("    CPU seconds, client user + system, emulator: " + string.Join("; ", cpu.Select(kv => $"{kv.Key} {kv.Value.User:F2} + {kv.Value.System:F2}, {kv.Value.Server:F2}")));
        }
        if (Directory.Exists(partsDir)) Directory.Delete(partsDir, true);
        var cold = Median(ours);
        var perRoundJs = ours.Select((o, i) => js[i] / o).ToList();
        var perRoundRaw = ours.Select((o, i) => rawParts[i] / o).ToList();
        var perRoundRawComplete = ours.Select((o, i) => (rawParts[i] + rawComplete[i]) / o).ToList();
        string Rounds(List<double> v) => string.Join(", ", v.Select(r => r.ToString("F2", CultureInfo.InvariantCulture)));
        verdict("throughput >= 2x @huggingface/hub uploadFiles in every round", perRoundJs.Min() >= 2, $"lowest {perRoundJs.Min():F2}x (rounds {Rounds(perRoundJs)})");
        verdict("throughput >= 0.8x the raw upload limit (curl PUT of the parts, median of rounds)", Median(perRoundRaw) >= 0.8, $"{Median(perRoundRaw):F2}x (rounds {Rounds(perRoundRaw)}); against parts + completions {Median(perRoundRawComplete):F2}x; @huggingface/hub {Median(js.Select((j, i) => rawParts[i] / j).ToList()):F2}x of the raw limit");

        // A second publish of unchanged files, with a persistent hash cache.
        double second;
        var cachePath = Path.Combine(dir, "hash-cache-" + Guid.NewGuid().ToString("N") + ".json");
        using (var hub = new EmulatorProcess(dir, cli))
        {
            using var client = new HubClient(hub.Url, new HubToken(Token, "bench"));
            var request = new PublishRequest { Repo = RepoRef.Parse("bench/mr"), Files = PublishInputs.Collect(files), CommitMessage = "bench" };
            await new Publisher(client, HashCache.Load(cachePath)).PublishAsync(request);
            var sw = Stopwatch.StartNew();
            var again = await new Publisher(client, HashCache.Load(cachePath)).PublishAsync(request);
            second = sw.Elapsed.TotalSeconds;
            if (again.BytesUploaded != 0 || again.Committed) throw new InvalidOperationException("the second publish sent bytes or committed");
        }

        // Hashing alone, and uploading alone (hashes already cached) on a fresh emulator.
        var hashAlone = await Measure.BestAsync(1, () => new FileHasher().HashManyAsync(files));
        double uploadAlone;
        using (var hub = new EmulatorProcess(dir, cli))
        {
            using var client = new HubClient(hub.Url, new HubToken(Token, "bench"));
            var sw = Stopwatch.StartNew();
            await new Publisher(client, HashCache.Load(cachePath)).PublishAsync(new PublishRequest { Repo = RepoRef.Parse("bench/upload"), Files = PublishInputs.Collect(files), CommitMessage = "bench" });
            uploadAlone = sw.Elapsed.TotalSeconds;
        }
        File.Delete(cachePath);

        Console.WriteLine($"  ModelRelease median {cold:F2} s; hashing alone {hashAlone:F2} s, uploading alone {uploadAlone:F2} s, second publish {second * 1000:F0} ms");
        var overlap = cold / Math.Max(hashAlone, uploadAlone);
        verdict("wall <= 1.3x max(hash alone, upload alone)", overlap <= 1.3, $"{overlap:F2}x");
        verdict("second publish < 5% of the first", second / cold < 0.05, $"{second / cold * 100:F2}% ({second * 1000:F0} ms), 0 bytes uploaded, nothing hashed");

        // Peak memory of publishing one 4 GiB file, in a fresh process.
        var big = BenchFiles.DenseSafetensors(dir, 4L << 30, "one-4g.safetensors", tensors: 8, seed: 7);
        using (var hub = new EmulatorProcess(dir, cli))
        {
            var report = Measure.Child("publish-child", hub.Url.ToString(), big);
            var peak = long.Parse(report.Split(' ')[1], CultureInfo.InvariantCulture);
            Console.WriteLine($"  one 4 GiB file: {report.Split(' ')[0]} s, peak RSS {peak / (1 << 20)} MiB");
            verdict("peak memory publishing 4 GiB < 200 MB", peak < 200_000_000, $"{peak / 1e6:F1} MB");
        }
        return 0;
    }

    /// <summary>Only the raw upload limit, <paramref name="rounds"/> times on fresh emulators, with the emulator's CPU seconds (for work on the emulator's upload path).</summary>
    public static async Task RawOnlyAsync(string dir, double sizeGb, int rounds)
    {
        var cli = BenchTools.Cli();
        var files = BenchTools.ReleaseFiles(dir, sizeGb);
        var oids = await new FileHasher().HashManyAsync(files);
        var partsDir = Path.Combine(dir, "raw-parts-" + Guid.NewGuid().ToString("N"));
        for (var round = 0; round < rounds; round++)
        {
            using var hub = new EmulatorProcess(dir, cli);
            await hub.WarmAsync(dir);
            var s0 = hub.CpuSplit;
            var (parts, complete) = await RawUploadAsync(hub, partsDir, files, oids);
            var s1 = hub.CpuSplit;
            Console.WriteLine($"  raw curl parts {parts:F2} s, completions {complete:F2} s; emulator CPU user {s1.User - s0.User:F2} + system {s1.System - s0.System:F2}");
        }
        Directory.Delete(partsDir, true);
    }

    private static double Median(List<double> v)
    {
        var s = v.Order().ToList();
        return s[s.Count / 2];
    }

    /// <summary>
    /// The upload path's limit on this machine: the LFS batch asked once (not timed), every file cut into the parts the
    /// emulator asks for (on disk, written in the first round and so in the page cache), then one <c>curl --parallel</c> PUTs every
    /// part to its URL, <see cref="HubClientOptions.MaxParallelParts"/> at once, as the Publisher sends them. Returns
    /// the seconds of the PUTs, and of the completions after them (the emulator verifies each object's SHA-256 there).
    /// </summary>
    private static async Task<(double Parts, double Complete)> RawUploadAsync(EmulatorProcess hub, string partsDir, IReadOnlyList<string> files, IReadOnlyList<string> oids)
    {
        using var client = new HubClient(hub.Url, new HubToken(Token, "bench"));
        var repo = RepoRef.Parse("bench/raw");
        await client.CreateRepoAsync(repo, isPrivate: false);
        var actions = await client.LfsBatchAsync(repo, "main", files.Select((f, i) => (oids[i], new FileInfo(f).Length)).ToList(), createPullRequest: false);
        Directory.CreateDirectory(partsDir);
        var config = new System.Text.StringBuilder();
        var partFiles = new List<string>();
        for (var i = 0; i < files.Count; i++)
        {
            var action = actions.Single(a => a.Oid == oids[i]);
            if (action.PartUrls.Count == 0 || action.ChunkSize is not { } chunk) throw new InvalidOperationException("the emulator did not ask for a multipart upload");
            for (var p = 0; p < action.PartUrls.Count; p++)
            {
                var part = Path.Combine(partsDir, $"{i}-{p + 1:D5}");
                if (!File.Exists(part))
                {
                    using var source = File.OpenHandle(files[i]);
                    var length = (int)Math.Min(chunk, new FileInfo(files[i]).Length - p * chunk);
                    var buffer = new byte[length];
                    RandomAccess.Read(source, buffer, p * chunk);
                    File.WriteAllBytes(part, buffer);
                }
                partFiles.Add(part);
                // Per-transfer options repeat in every block: curl resets them at each "next".
                if (config.Length > 0) config.Append("next\n");
                config.Append($"url = \"{action.PartUrls[p]}\"\nupload-file = \"{part}\"\noutput = \"/dev/null\"\nfail\nwrite-out = \"%{{url}} %header{{etag}}\\n\"\n");
            }
        }
        var configFile = Path.Combine(partsDir, "curl.config");
        File.WriteAllText(configFile, config.ToString());
        var etagsFile = Path.Combine(partsDir, "etags.txt");
        var parallel = new HubClientOptions().MaxParallelParts;
        var parts = Measure.Shell($"curl -sS --parallel --parallel-max {parallel} -K '{configFile}' > '{etagsFile}'");
        var etags = File.ReadAllLines(etagsFile).Where(l => l.Length > 0).Select(l => l.Split(' ', 2)).ToDictionary(l => l[0], l => l[1]);
        var sw = Stopwatch.StartNew();
        await Task.WhenAll(actions.Select(a => client.CompleteMultipartAsync(a, a.PartUrls.Select(u => etags[u]).ToList(), null)));
        return (parts, sw.Elapsed.TotalSeconds);
    }

    /// <summary>The child of the memory benchmark: publishes one file and prints seconds and VmHWM.</summary>
    public static async Task<int> ChildAsync(string url, string file)
    {
        using var client = new HubClient(new Uri(url), new HubToken(Token, "bench"));
        var sw = Stopwatch.StartNew();
        await new Publisher(client, HashCache.InMemory()).PublishAsync(new PublishRequest { Repo = RepoRef.Parse("bench/big"), Files = PublishInputs.Collect([file]), CommitMessage = "big" });
        Console.WriteLine($"{sw.Elapsed.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture)} {Measure.PeakRss()}");
        return 0;
    }

    private static string RunNode(string folder, Uri url, string repo, IEnumerable<string> files)
    {
        var psi = new ProcessStartInfo("node", [Path.Combine(folder, "upload-js.mjs"), url.ToString().TrimEnd('/'), Token, repo, .. files]) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = folder };
        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEnd();
        var error = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException("the @huggingface/hub run failed: " + error);
        return output.Trim().Split('\n')[^1];
    }

    public static string FindRepoRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "ModelRelease.slnx"))) return d.FullName;
        }
        throw new InvalidOperationException("run the benchmark from the repository");
    }
}
