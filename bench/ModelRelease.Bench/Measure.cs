using System.Diagnostics;
using System.Globalization;

namespace ModelRelease.Bench;

/// <summary>Timing and process helpers.</summary>
internal static class Measure
{
    /// <summary>Best of <paramref name="runs"/> wall-clock times (the least disturbed run), in seconds.</summary>
    public static async Task<double> BestAsync(int runs, Func<Task> action)
    {
        var best = double.MaxValue;
        for (var i = 0; i < runs; i++)
        {
            var sw = Stopwatch.StartNew();
            await action();
            best = Math.Min(best, sw.Elapsed.TotalSeconds);
        }
        return best;
    }

    /// <summary>Runs a shell command, returns its wall time in seconds; throws on failure.</summary>
    public static double Shell(string command)
    {
        var psi = new ProcessStartInfo("bash", ["-c", command]) { RedirectStandardOutput = true, RedirectStandardError = true };
        var sw = Stopwatch.StartNew();
        using var p = Process.Start(psi)!;
        p.StandardOutput.ReadToEnd();
        var err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        var t = sw.Elapsed.TotalSeconds;
        if (p.ExitCode != 0) throw new InvalidOperationException($"'{command}' failed: {err}");
        return t;
    }

    public static double BestShell(int runs, string command) => Enumerable.Range(0, runs).Min(_ => Shell(command));

    /// <summary>CPU seconds (user + system) process <paramref name="pid"/> has used, from /proc/PID/stat; with <paramref name="children"/>, those of its waited-for children instead.</summary>
    public static double CpuSeconds(int pid, bool children = false) => CpuSplit(pid, children) is var (user, system) ? user + system : 0;

    /// <summary>User and system CPU seconds of process <paramref name="pid"/> (or of its waited-for children), from /proc/PID/stat.</summary>
    public static (double User, double System) CpuSplit(int pid, bool children = false)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // fields[0] is field 3 (state): utime, stime, cutime, cstime are fields 14-17.
        var first = children ? 13 : 11;
        return (long.Parse(fields[first], CultureInfo.InvariantCulture) / 100.0, long.Parse(fields[first + 1], CultureInfo.InvariantCulture) / 100.0);
    }

    /// <summary>Peak resident set size of this process so far (VmHWM), in bytes.</summary>
    public static long PeakRss()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
            }
        }
        return -1;
    }

    /// <summary>Runs this harness again as a child process and returns its last output line.</summary>
    public static string Child(params string[] args)
    {
        var self = Environment.ProcessPath!;
        var entry = typeof(Measure).Assembly.Location;
        var psi = self.EndsWith("dotnet", StringComparison.Ordinal) ? new ProcessStartInfo(self, [entry, .. args]) : new ProcessStartInfo(self, args);
        psi.RedirectStandardOutput = true;
        psi.RedirectStandardError = true;
        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEnd();
        var err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"child {string.Join(' ', args)} failed: {err}");
        return output.Trim().Split('\n')[^1];
    }

    public static string Rate(long bytes, double seconds) => $"{bytes / seconds / (1 << 20):F0} MiB/s";
}
