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

        public EmulatorProcess(string root, string cli, params string[] extra)
        {
            Data = Path.Combine(root, "hub-" + Guid.NewGuid().ToString("N"));
            var psi = new ProcessStartInfo("dotnet", [cli, "hub", "--data", Data, "--urls", "http://127.0.0.1:0", "--token", Token + "=bench", "--chunk-size", (16 << 20).ToString(CultureInfo.InvariantCulture), "--multipart-threshold", (16 << 20).ToString(CultureInfo.InvariantCulture), .. extra])
            { RedirectStandardOutput = true, RedirectStandardError = true };
            _process = Process.Start(psi)!;
            var line = _process.StandardOutput.ReadLine() ?? throw new InvalidOperationException("the emulator did not start: " + _process.StandardError.ReadToEnd());
            Url = new Uri(System.Text.RegularExpressions.Regex.Match(line, @"http://[^\s]+").Value);
        }

        public void Dispose()
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
            try { Directory.Delete(Data, true); } catch (IOException) { }
        }
    }

    public static async Task<int> RunAsync(string dir, double sizeGb, Action<string, bool, string> verdict)
    {
        var repoRoot = FindRepoRoot();
        var cli = Path.Combine(repoRoot, "src/ModelRelease.Cli/bin/Release/net10.0/modelrelease.dll");
        if (!File.Exists(cli)) Measure.Shell($"dotnet build '{repoRoot}/src/ModelRelease.Cli' -c Release -v quiet -nologo");
        var node = Path.Combine(repoRoot, "bench/publish");
        if (!Directory.Exists(Path.Combine(node, "node_modules"))) Measure.Shell($"cd '{node}' && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error");

        var total = (long)(sizeGb * (1L << 30));
        var files = Enumerable.Range(0, 4).Select(i => BenchFiles.DenseSafetensors(dir, total / 4, $"release-{i}.safetensors", tensors: 16, seed: 100 + i)).ToList();
        var bytes = files.Sum(f => new FileInfo(f).Length);
        Measure.Shell("cat " + string.Join(' ', files.Select(f => $"'{f}'")) + " > /dev/null");
        Console.WriteLine($"== publish: {files.Count} files, {bytes / (double)(1 << 30):F2} GiB, to a hub emulator process on loopback");

        // The peer: @huggingface/hub uploadFiles (hashes and uploads) on a fresh emulator.
        double js;
        using (var hub = new EmulatorProcess(dir, cli))
        {
            var output = RunNode(node, hub.Url, "bench/js", files);
            js = JsonDocument.Parse(output).RootElement.GetProperty("seconds").GetDouble();
        }

        // ModelRelease: a cold publish (nothing cached), on a fresh emulator.
        double cold, second;
        var cachePath = Path.Combine(dir, "hash-cache-" + Guid.NewGuid().ToString("N") + ".json");
        using (var hub = new EmulatorProcess(dir, cli))
        {
            using var client = new HubClient(hub.Url, new HubToken(Token, "bench"));
            var request = new PublishRequest { Repo = RepoRef.Parse("bench/mr"), Files = PublishInputs.Collect(files), CommitMessage = "bench" };
            var sw = Stopwatch.StartNew();
            await new Publisher(client, HashCache.Load(cachePath)).PublishAsync(request);
            cold = sw.Elapsed.TotalSeconds;
            sw.Restart();
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

        Console.WriteLine($"  @huggingface/hub uploadFiles {js:F2} s ({Measure.Rate(bytes, js)}); ModelRelease {cold:F2} s ({Measure.Rate(bytes, cold)})");
        Console.WriteLine($"  hashing alone {hashAlone:F2} s, uploading alone {uploadAlone:F2} s, second publish {second * 1000:F0} ms");
        verdict("throughput >= 2x @huggingface/hub uploadFiles", js / cold >= 2, $"{js / cold:F2}x");
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
