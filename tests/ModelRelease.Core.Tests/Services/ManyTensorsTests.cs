using ModelRelease.Core.Checkpoints;
using ModelRelease.Core.Checkpoints.Comparison;
using ModelRelease.Core.Checkpoints.Deep;
using ModelRelease.Core.Checkpoints.Parameters;
using ModelRelease.Core.Tests.Support;

namespace ModelRelease.Core.Tests.Services;

/// <summary>Runs alone, so the process-wide allocation counter sees only the test's own work.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AllocationMeasurement
{
    public const string Name = "allocation measurement";
}

/// <summary>
/// Issue 9, many tiny tensors: what each operation allocates per tensor of a 100,000-tensor header, bounded well below
/// what it was (safetensors inspect 1,167 B, deep scan 751 B, GGUF inspect 685 B, compare 283 B per tensor), so a header of 1.4 million
/// tensors stays within 300 MB + 10× its size (peak memory itself is measured in bench/, `hostile`). Bounds on bytes
/// allocated, never on time; the files are generated (fixed seeds) into a temporary folder deleted after.
/// </summary>
[Collection(AllocationMeasurement.Name)]
public sealed class ManyTensorsTests : IDisposable
{
    private const int Tensors = 100_000;
    private readonly string _folder = Directory.CreateTempSubdirectory("modelrelease-many-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    public static TheoryData<string> Formats() => ["safetensors", "gguf", "onnx"];

    private (string Path, long Header) Write(string format)
    {
        var path = Path.Combine(_folder, "many." + format);
        using var file = File.Create(path);
        var header = format switch
        {
            "safetensors" => HostileFiles.WriteSafetensorsManyTensors(file, Tensors) + 8,
            "gguf" => HostileFiles.WriteGgufManyTensors(file, Tensors),
            _ => HostileFiles.WriteOnnxManyInitializers(file, Tensors),
        };
        return (path, header);
    }

    private static async Task<(T Result, double PerTensor)> Measure<T>(Func<Task<T>> work)
    {
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var result = await work();
        return (result, (GC.GetTotalAllocatedBytes(precise: true) - before) / (double)Tensors);
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task Inspect_deep_scan_params_and_compare_keep_and_allocate_a_few_hundred_bytes_a_tensor(string format)
    {
        var (path, header) = Write(format);
        // What the checkpoint keeps: its record, name and a shared shape per tensor (about 150 bytes).
        var retained = Retained(path) / (double)Tensors;
        Assert.True(retained < 300, $"the checkpoint keeps {retained:F0} bytes a tensor ({header / (double)Tensors:F0} header bytes a tensor)");
        var (cp, inspect) = await Measure(() => new CheckpointInspector().InspectAsync(path, Run.Timeout()));
        Assert.Equal(Tensors, cp.TensorCount);
        // What reading it costs on the way (the ONNX reader's per-field asynchronous calls allocate in Debug builds only,
        // so its allocations are left to bench/, which runs the Release build).
        if (format != "onnx") Assert.True(inspect < 600, $"inspect allocated {inspect:F0} bytes a tensor ({header / (double)Tensors:F0} header bytes a tensor)");

        var (scan, deep) = await Measure(() => new DeepScanner().ScanAsync(cp, computeSha256: false, cancellationToken: Run.Timeout()));
        Assert.Equal(Tensors, scan.Scans.Count(s => s.Checked && s.IsFinite));
        Assert.True(deep < 350, $"the deep scan allocated {deep:F0} bytes a tensor");

        var (ordered, deepSha) = await Measure(() => new DeepScanner().ScanAsync(cp, computeSha256: true, cancellationToken: Run.Timeout()));
        Assert.Equal(scan.Scans, ordered.Scans);
        Assert.True(deepSha < 350, $"the deep scan with SHA-256 allocated {deepSha:F0} bytes a tensor");

        var (report, parameters) = await Measure(() => Task.FromResult(ParameterCounter.Measure(cp)));
        Assert.Equal((Tensors, cp.ParameterCount), (report.TensorCount, report.Total));
        Assert.True(parameters < 150, $"params allocated {parameters:F0} bytes a tensor");

        var (comparison, compare) = await Measure(() => new CheckpointComparer().CompareAsync(cp, cp, compareContent: false, cancellationToken: Run.Timeout()));
        Assert.Equal(Tensors, comparison.UnchangedCount);
        Assert.True(compare < 200, $"compare allocated {compare:F0} bytes a tensor");
    }

    /// <summary>
    /// Live heap growth while the checkpoint of <paramref name="path"/> is held, measured around a synchronous wait in a
    /// frame of its own (no asynchronous state of the caller keeps anything alive), after full compacting collections.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static long Retained(string path)
    {
        var before = Live();
        var checkpoint = new CheckpointInspector().InspectAsync(path).GetAwaiter().GetResult();
        var after = Live();
        GC.KeepAlive(checkpoint);
        return after - before;
    }

    private static long Live()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        return GC.GetTotalMemory(forceFullCollection: false);
    }

    [Fact]
    public async Task Tensors_of_one_shape_share_one_shape_array()
    {
        var (path, _) = Write("gguf");
        var cp = await new CheckpointInspector().InspectAsync(path, Run.Timeout());
        Assert.Single(cp.Tensors.Select(t => t.Shape).Distinct(ReferenceEqualityComparer.Instance));
    }
}
