using System.Globalization;
using ModelRelease;
using ModelRelease.Bench;
using ModelRelease.Core.Checkpoints;
using ModelRelease.Core.Checkpoints.Common;
using ModelRelease.Core.Checkpoints.Deep;
using ModelRelease.Core.Hashing;

// Benchmarks for issue 2 (inspection, hashing, deep scan). Each prints its figures and the ratio to a
// peer measured in the same run, and a PASS/FAIL against the target.
//   dotnet run -c Release --project bench/ModelRelease.Bench -- all [--dir DIR] [--size-gb N]
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
var command = args.Length > 0 ? args[0] : "all";
var dir = Option("--dir") ?? Path.Combine(Path.GetTempPath(), "modelrelease-bench");
var sizeGb = double.Parse(Option("--size-gb") ?? "2", CultureInfo.InvariantCulture);
Directory.CreateDirectory(dir);
var failures = 0;

switch (command)
{
    case "all":
        await Inspect();
        await Hash();
        Deep();
        await Card();
        await HashingBench.CompareAsync(dir, sizeGb, Verdict);
        HashingBench.DeepZip(dir, sizeGb, Verdict);
        break;
    case "inspect": await Inspect(); break;
    case "module-start": ModuleStartBench.Run(dir, int.Parse(Option("--runs") ?? "10", CultureInfo.InvariantCulture), args.Contains("--skip-build"), Option("--probe") ?? "checkpoint", Verdict); break;
    case "download": await DownloadBench.RunAsync(dir, sizeGb, int.Parse(Option("--rounds") ?? "3", CultureInfo.InvariantCulture), Verdict); break;
    case "publish": await PublishBench.RunAsync(dir, sizeGb, int.Parse(Option("--rounds") ?? "3", CultureInfo.InvariantCulture), Verdict); break;
    case "publish-raw": await PublishBench.RawOnlyAsync(dir, sizeGb, int.Parse(Option("--rounds") ?? "3", CultureInfo.InvariantCulture)); break;
    case "publish-child": return await PublishBench.ChildAsync(args[1], args[2]);
    case "many-files": await ManyFilesBench.RunAsync(dir, int.Parse(Option("--count") ?? "2000", CultureInfo.InvariantCulture), int.Parse(Option("--rounds") ?? "3", CultureInfo.InvariantCulture), !args.Contains("--no-peer"), Option("--cli"), Verdict); break;
    case "many-files-child": return await ManyFilesBench.ChildAsync(args[1], args[2]);
    case "hash": await Hash(); break;
    case "deep": Deep(); break;
    case "card": await Card(); break;
    case "compare": await HashingBench.CompareAsync(dir, sizeGb, Verdict); break;
    case "deep-zip": HashingBench.DeepZip(dir, sizeGb, Verdict); break;
    case "hostile": HostileBench.Run(dir, Option("--cli"), Option("--only"), Verdict); break;
    case "start-up": StartupBench.Run(dir, Option("--jit"), Option("--aot"), int.Parse(Option("--runs") ?? "10", CultureInfo.InvariantCulture), Verdict); break;
    case "deep-zip-child": return await HashingBench.DeepZipChildAsync(args[1], args[2] == "crc", args[3] == "sha");
    case "deep-child":
        {
            // Runs one deep scan in a fresh process and reports seconds and peak RSS.
            var cp = await new CheckpointInspector().InspectAsync(args[1]);
            var sw = System.Diagnostics.Stopwatch.StartNew();
            var r = await new DeepScanner().ScanAsync(cp, computeSha256: false);
            Console.WriteLine($"{sw.Elapsed.TotalSeconds.ToString("R", CultureInfo.InvariantCulture)} {Measure.PeakRss()} {r.BytesRead}");
            return 0;
        }
    default:
        Console.Error.WriteLine("usage: ModelRelease.Bench all|inspect|hash|deep|card|compare|deep-zip|publish|many-files|module-start|download|hostile|start-up [--dir DIR] [--size-gb N] [--cli PATH] [--only CLASS] [--jit PATH] [--aot PATH] [--runs N] [--count N] [--rounds N] [--no-peer] [--probe checkpoint|publish]");
        return 2;
}
Console.WriteLine(failures == 0 ? "ALL TARGETS MET" : $"{failures} TARGET(S) MISSED");
return failures == 0 ? 0 : 1;

string? Option(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

void Verdict(string what, bool ok, string detail)
{
    Console.WriteLine($"  {(ok ? "PASS" : "FAIL")} {what}: {detail}");
    if (!ok) failures++;
}

async Task Inspect()
{
    Console.WriteLine("== inspect: header-only reading of 4 GiB files");
    foreach (var path in new[] { BenchFiles.SparseSafetensors(dir, 4L << 30), BenchFiles.SparseGguf(dir, 4L << 30) })
    {
        var inspector = new CheckpointInspector();
        long bytesRead = 0;
        Checkpoint? cp = null;
        async Task Once()
        {
            using var source = FileByteSource.Open(path);
            cp = await inspector.InspectAsync(source);
            bytesRead = source.BytesRead;
        }
        var first = await Measure.BestAsync(1, Once);
        var warm = await Measure.BestAsync(20, Once);
        var length = new FileInfo(path).Length;
        Console.WriteLine($"  {Path.GetFileName(path)}: {length:N0} bytes, {cp!.TensorCount} tensors, {ParameterCountText.Format(cp.ParameterCount)} parameters");
        Console.WriteLine($"    first call {first * 1000:F1} ms (includes JIT), warm {warm * 1000:F2} ms, bytes read {bytesRead:N0} ({bytesRead * 100.0 / length:F5}% of the file)");
        Verdict($"{cp.Format} inspect < 20 ms", warm < 0.020, $"{warm * 1000:F2} ms warm");
        Verdict($"{cp.Format} reads only the header", bytesRead < 1 << 20 && bytesRead < length / 1000, $"{bytesRead:N0} bytes");
    }
}

async Task Hash()
{
    var size = (long)(sizeGb * (1L << 30));
    Console.WriteLine($"== hash: SHA-256 of a {sizeGb} GiB file in the page cache, against openssl dgst -sha256");
    var a = BenchFiles.DenseSafetensors(dir, size, "dense-a.safetensors", seed: 1);
    var b = BenchFiles.DenseSafetensors(dir, size, "dense-b.safetensors", seed: 2);
    Measure.Shell($"cat '{a}' '{b}' > /dev/null"); // into the page cache
    var hasher = new FileHasher();
    var openssl = Measure.BestShell(3, $"openssl dgst -sha256 '{a}'");
    var ours = await Measure.BestAsync(3, () => hasher.HashFileAsync(a));
    var ratio = openssl / ours;
    Console.WriteLine($"  openssl {openssl:F3} s ({Measure.Rate(size, openssl)}), ModelRelease {ours:F3} s ({Measure.Rate(size, ours)})");
    Verdict("single-file throughput >= 0.95x openssl", ratio >= 0.95, $"{ratio:F3}x");
    var both = await Measure.BestAsync(3, () => hasher.HashManyAsync([a, b]));
    var parallelRatio = (2.0 * size / both) / (size / ours);
    Console.WriteLine($"  two files in parallel {both:F3} s ({Measure.Rate(2 * size, both)}) on {Environment.ProcessorCount} cores");
    Verdict("parallel throughput >= 1.7x one file's", parallelRatio >= 1.7, $"{parallelRatio:F3}x");
}

void Deep()
{
    var size = (long)(sizeGb * (1L << 30));
    Console.WriteLine($"== deep: NaN/Inf scan of a {sizeGb} GiB F32 file in the page cache, against cat FILE > /dev/null");
    var a = BenchFiles.DenseSafetensors(dir, size, "dense-a.safetensors", seed: 1);
    Measure.Shell($"cat '{a}' > /dev/null");
    var cat = Measure.BestShell(3, $"cat '{a}' > /dev/null");
    var runs = Enumerable.Range(0, 3).Select(_ => Measure.Child("deep-child", a).Split(' ')).ToList();
    var best = runs.Min(r => double.Parse(r[0], CultureInfo.InvariantCulture));
    var peak = runs.Max(r => long.Parse(r[1], CultureInfo.InvariantCulture));
    var ratio = cat / best;
    Console.WriteLine($"  cat {cat:F3} s ({Measure.Rate(size, cat)}), deep scan {best:F3} s ({Measure.Rate(size, best)}), peak RSS {peak / (1 << 20)} MiB");
    Verdict("deep scan >= 0.7x cat", ratio >= 0.7, $"{ratio:F3}x");
    Verdict("deep scan peak memory < 100 MB", peak < 100_000_000, $"{peak / 1e6:F1} MB");
}

async Task Card()
{
    var size = (long)(sizeGb * (1L << 30));
    Console.WriteLine($"== card: New-ModelCard's core on a {sizeGb} GiB safetensors file in the page cache");
    var a = BenchFiles.DenseSafetensors(dir, size, "dense-a.safetensors", seed: 1);
    Measure.Shell($"cat '{a}' > /dev/null");
    var inspector = new CheckpointInspector();
    var request = new ModelRelease.Core.Cards.CardRequest { RepoId = "bench/card", Version = "1.0.0", License = "mit" };
    async Task<ModelCard> Build(HashCache cache) =>
        (await ModelRelease.Core.Cards.CardFamily.BuildAsync(request, [], [a], inspector, default, new ModelRelease.Core.Cards.CardHashing(cache, new FileHasher())))[0];

    // Cold: nothing in the hash cache, so the card costs one SHA-256 of the file; the peer is openssl on the same file.
    var openssl = Measure.BestShell(3, $"openssl dgst -sha256 '{a}'");
    var cold = await Measure.BestAsync(3, () => Build(HashCache.InMemory()));
    Console.WriteLine($"  openssl dgst {openssl:F3} s, card with hashing {cold:F3} s ({Measure.Rate(size, cold)})");
    Verdict("cold card >= 0.9x openssl (the hash is the cost)", openssl / cold >= 0.9, $"{openssl / cold:F3}x");

    // Warm: the hash is in the cache (as after a publish); the card costs the header and the rendering. Peer: inspection alone.
    var cache = HashCache.InMemory();
    await Build(cache);
    var inspect = await Measure.BestAsync(20, () => inspector.InspectAsync(a));
    var warm = await Measure.BestAsync(20, () => Build(cache));
    var card = await Build(cache);
    Console.WriteLine($"  inspect alone {inspect * 1000:F2} ms, card from the cache {warm * 1000:F2} ms ({card.Text.Length:N0} characters)");
    Verdict("warm card < 20 ms", warm < 0.020, $"{warm * 1000:F2} ms ({warm / inspect:F1}x inspection)");
}
