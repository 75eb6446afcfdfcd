using ModelRelease.Core.Checkpoints.Common;
using ModelRelease.Core.Checkpoints.PyTorch;
using ModelRelease.Core.Checkpoints.PyTorch.Pickle;
using ModelRelease.Core.Tests.Support;

namespace ModelRelease.Core.Tests.PyTorch;

/// <summary>Crafted archives: what reads, and one broken input per error code with its offset.</summary>
public class PyTorchReaderTests
{
    private static Task<Checkpoint> Read(byte[] bytes, string name = "m.pt") => BadInput.ReadAsync(name, bytes);

    private static async Task<CheckpointFormatException> Fails(byte[] bytes, string code, string name = "m.pt")
    {
        var ex = await Assert.ThrowsAsync<CheckpointFormatException>(() => Read(bytes, name));
        Assert.Equal(code, ex.Code);
        Assert.Equal(name, ex.FilePath);
        return ex;
    }

    [Fact]
    public async Task Any_archive_prefix_is_read()
    {
        var cp = await Read(TorchZipBuilder.OneTensor(prefix: "consolidated.00"));
        var t = Assert.Single(cp.Tensors);
        Assert.Equal(("w", "F32", "float32", 6L), (t.Name, t.DType, t.FormatDType, t.ElementCount));
        Assert.Equal("consolidated.00/data/0", Assert.Single(cp.Storages).Record);
    }

    [Fact]
    public async Task A_transposed_view_spans_its_storage_and_a_slice_only_its_part()
    {
        var t = (await Read(TorchZipBuilder.OneTensor(rows: 3, cols: 2, stride: [1, 3]))).Tensors[0];
        Assert.Equal(24, t.ByteLength);
        var slice = (await Read(TorchZipBuilder.OneTensor(rows: 1, cols: 3, numel: 9, offset: 3))).Tensors[0];
        Assert.Equal(12, slice.ByteLength);
        Assert.Equal(3, slice.StorageOffset);
    }

    [Fact]
    public async Task A_view_beyond_its_storage_is_PT_VIEW_BOUNDS_naming_the_tensor()
    {
        var ex = await Fails(TorchZipBuilder.OneTensor(rows: 2, cols: 3, numel: 6, offset: 1), "PT_VIEW_BOUNDS");
        Assert.Equal("w", ex.Tensor);
        Assert.NotNull(ex.Offset);
    }

    [Fact]
    public async Task A_record_of_the_wrong_size_is_PT_RECORD_SIZE() =>
        await Fails(TorchZipBuilder.OneTensor(recordBytes: 20), "PT_RECORD_SIZE");

    [Fact]
    public async Task A_missing_storage_record_is_PT_RECORD_MISSING()
    {
        var pkl = new PickleWriter().Proto().OrderedDict().Mark().Str("w").Tensor("FloatStorage", "7", 4, 0, [4], [1]).SetItems().Stop().ToArray();
        await Fails(TorchZipBuilder.Build("archive", pkl), "PT_RECORD_MISSING");
    }

    [Fact]
    public async Task A_record_outside_the_prefix_is_PT_ZIP()
    {
        var pkl = new PickleWriter().Proto().EmptyDict().Stop().ToArray();
        var ex = await Fails(TorchZipBuilder.Build("archive", pkl, extra: new Dictionary<string, byte[]> { ["other/x"] = [1] }), "PT_ZIP");
        Assert.Contains("other/x", ex.Message);
    }

    [Fact]
    public async Task A_bad_version_record_is_PT_VERSION()
    {
        var pkl = new PickleWriter().Proto().EmptyDict().Stop().ToArray();
        await Fails(TorchZipBuilder.Build("archive", pkl, version: "banana"), "PT_VERSION");
        await Fails(TorchZipBuilder.Build("archive", pkl, version: ""), "PT_VERSION");
    }

    [Fact]
    public async Task TorchScript_archives_are_recognised_and_refused_by_name()
    {
        var pkl = new PickleWriter().Proto().EmptyDict().Stop().ToArray();
        var ex = await Fails(TorchZipBuilder.Build("archive", pkl, extra: new Dictionary<string, byte[]> { ["archive/constants.pkl"] = [0x80, 2, 0x2E], ["archive/code/m.py"] = [] }), "PT_TORCHSCRIPT");
        Assert.Equal(CheckpointErrorKind.Unsupported, ex.CheckpointErrorKind);
    }

    [Fact]
    public async Task An_archive_cut_before_its_directory_is_truncated()
    {
        var bytes = TorchZipBuilder.OneTensor();
        await Fails(bytes[..(bytes.Length - 30)], "CKPT_TRUNCATED");
    }

    public static TheoryData<string, byte[], string> BrokenPickles() => new()
    {
        { "memo index never stored", new PickleWriter().Proto().Get(9).Stop().ToArray(), "PT_PICKLE_STRUCTURE" },
        { "stack underflow", new PickleWriter().Proto().Reduce().Stop().ToArray(), "PT_PICKLE_STRUCTURE" },
        { "unknown opcode", new PickleWriter().Proto().Op(0xFF).Stop().ToArray(), "PT_PICKLE_OPCODE" },
        { "SETITEM on a list", new PickleWriter().Proto().Op((byte)']').Str("a").Str("b").SetItem().Stop().ToArray(), "PT_PICKLE_STRUCTURE" },
        { "APPEND on a dict", new PickleWriter().Proto().EmptyDict().Str("a").Op((byte)'a').Stop().ToArray(), "PT_PICKLE_STRUCTURE" },
        { "BUILD on a string", new PickleWriter().Proto().Str("s").EmptyDict().Build().Stop().ToArray(), "PT_PICKLE_STRUCTURE" },
        { "calling a storage class", new PickleWriter().Proto().Global("torch", "FloatStorage").EmptyTuple().Reduce().Stop().ToArray(), "PT_PICKLE_STRUCTURE" },
        { "persistent id of the wrong shape", new PickleWriter().Proto().Str("storage").BinPersId().Stop().ToArray(), "PT_PERSISTENT_ID" },
        { "unknown storage type", new PickleWriter().Proto().Mark().Str("storage").Global("torch", "float32").Str("0").Str("cpu").Int(1).Tuple().BinPersId().Stop().ToArray(), "PT_STORAGE_TYPE" },
        { "no STOP", new PickleWriter().Proto().EmptyDict().ToArray(), "CKPT_TRUNCATED" },
        { "string longer than the stream", new PickleWriter().Proto().Op((byte)'X').Raw(0xFF, 0xFF, 0xFF, 0x7F).Stop().ToArray(), "CKPT_TRUNCATED" },
        { "empty stack at STOP", new PickleWriter().Proto().Stop().ToArray(), "PT_PICKLE_STRUCTURE" },
        { "a protocol from the future", new PickleWriter().Proto(9).EmptyDict().Stop().ToArray(), "PT_PICKLE_OPCODE" },
        { "negative size", new PickleWriter().Proto().OrderedDict().Mark().Str("w").Tensor("FloatStorage", "0", 4, 0, [-1], [1]).SetItems().Stop().ToArray(), "PT_VIEW_BOUNDS" },
    };

    [Theory]
    [MemberData(nameof(BrokenPickles))]
    public async Task Broken_pickles_give_typed_errors_with_offsets(string what, byte[] pickle, string code)
    {
        _ = what;
        var storages = new Dictionary<string, byte[]> { ["0"] = new byte[16] };
        var ex = await Fails(TorchZipBuilder.Build("archive", pickle, storages), code);
        Assert.NotNull(ex.Offset);
    }

    [Fact]
    public async Task A_self_containing_list_does_not_hang_the_walk()
    {
        // l = []; l.append(l); {'w': l}
        var pkl = new PickleWriter().Proto().EmptyDict().Str("w").Op((byte)']').Put(1).Get(1).Op((byte)'a').SetItem().Stop().ToArray();
        var cp = await Read(TorchZipBuilder.Build("archive", pkl));
        Assert.Empty(cp.Tensors);
    }

    [Fact]
    public async Task Shared_references_that_multiply_are_walked_once_each_not_once_per_path()
    {
        // a = [1]; b = [a, a]; c = [b, b]; … 40 levels: 2^40 paths to one value, 41 lists.
        var w = new PickleWriter().Proto().Op((byte)']').Int(1).Op((byte)'a').Put(0);
        for (var i = 0; i < 40; i++) w.Mark().Get((byte)i).Get((byte)i).Op((byte)'l').Put((byte)(i + 1));
        var pickle = w.Stop().ToArray();

        // The work is bounded by the object, not by its paths: 41 lists expanded once each, 2 items looked at in each.
        using var source = new MemoryByteSource("m.pkl", pickle);
        var root = await new PickleMachine(source, 0, pickle.Length, "m.pkl", CheckpointReaderLimits.Default, (_, _) => new PickleNone()).RunAsync(default);
        var walker = new TorchObjectWalker("m.pkl", CheckpointReaderLimits.Default);
        walker.Walk(root);
        Assert.Equal(41, walker.ContainersExpanded);
        Assert.Equal(1 + 40 * 2 + 1, walker.Visited);
        Assert.Equal("0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0", Assert.Single(walker.Leaves).Key);

        // Through the reader: one metadata value, and a note that shared containers were listed once.
        var cp = await Read(TorchZipBuilder.Build("archive", pickle));
        Assert.Single(cp.Metadata);
        var note = Assert.Single(cp.Findings, f => f.Code == "PT_SHARED_CONTAINER");
        Assert.Equal(FindingSeverity.Info, note.Severity);
        Assert.Contains("40 such references", note.Message);
    }

    [Fact]
    public async Task Legacy_storage_counts_must_match_the_object()
    {
        var bytes = await File.ReadAllBytesAsync(Fixtures.Path("pytorch/burn_legacy_shared_storage.pt"));
        var broken = (byte[])bytes.Clone();
        broken[545] = 11; // the first storage's element count: 10 → 11
        var ex = await Fails(broken, "PT_RECORD_SIZE", "legacy.pt");
        Assert.Equal(545, ex.Offset);
    }

    [Fact]
    public async Task Legacy_storages_cut_short_are_truncated()
    {
        var bytes = await File.ReadAllBytesAsync(Fixtures.Path("pytorch/burn_legacy_shared_storage.pt"));
        var ex = await Fails(bytes[..^4], "CKPT_TRUNCATED", "legacy.pt");
        Assert.Equal(bytes.Length - 4, ex.Offset);
    }

    [Fact]
    public async Task Legacy_trailing_bytes_are_a_warning()
    {
        var bytes = await File.ReadAllBytesAsync(Fixtures.Path("pytorch/burn_legacy_shared_storage.pt"));
        var cp = await Read([.. bytes, 1, 2, 3], "legacy.pt");
        Assert.Contains(cp.Findings, f => f.Code == "PT_TRAILING_BYTES" && f.Severity == FindingSeverity.Warning && f.Offset == bytes.Length);
    }

    [Fact]
    public async Task Protocol_4_pickles_with_frames_and_memoize_are_read()
    {
        var w = new PickleWriter().Proto(4).Op(0x95).Raw(BitConverter.GetBytes(100L)).StackGlobal("collections", "OrderedDict").Op(0x94).EmptyTuple().Reduce().Op(0x94)
            .Mark().Str("w").Tensor("HalfStorage", "0", 4, 0, [2, 2], [2, 1]).SetItems().Stop();
        var cp = await Read(TorchZipBuilder.Build("archive", w.ToArray(), new Dictionary<string, byte[]> { ["0"] = new byte[8] }));
        Assert.Equal(("w", "F16", "float16"), (cp.Tensors[0].Name, cp.Tensors[0].DType, cp.Tensors[0].FormatDType));
    }
}
