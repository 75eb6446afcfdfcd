using System.Numerics;
using ModelRelease.Core.Checkpoints.Common;
using ModelRelease.Core.Checkpoints.Parameters;
using ModelRelease.Core.Checkpoints.PyTorch;
using ModelRelease.Core.Checkpoints.PyTorch.Pickle;
using ModelRelease.Core.Checkpoints.Validation;
using ModelRelease.Core.Tests.Support;

namespace ModelRelease.Core.Tests.PyTorch;

/// <summary>
/// Issue 9, PyTorch classes: pickles that recurse, overflow, fan out and inflate. Each must end in a checkpoint or a
/// typed error naming the file — the process never overflows its stack, throws an untyped exception or balloons. Bounds
/// are asserted on the work (objects visited, values copied, bytes allocated), never on wall time. Random cases come from
/// fixed seeds (the generators are in <see cref="HostileFiles"/>, shared with bench/).
/// </summary>
public class PyTorchHostileTests
{
    private static async Task<CheckpointFormatException> Fails(byte[] bytes, string code, string name = "hostile.pt")
    {
        var (checkpoint, error) = await BadInput.TryReadAsync(name, bytes, code);
        Assert.True(error is not null, $"expected {code}, but the file read as {checkpoint}");
        Assert.True(code == error.Code, $"expected {code}, got {error.Code}: {error.Message}");
        return error;
    }

    private static async Task<(PickleValue Root, PickleMachine Machine)> RunAsync(byte[] pickle)
    {
        using var source = new MemoryByteSource("m.pkl", pickle);
        var machine = new PickleMachine(source, 0, pickle.Length, "m.pkl", CheckpointReaderLimits.Default, (_, _) => new PickleNone());
        return (await machine.RunAsync(Run.Timeout()), machine);
    }

    // ---- recursion ------------------------------------------------------------------------------------

    [Fact]
    public async Task A_dict_key_that_is_a_list_containing_itself_is_PT_PICKLE_DEPTH()
    {
        var ex = await Fails(HostileFiles.SelfContainingListKey(), PyTorchCodes.PickleDepth);
        Assert.Contains("contains itself", ex.Detail);
    }

    [Fact]
    public async Task A_key_nested_200000_tuples_deep_is_PT_PICKLE_DEPTH()
    {
        var ex = await Fails(HostileFiles.DeepTupleKey(200_000), PyTorchCodes.PickleDepth);
        Assert.Contains($"more than {TorchObjectWalker.MaxKeyDepth} levels", ex.Detail);
    }

    [Fact]
    public async Task A_chain_of_45000_rebuild_calls_is_PT_PICKLE_DEPTH()
    {
        var ex = await Fails(HostileFiles.RebuildFromTypeChain(45_000), PyTorchCodes.PickleDepth);
        Assert.Contains("_rebuild_from_type_v2", ex.Detail);
        Assert.NotNull(ex.Offset);
    }

    [Fact]
    public async Task A_short_rebuild_chain_still_reads()
    {
        // Torch nests one call; a few are unwrapped in a loop, not refused.
        var (checkpoint, error) = await BadInput.TryReadAsync("chain.pt", HostileFiles.RebuildFromTypeChain(PickleCalls.MaxRebuildNesting - 1), "short chain");
        Assert.Null(error);
        Assert.Empty(checkpoint!.Tensors);
    }

    [Fact]
    public async Task Values_nested_200000_containers_deep_are_PT_PICKLE_DEPTH()
    {
        var w = new PickleWriter().Proto().EmptyDict().Str("w").Int(1);
        for (var i = 0; i < 200_000; i++) w.Tuple1();
        var ex = await Fails(HostileFiles.Zip(w.SetItem().Stop().ToArray()), PyTorchCodes.PickleDepth);
        Assert.Contains($"more than {CheckpointReaderLimits.Default.MaxPickleDepth} levels", ex.Detail);
    }

    [Fact]
    public async Task Random_nestings_read_or_are_refused_as_too_deep_and_never_overflow_the_stack()
    {
        int refused = 0, read = 0;
        for (var seed = 1; seed <= 60; seed++)
        {
            var (file, depth, expectError) = HostileFiles.RandomNesting(seed);
            var (checkpoint, error) = await BadInput.TryReadAsync("nested.pt", file, $"seed {seed} (depth {depth})");
            if (expectError)
            {
                Assert.True(error?.Code == PyTorchCodes.PickleDepth, $"seed {seed} (depth {depth}): expected PT_PICKLE_DEPTH, got {error?.Code ?? "a checkpoint"}");
                refused++;
            }
            else
            {
                Assert.True(checkpoint is not null, $"seed {seed} (depth {depth}): expected a checkpoint, got {error?.Code}: {error?.Message}");
                read++;
            }
        }
        Assert.True(refused > 5 && read > 5, $"the seeds should cover both outcomes: {refused} refused, {read} read");
    }

    // ---- fan-out ---------------------------------------------------------------------------------------

    [Theory]
    [InlineData(21, 2)]   // the 453-byte case: 2^21 paths
    [InlineData(200, 10)] // the 10 KB case: 10^200 paths
    public async Task A_fan_out_is_walked_once_per_object(int levels, int width)
    {
        var pickle = HostileFiles.FanOutPickle(levels, width);
        var (root, _) = await RunAsync(pickle);
        var walker = new TorchObjectWalker("m.pkl", CheckpointReaderLimits.Default);
        walker.Walk(root);
        Assert.Equal(levels + 1, walker.ContainersExpanded);
        Assert.Equal(1 + (long)levels * width + 1, walker.Visited); // the root, every reference once, the int
        Assert.Single(walker.Leaves);

        var cp = (await BadInput.TryReadAsync("fan.pt", HostileFiles.FanOut(levels, width), "fan-out")).Checkpoint!;
        Assert.Single(cp.Metadata);
        Assert.Contains(cp.Findings, f => f.Code == PyTorchCodes.SharedContainer && f.Severity == FindingSeverity.Info);
    }

    [Fact]
    public async Task Random_webs_of_shared_lists_cost_at_most_their_own_size()
    {
        for (var seed = 1; seed <= 40; seed++)
        {
            var pickle = HostileFiles.RandomFanOutPickle(seed);
            var (root, machine) = await RunAsync(pickle);
            var walker = new TorchObjectWalker("m.pkl", CheckpointReaderLimits.Default);
            walker.Walk(root);
            // Every value looked at was put in its container by an opcode of at least one byte (or copied, on budget).
            Assert.True(walker.Visited <= pickle.Length + machine.Copies.Spent + 1, $"seed {seed}: {walker.Visited} values visited for a {pickle.Length}-byte pickle");
            Assert.True(walker.ContainersExpanded <= 200, $"seed {seed}: {walker.ContainersExpanded} containers expanded");
            Assert.True(walker.Leaves.Count <= pickle.Length, $"seed {seed}: {walker.Leaves.Count} leaves recorded");
        }
    }

    [Fact]
    public async Task Copying_the_same_list_over_and_over_is_refused_at_the_copy_budget()
    {
        var bytes = HostileFiles.CopyingCalls(items: 10_000, copies: 10_000);
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var ex = await Fails(bytes, PyTorchCodes.PickleStructure);
        var used = GC.GetAllocatedBytesForCurrentThread() - allocated;
        Assert.Contains("budget", ex.Detail);
        // 10,000 copies of 10,000 references would be 800 MB; the budget stops it after about a million.
        Assert.True(used < 64L << 20, $"allocated {used:N0} bytes");
    }

    [Fact]
    public async Task A_metadata_flood_keeps_the_first_values_and_says_so()
    {
        var w = new PickleWriter().Proto().EmptyDict();
        for (var i = 0; i < CheckpointReaderLimits.Default.MaxPickleLeaves + 50; i++)
        {
            if (i % 1000 == 0) w.Mark();
            w.Str("k" + i).Int(i % 200);
            if (i % 1000 == 999) w.SetItems(); // pickle's own batches of 1000
        }
        var (cp, error) = await BadInput.TryReadAsync("flood.pt", HostileFiles.Zip(w.SetItems().Stop().ToArray()), "flood");
        Assert.True(cp is not null, error?.Message);
        Assert.Equal(CheckpointReaderLimits.Default.MaxPickleLeaves, cp.Metadata.Count);
        var note = Assert.Single(cp.Findings, f => f.Code == PyTorchCodes.MetadataOmitted);
        Assert.Contains("50 beyond the first", note.Message);
    }

    [Fact]
    public async Task Long_names_repeated_over_many_values_are_refused_at_the_name_budget()
    {
        var bytes = HostileFiles.LongNamesFlood();
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var ex = await Fails(bytes, PyTorchCodes.PickleStructure, "names.pt");
        var used = GC.GetAllocatedBytesForCurrentThread() - allocated;
        Assert.Contains("names", ex.Detail);
        // 100,000 names of 4 KB each would be 800 MB; the budget (16 Mi characters here) stops the walk long before.
        Assert.True(used < 160L << 20, $"allocated {used:N0} bytes");
    }

    // ---- overflowing counts -----------------------------------------------------------------------------

    public static TheoryData<string, byte[], CheckpointFormat> MetaTensorFiles() => new()
    {
        { "zip", HostileFiles.MetaTensorsZip(), CheckpointFormat.PyTorch },
        { "legacy", HostileFiles.MetaTensorsLegacy(), CheckpointFormat.PyTorchLegacy },
    };

    [Theory]
    [MemberData(nameof(MetaTensorFiles))]
    public async Task Element_counts_that_add_up_past_2_63_are_a_finding_and_a_typed_error_where_exactness_matters(string what, byte[] bytes, CheckpointFormat format)
    {
        var (cp, error) = await BadInput.TryReadAsync("meta.pt", bytes, what);
        Assert.Null(error);
        Assert.Equal(format, cp!.Format);
        Assert.Equal(long.MaxValue, cp.ParameterCount);
        var warning = Assert.Single(cp.Findings, f => f.Code == CheckpointCodes.ParameterOverflow);
        Assert.Equal((FindingSeverity.Warning, "b"), (warning.Severity, warning.Tensor));

        var report = Assert.Throws<CheckpointFormatException>(() => ParameterCounter.Measure(cp));
        Assert.Equal((CheckpointCodes.ParameterOverflow, "meta.pt", "b"), (report.Code, report.FilePath, report.Tensor));

        var validation = await new CheckpointValidator(new Checkpoints.CheckpointInspector()).ValidateAsync(cp, new CheckpointValidationOptions { ExpectedParameterCount = 1000 });
        Assert.False(validation.IsValid);
        Assert.Contains(validation.Findings, f => f.Code == "CKPT_IMPLAUSIBLE_PARAMETERS");
        Assert.Contains(validation.Findings, f => f.Code == CheckpointCodes.ParameterOverflow && f.Severity == FindingSeverity.Error);
    }

    [Fact]
    public async Task A_legacy_view_at_storage_offset_2_63_minus_1_is_PT_VIEW_BOUNDS()
    {
        var ex = await Fails(HostileFiles.LegacyViewWithHugeOffset(), PyTorchCodes.ViewBounds, "view.pt");
        Assert.Equal("w", ex.Tensor);
        Assert.Contains("overflows", ex.Detail);
    }

    [Fact]
    public async Task Random_huge_shapes_and_offsets_are_counted_exactly_or_flagged()
    {
        var rng = new Random(99);
        long Huge() => rng.Next(6) switch
        {
            0 => 0,
            1 => 1,
            2 => 1L << rng.Next(1, 63),
            3 => long.MaxValue - rng.Next(0, 3),
            4 => (1L << 62) + rng.Next(0, 1000),
            _ => rng.NextInt64(),
        };
        for (var c = 0; c < 80; c++)
        {
            var count = rng.Next(1, 4);
            var shapes = Enumerable.Range(0, count).Select(_ => Enumerable.Range(0, rng.Next(1, 3)).Select(_ => Huge()).ToArray()).ToList();
            var w = new PickleWriter().Proto().OrderedDict().Mark();
            for (var i = 0; i < count; i++) w.Str("t" + i).MetaTensor("float32", shapes[i], shapes[i].Select(_ => 1L).ToArray());
            var bytes = c % 2 == 0 ? HostileFiles.Zip(w.SetItems().Stop().ToArray()) : HostileFiles.Legacy(w.SetItems().Stop().ToArray(), []);
            var (cp, error) = await BadInput.TryReadAsync("meta.pt", bytes, $"case {c}");
            var products = shapes.Select(s => s.Aggregate(BigInteger.One, (p, d) => p * d)).ToList();
            if (products.Any(p => p > long.MaxValue))
            {
                Assert.True(error?.Code == PyTorchCodes.ViewBounds, $"case {c}: a shape whose product overflows must be PT_VIEW_BOUNDS, got {error?.Code ?? "a checkpoint"}");
                continue;
            }
            Assert.True(cp is not null, $"case {c}: {error?.Code}: {error?.Message}");
            var sum = products.Aggregate(BigInteger.Zero, (a, b) => a + b);
            Assert.Equal(sum > long.MaxValue ? long.MaxValue : (long)sum, cp.ParameterCount);
            Assert.Equal(sum > long.MaxValue, cp.Findings.Any(f => f.Code == CheckpointCodes.ParameterOverflow));
        }
    }

    // ---- inflate bombs --------------------------------------------------------------------------------

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_deflated_data_pkl_that_claims_a_thousandfold_inflation_is_refused_before_inflating(bool asOperand)
    {
        var bytes = HostileFiles.InflateBomb(64L << 20, asOperand);
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var ex = await Fails(bytes, PyTorchCodes.InflateLimit, "bomb.pt");
        var used = GC.GetAllocatedBytesForCurrentThread() - allocated;
        Assert.Contains("inflate bomb", ex.Detail);
        Assert.True(used < 4L << 20, $"allocated {used:N0} bytes for a data.pkl that claims {64 << 20:N0}");
    }

    [Fact]
    public async Task A_deflated_data_pkl_within_the_allowance_is_streamed_not_buffered()
    {
        // A real state dict, then 2 MiB of seeded text after STOP that deflates only a few times: within the ratio, so it
        // is read; the reader stops at STOP and never holds the 2 MiB.
        var rng = new Random(5);
        var pickle = new PickleWriter().Proto().OrderedDict().Mark().Str("w").Tensor("FloatStorage", "0", 4, 0, [4], [1]).SetItems().Stop().ToArray();
        var padding = Enumerable.Range(0, 2 << 20).Select(_ => (byte)('a' + rng.Next(16))).ToArray();
        var bytes = TorchZipBuilder.Build("archive", [.. pickle, .. padding], new Dictionary<string, byte[]> { ["0"] = new byte[16] }, deflate: new HashSet<string> { "archive/data.pkl" });
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var (cp, error) = await BadInput.TryReadAsync("streamed.pt", bytes, "streamed");
        var used = GC.GetAllocatedBytesForCurrentThread() - allocated;
        Assert.Null(error);
        Assert.Equal("w", Assert.Single(cp!.Tensors).Name);
        Assert.Contains(cp.Findings, f => f.Code == PyTorchCodes.CompressedRecord);
        Assert.True(used < 1L << 20, $"allocated {used:N0} bytes for a data.pkl of {pickle.Length + padding.Length:N0}");
    }

    [Fact]
    public async Task Damaged_deflated_pickles_and_sizes_give_typed_errors()
    {
        var pickle = new PickleWriter().Proto().OrderedDict().Mark().Str("w").Tensor("FloatStorage", "0", 4, 0, [4], [1]).SetItems().Stop().ToArray();
        var bytes = TorchZipBuilder.Build("archive", pickle, new Dictionary<string, byte[]> { ["0"] = new byte[16] }, deflate: new HashSet<string> { "archive/data.pkl" });
        var outcome = await BadInput.FlipsAsync("deflated.pt", bytes, region: 160, count: 300, seed: 17);
        Assert.Equal(outcome.Cases, outcome.Typed + outcome.Read);
        Assert.True(outcome.Typed > 0);
        var truncated = await BadInput.TruncationsAsync("deflated.pt", bytes);
        Assert.Equal(truncated.Cases, truncated.Typed + truncated.Read);
    }
}
