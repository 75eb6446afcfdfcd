using System.Diagnostics;
using System.Globalization;

namespace ModelRelease.Bench;

/// <summary>
/// Start-up as build agents feel it (issue 14): whole processes, the commands alternating, median of the runs.
/// <c>modelrelease --version</c> of the JIT build against the Native AOT binary, and <c>modelrelease inspect --json</c>
/// of a sparse 4 GiB GGUF (the reader reads the header only) by both against node running @huggingface/gguf on the
/// same file (bench/startup/inspect-gguf.mjs).
/// </summary>
internal static class StartupBench
{
    public static void Run(string dir, string? jit, string? aot, int runs, Action<string, bool, string> verdict)
    {
        var root = RepoRoot();
        jit ??= Path.Combine(root, "src/ModelRelease.Cli/bin/Release/net10.0/modelrelease");
        aot ??= Path.Combine(root, "out/cli-aot/modelrelease");
        foreach (var (what, path, how) in new[] { ("JIT build", jit, "dotnet build src/ModelRelease.Cli -c Release"), ("AOT binary", aot, "dotnet publish src/ModelRelease.Cli -c Release -r linux-x64 -p:PublishAot=true -o out/cli-aot") })
        {
            if (!File.Exists(path)) throw new InvalidOperationException($"the {what} is not at {path}: {how}");
        }
        var node = BenchTools.Node("startup");
        var gguf = BenchFiles.SparseGguf(dir, 4L << 30);

        Console.WriteLine($"== start-up: whole processes, median of {runs} alternating runs (after one warm-up each)");
        var version = Alternate(runs, [("jit", [jit, "--version"]), ("aot", [aot, "--version"])]);
        Console.WriteLine($"  --version: JIT {Ms(version["jit"])}, AOT {Ms(version["aot"])}");
        var versionRatio = version["aot"] / version["jit"];
        verdict("modelrelease --version, AOT / JIT", versionRatio <= 0.3, $"{versionRatio:F2}× (target ≤ 0.3×)");

        var inspect = Alternate(runs, [("jit", [jit, "inspect", "--json", gguf]), ("aot", [aot, "inspect", "--json", gguf]), ("node", ["node", Path.Combine(node, "inspect-gguf.mjs"), gguf])]);
        Console.WriteLine($"  inspect --json of a 4 GiB GGUF: JIT {Ms(inspect["jit"])}, AOT {Ms(inspect["aot"])}, node + @huggingface/gguf {Ms(inspect["node"])}");
        Console.WriteLine($"  JIT / node: {inspect["jit"] / inspect["node"]:F2}×");
        var inspectRatio = inspect["aot"] / inspect["node"];
        verdict("inspect --json of a 4 GiB GGUF, AOT / node", inspectRatio <= 0.5, $"{inspectRatio:F2}× (target ≤ 0.5×)");
    }

    /// <summary>Each command once per round, in turn, <paramref name="runs"/> rounds after a warm-up round; the median wall time of each.</summary>
    private static Dictionary<string, double> Alternate(int runs, (string Name, string[] Command)[] commands)
    {
        var times = commands.ToDictionary(c => c.Name, _ => new List<double>());
        for (var round = -1; round < runs; round++)
        {
            foreach (var (name, command) in commands)
            {
                var t = Time(command);
                if (round >= 0) times[name].Add(t);
            }
        }
        return times.ToDictionary(kv => kv.Key, kv => Median(kv.Value));
    }

    private static double Time(string[] command)
    {
        var psi = new ProcessStartInfo(command[0], command[1..]) { RedirectStandardOutput = true, RedirectStandardError = true };
        var sw = Stopwatch.StartNew();
        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEndAsync();
        var error = p.StandardError.ReadToEnd();
        p.WaitForExit();
        var seconds = sw.Elapsed.TotalSeconds;
        if (p.ExitCode != 0 || output.Result.Length == 0) throw new InvalidOperationException($"'{string.Join(' ', command)}' failed ({p.ExitCode}): {error}");
        return seconds;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static string Ms(double seconds) => (seconds * 1000).ToString("F1", CultureInfo.InvariantCulture) + " ms";

    private static string RepoRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "ModelRelease.slnx"))) return d.FullName;
        }
        throw new InvalidOperationException("run from inside the repository");
    }
}
