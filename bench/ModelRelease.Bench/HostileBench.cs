using System.Diagnostics;
using System.Globalization;
using ModelRelease.Core.Tests.Support;

namespace ModelRelease.Bench;

/// <summary>
/// Issue 9 (hostile checkpoints): runs the <c>modelrelease</c> CLI on one generated file per hostile class and reports,
/// per command, how the process ended and its peak resident memory (<c>/usr/bin/time</c>'s maximum RSS of the child)
/// against the bound 300 MB + 10 × the header's size. The inputs come from the test kit's generators
/// (tests/ModelRelease.Core.Tests/Support/HostileFiles.cs, linked into this project), so the tests and the benchmark
/// read the same bytes. Every child runs with a 3 GiB GC heap limit (the cap the issue used) and a timeout.
/// </summary>
internal static class HostileBench
{
    private const long BaseBudget = 300_000_000;
    private const long HeapCap = 3L << 30;
    private static readonly TimeSpan ChildTimeout = TimeSpan.FromMinutes(5);

    private sealed record Case(string Class, string What, string File, long HeaderBytes, string[] Commands);

    public static void Run(string dir, string? cli, string? only, Action<string, bool, string> verdict)
    {
        var folder = Path.Combine(dir, "hostile");
        Directory.CreateDirectory(folder);
        cli ??= FindCli();
        Console.WriteLine($"== hostile: the CLI ({cli}) on hostile checkpoints; peak RSS against 300 MB + 10 x header; GC heap capped at {HeapCap >> 30} GiB");
        var cases = Cases(folder).Where(c => only is null || c.Class.Contains(only, StringComparison.OrdinalIgnoreCase) || c.What.Contains(only, StringComparison.OrdinalIgnoreCase)).ToList();
        foreach (var c in cases)
        {
            Console.WriteLine($"  [{c.Class}] {c.What}: {Path.GetFileName(c.File)}, {new FileInfo(c.File).Length:N0} bytes, header {c.HeaderBytes:N0} bytes");
            foreach (var command in c.Commands)
            {
                var args = command.Split(' ').Select(a => a == "FILE" ? c.File : a).ToArray();
                var bound = BaseBudget + 10 * c.HeaderBytes * (command.StartsWith("compare", StringComparison.Ordinal) ? 2 : 1);
                var (exit, peak, seconds, tail) = Child(cli, args);
                var handled = exit is 0 or 1;
                var ratio = peak / (double)bound;
                Console.WriteLine($"    modelrelease {command}: exit {exit}{(handled ? "" : " (" + Describe(exit) + ")")}, {seconds:F1} s, peak RSS {peak / 1e6:F0} MB, bound {bound / 1e6:F0} MB, ratio {ratio:F2}{(tail.Length > 0 ? " | " + tail : "")}");
                verdict($"{c.Class} {c.What}: modelrelease {command} ends with a result or a typed error within the bound", handled && ratio <= 1,
                    $"exit {exit}, {ratio:F2} x bound");
            }
        }
    }

    private static IEnumerable<Case> Cases(string folder)
    {
        string[] headerOnly = ["inspect FILE", "validate FILE", "params FILE"];
        string[] all = ["inspect FILE", "validate --deep FILE", "params FILE", "compare FILE FILE"];

        yield return Small(folder, "recursion", "dict key: a list containing itself", "self-key.pt", HostileFiles.SelfContainingListKey(), headerOnly);
        yield return Small(folder, "recursion", "200,000-deep tuple as a key", "deep-key.pt", HostileFiles.DeepTupleKey(), headerOnly);
        yield return Small(folder, "recursion", "45,000 nested _rebuild_from_type_v2 calls", "rebuild-chain.pt", HostileFiles.RebuildFromTypeChain(), headerOnly);

        yield return Small(folder, "overflow", "two meta tensors of 2^62 elements (zip)", "meta-zip.pt", HostileFiles.MetaTensorsZip(), headerOnly);
        yield return Small(folder, "overflow", "two meta tensors of 2^62 elements (legacy)", "meta-legacy.pt", HostileFiles.MetaTensorsLegacy(), headerOnly);
        yield return Small(folder, "overflow", "legacy view with storage offset 2^63-1", "view-offset.pt", HostileFiles.LegacyViewWithHugeOffset(), headerOnly);
        yield return Small(folder, "overflow", "two ONNX initializers of unknown type and shape [2^62]", "huge.onnx", HostileFiles.OnnxUnknownTypeHugeShapes(), headerOnly);

        yield return Small(folder, "fan-out", "one list referenced from itself 21 levels deep", "fanout-21.pt", HostileFiles.FanOut(), headerOnly);
        yield return Small(folder, "fan-out", "the 10 KB variant (200 levels, 10 references each)", "fanout-10k.pt", HostileFiles.FanOut(levels: 200, width: 10), headerOnly);
        yield return Small(folder, "fan-out", "10,000 set() copies of a 10,000-item list", "copies.pt", HostileFiles.CopyingCalls(), headerOnly);
        yield return Small(folder, "fan-out", "100,000 values under a 4,000-character name", "long-names.pt", HostileFiles.LongNamesFlood(), headerOnly);

        yield return Large(folder, "many tensors", "safetensors, 300,000 tensors", "many-300k.safetensors", s => HostileFiles.WriteSafetensorsManyTensors(s, 300_000) + 8, all);
        yield return Large(folder, "many tensors", "safetensors, 1,400,000 tensors (300,000 with data)", "many-1400k.safetensors", s => HostileFiles.WriteSafetensorsManyTensors(s, 1_400_000, dataTensors: 300_000) + 8, all);
        yield return Large(folder, "many tensors", "safetensors, 1,400,000 tensors, all with data", "many-1400k-data.safetensors", s => HostileFiles.WriteSafetensorsManyTensors(s, 1_400_000, compactNames: true) + 8, all);
        yield return Large(folder, "many tensors", "GGUF, 500,000 tensors", "many-500k.gguf", s => HostileFiles.WriteGgufManyTensors(s, 500_000), all);

        yield return Large(folder, "many tensors", "ONNX, 1,000,000 empty initializers", "many-1000k.onnx", s => HostileFiles.WriteOnnxManyInitializers(s, 1_000_000), all);
        yield return Large(folder, "many tensors", "PyTorch zip, 200,000 one-element views of one storage", "many-200k.pt", s => HostileFiles.WriteTorchManyTensors(s, 200_000), all);

        yield return Large(folder, "inflate bomb", "data.pkl deflated, inflating to 500 MB of trailing zeros", "bomb.pt", s => { HostileFiles.WriteInflateBomb(s, 500L << 20); return 500L << 20; }, ["inspect FILE", "validate --deep FILE"], headerIsFile: true);
        yield return Large(folder, "inflate bomb", "data.pkl deflated, one 500 MB bytes operand", "bomb-operand.pt", s => { HostileFiles.WriteInflateBomb(s, 500L << 20, asOperand: true); return 500L << 20; }, ["inspect FILE"], headerIsFile: true);

        var onnx = Path.Combine(folder, "onnx-link");
        Directory.CreateDirectory(onnx);
        var etc = Path.Combine(onnx, "etcdir");
        if (!Path.Exists(etc)) File.CreateSymbolicLink(etc, "/etc");
        yield return Small(onnx, "onnx paths", "external data through a folder link to /etc", "link.onnx", HostileFiles.OnnxExternal("etcdir/passwd"), headerOnly);
        yield return Small(onnx, "onnx paths", "external data location with a NUL", "nul.onnx", HostileFiles.OnnxExternal("w\0.bin"), headerOnly);
    }

    private static Case Small(string folder, string @class, string what, string name, byte[] bytes, string[] commands)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllBytes(path, bytes);
        return new Case(@class, what, path, bytes.Length, commands);
    }

    /// <summary>A large input, written once and kept for reuse; the header size is what the writer returns. For the
    /// inflate bombs the "header" is the compressed file (the bound must not grow with what the archive claims).</summary>
    private static Case Large(string folder, string @class, string what, string name, Func<Stream, long> write, string[] commands, bool headerIsFile = false)
    {
        var path = Path.Combine(folder, name);
        var sizeFile = path + ".header";
        if (!File.Exists(path) || !File.Exists(sizeFile))
        {
            using (var s = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
            {
                File.WriteAllText(sizeFile, write(s).ToString(CultureInfo.InvariantCulture));
            }
        }
        var header = headerIsFile ? new FileInfo(path).Length : long.Parse(File.ReadAllText(sizeFile), CultureInfo.InvariantCulture);
        return new Case(@class, what, path, header, commands);
    }

    private static (int Exit, long PeakBytes, double Seconds, string Tail) Child(string cli, string[] args)
    {
        var psi = new ProcessStartInfo("/usr/bin/time", ["-f", "TIME %M %e", cli, .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        psi.Environment["DOTNET_GCHeapHardLimit"] = "0x" + HeapCap.ToString("X", CultureInfo.InvariantCulture);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(ChildTimeout))
        {
            p.Kill(entireProcessTree: true);
            p.WaitForExit();
            return (-1, 0, ChildTimeout.TotalSeconds, "timed out");
        }
        var err = stderr.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var time = err.LastOrDefault(l => l.StartsWith("TIME ", StringComparison.Ordinal))?.Split(' ') ?? ["TIME", "0", "0"];
        var message = err.Where(l => !l.StartsWith("TIME ", StringComparison.Ordinal) && !l.StartsWith("Command ", StringComparison.Ordinal) && !l.StartsWith("   at ", StringComparison.Ordinal))
            .Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0) ?? "";
        _ = stdout.Result;
        return (p.ExitCode, long.Parse(time[1], CultureInfo.InvariantCulture) * 1024, double.Parse(time[2], CultureInfo.InvariantCulture), Clip(message));
    }

    private static string Describe(int exit) => exit switch
    {
        -1 => "timed out",
        134 => "aborted: unhandled exception or stack overflow",
        137 => "killed",
        2 => "usage error",
        _ => "unexpected",
    };

    private static string Clip(string s) => s.Length > 160 ? s[..157] + "..." : s;

    /// <summary>The Release build of the CLI in this repository (build it with <c>dotnet build src/ModelRelease.Cli -c Release</c>).</summary>
    private static string FindCli()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ModelRelease.slnx"))) dir = dir.Parent;
        var cli = dir is null ? null : Path.Combine(dir.FullName, "src", "ModelRelease.Cli", "bin", "Release", "net10.0", "modelrelease");
        return cli is not null && File.Exists(cli)
            ? cli
            : throw new InvalidOperationException("build the CLI first: dotnet build src/ModelRelease.Cli -c Release (or pass --cli PATH)");
    }
}
