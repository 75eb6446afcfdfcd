using System.Diagnostics;
using System.Globalization;

namespace ModelRelease.Bench;

/// <summary>
/// The module's first call (issue 14): a fresh <c>dotnet pwsh -NoProfile</c> that imports the assembled module and runs
/// one <c>Get-Checkpoint</c> on a small safetensors file, the IL-only module against the ReadyToRun one, alternating,
/// median of N. A bare <c>dotnet pwsh -NoProfile -c exit</c> runs in the same rotation, so the module's own share
/// (whole process minus bare start) is reported beside the whole-process time. Inside each process the time of
/// Import-Module + Get-Checkpoint and the count of JIT-compiled methods are read too.
/// </summary>
internal static class ModuleStartBench
{
    /// <param name="probe">checkpoint (default): Import-Module + Get-Checkpoint of a 1 MiB file; publish: Import-Module +
    /// Publish-HfModel of a 4 MiB safetensors file and its config to a new private repository on a warm emulator process
    /// (the publish path's first call: session, gate, hashing, preupload, LFS upload, commit).</param>
    public static void Run(string dir, int runs, bool skipBuild, string probe, Action<string, bool, string> verdict)
    {
        var repo = PublishBench.FindRepoRoot();
        var root = Path.Combine(dir, "module-start");
        var il = Path.Combine(root, "il", "ModelRelease");
        var r2r = Path.Combine(root, "r2r", "ModelRelease");
        if (!skipBuild || !Directory.Exists(il) || !Directory.Exists(r2r))
        {
            Console.WriteLine("  assembling the module: -p:ModuleReadyToRun=false, -p:ModuleReadyToRun=true, then the default again");
            Assemble(repo, "-p:ModuleReadyToRun=false", il);
            Assemble(repo, "-p:ModuleReadyToRun=true", r2r);
            Assemble(repo, "", Path.Combine(root, "default", "ModelRelease")); // leave out/ as the default build makes it
        }
        var file = BenchFiles.DenseSafetensors(dir, 1 << 20, "small-1m.safetensors", tensors: 8, seed: 3);
        using var hub = probe == "publish" ? new PublishBench.EmulatorProcess(dir, BenchTools.Cli()) : null;
        var release = Path.Combine(dir, "module-start-release");
        if (hub is not null)
        {
            Directory.CreateDirectory(release);
            File.Copy(BenchFiles.DenseSafetensors(dir, 4 << 20, "small-4m.safetensors", tensors: 8, seed: 5), Path.Combine(release, "model.safetensors"), overwrite: true);
            File.WriteAllText(Path.Combine(release, "config.json"), "{\"model_type\": \"bench\"}");
        }
        Console.WriteLine($"== module-start: fresh dotnet pwsh -NoProfile, Import-Module + {(hub is null ? "Get-Checkpoint of a 1 MiB safetensors file" : "Publish-HfModel of a 4 MiB safetensors file and its config to a new private repository on a warm emulator")}, {runs} alternating runs each (load average {LoadAverage()})");

        var Probe = hub is null
            ? "$sw=[Diagnostics.Stopwatch]::StartNew(); Import-Module '{0}'; $c = Get-Checkpoint -Path '{1}'; $t=$sw.Elapsed.TotalSeconds; " +
              "if ($c.TensorCount -ne 8) {{ exit 3 }}; [Console]::WriteLine(('{{0}} {{1}}' -f $t.ToString([cultureinfo]::InvariantCulture), [System.Runtime.JitInfo]::GetCompiledMethodCount($false)))"
            : "$sw=[Diagnostics.Stopwatch]::StartNew(); Import-Module '{0}'; $r = Publish-HfModel -Path '" + release + "' -RepoId (\"bench/m\" + [guid]::NewGuid().ToString('N').Substring(0, 12)) -Private -CommitMessage bench; $t=$sw.Elapsed.TotalSeconds; " +
              "if (-not $r.CommitOid) {{ exit 3 }}; [Console]::WriteLine(('{{0}} {{1}}' -f $t.ToString([cultureinfo]::InvariantCulture), [System.Runtime.JitInfo]::GetCompiledMethodCount($false)))";
        var environment = hub is null ? null : new Dictionary<string, string>
        {
            ["HF_ENDPOINT"] = hub.Url.ToString().TrimEnd('/'),
            ["HF_TOKEN"] = PublishBench.Token,
            ["XDG_CACHE_HOME"] = Path.Combine(dir, "module-start-cache"),
            ["HF_HOME"] = Path.Combine(dir, "module-start-cache", "hf"),
        };
        var bare = new List<double>();
        var wall = new Dictionary<string, List<double>> { ["il"] = [], ["r2r"] = [] };
        var inside = new Dictionary<string, List<double>> { ["il"] = [], ["r2r"] = [] };
        var jitted = new Dictionary<string, List<long>> { ["il"] = [], ["r2r"] = [] };
        Pwsh(repo, "exit"); // warm the tool resolution and the page cache (and, for publish, the emulator)
        foreach (var m in new[] { il, r2r }) Pwsh(repo, string.Format(CultureInfo.InvariantCulture, Probe, m, file), environment);
        for (var i = 0; i < runs; i++)
        {
            bare.Add(Pwsh(repo, "exit").Seconds);
            foreach (var (name, module) in i % 2 == 0 ? new[] { ("il", il), ("r2r", r2r) } : new[] { ("r2r", r2r), ("il", il) })
            {
                var (seconds, output) = Pwsh(repo, string.Format(CultureInfo.InvariantCulture, Probe, module, file), environment);
                var parts = output.Trim().Split('\n')[^1].Split(' ');
                wall[name].Add(seconds);
                inside[name].Add(double.Parse(parts[0], CultureInfo.InvariantCulture));
                jitted[name].Add(long.Parse(parts[1], CultureInfo.InvariantCulture));
            }
        }
        var b = Median(bare);
        foreach (var name in new[] { "il", "r2r" })
        {
            Console.WriteLine($"  {(name == "il" ? "IL only  " : "ReadyToRun")}: whole process {Median(wall[name]):F3} s (bare pwsh {b:F3} s, module share {Median(wall[name]) - b:F3} s), " +
                $"Import-Module + {(hub is null ? "Get-Checkpoint" : "Publish-HfModel")} inside {Median(inside[name]):F3} s, {jitted[name].Order().ElementAt(jitted[name].Count / 2):N0} methods JIT-compiled");
        }
        var wholeRatio = Median(wall["r2r"]) / Median(wall["il"]);
        var shareRatio = (Median(wall["r2r"]) - b) / (Median(wall["il"]) - b);
        var insideRatio = Median(inside["r2r"]) / Median(inside["il"]);
        Console.WriteLine($"  ReadyToRun / IL: whole process {wholeRatio:F2}x, module share {shareRatio:F2}x, inside {insideRatio:F2}x (load average {LoadAverage()})");
        verdict($"ReadyToRun module's first {(hub is null ? "Get-Checkpoint" : "Publish-HfModel")} faster than the IL module's (whole process)", wholeRatio < 1, $"{wholeRatio:F2}x");
    }

    private static void Assemble(string repo, string property, string target)
    {
        Measure.Shell($"cd '{repo}' && dotnet publish src/ModelRelease -c Release -v q -nologo {property}");
        if (Directory.Exists(target)) Directory.Delete(target, true);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        Measure.Shell($"cp -r '{repo}/out/ModelRelease' '{target}'");
    }

    private static (double Seconds, string Output) Pwsh(string repo, string script, IReadOnlyDictionary<string, string>? environment = null)
    {
        var psi = new ProcessStartInfo("dotnet", ["pwsh", "-NoProfile", "-NonInteractive", "-c", script]) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = repo };
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) psi.Environment[key] = value;
        var sw = Stopwatch.StartNew();
        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEnd();
        var error = p.StandardError.ReadToEnd();
        p.WaitForExit();
        var seconds = sw.Elapsed.TotalSeconds;
        if (p.ExitCode != 0) throw new InvalidOperationException($"pwsh failed ({p.ExitCode}): {error}{output}");
        return (seconds, output);
    }

    private static double Median(List<double> values)
    {
        var s = values.Order().ToList();
        return s.Count % 2 == 1 ? s[s.Count / 2] : (s[s.Count / 2 - 1] + s[s.Count / 2]) / 2;
    }

    public static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";
}
