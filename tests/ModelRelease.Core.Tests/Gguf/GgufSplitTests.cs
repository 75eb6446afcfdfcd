using ModelRelease.Core.Checkpoints;
using ModelRelease.Core.Checkpoints.Common;
using ModelRelease.Core.Checkpoints.Gguf;
using ModelRelease.Core.Tests.Support;
using static ModelRelease.Core.Tests.Gguf.GgufLayout;

namespace ModelRelease.Core.Tests.Gguf;

/// <summary>Split GGUF sets (<c>name-00001-of-00003.gguf</c>) written by the test and read back as one checkpoint.</summary>
public class GgufSplitTests
{
    private const string Dir = "models";
    private static string PathOf(int no, int count = 3, string prefix = "tiny") => Path.Combine(Dir, $"{prefix}-{no:D5}-of-{count:D5}.gguf");

    /// <summary>split.* keys as gguf-split writes them (u16, u16, i32); the first split also carries the model's keys.</summary>
    private static GgufBuilder Split(int no, int count = 3, int total = 4, bool first = false)
    {
        var b = new GgufBuilder();
        if (first) b.Kv("general.architecture", "llama").Kv("general.file_type", 1u);
        return b.Kv("split.no", (ushort)no).Kv("split.count", (ushort)count).Kv("split.tensors.count", total);
    }

    private static Dictionary<string, byte[]> Set(Func<int, GgufBuilder>? customize = null)
    {
        GgufBuilder Make(int no) => customize?.Invoke(no) ?? no switch
        {
            0 => Split(0, first: true).Add("token_embd.weight", "F16", 8, 4),
            1 => Split(1).Add("blk.0.attn_q.weight", "F16", 8, 8).Add("blk.0.attn_norm.weight", "F32", 8),
            _ => Split(2).Add("output.weight", "F16", 8, 4),
        };
        return Enumerable.Range(0, 3).ToDictionary(i => PathOf(i + 1), i => Make(i).Build());
    }

    private static Task<Checkpoint> ReadAsync(Dictionary<string, byte[]> set, string? name = null) =>
        BadInput.ReadAsync(name ?? PathOf(1), set[name ?? PathOf(1)], set);

    private static async Task<CheckpointFormatException> FailsAsync(Dictionary<string, byte[]> set, string code, string path, long? offset, string? tensor = null, string? name = null)
    {
        var ex = await Assert.ThrowsAsync<CheckpointFormatException>(() => ReadAsync(set, name));
        Assert.True(code == ex.Code, $"expected {code}, got {ex.Code}: {ex.Message}");
        Assert.Equal(path, ex.FilePath);
        Assert.Equal(offset, ex.Offset);
        Assert.Equal(tensor, ex.Tensor);
        return ex;
    }

    [Fact]
    public async Task A_split_set_written_to_disk_reads_back_as_one_checkpoint()
    {
        var folder = Directory.CreateTempSubdirectory("modelrelease-gguf-split-");
        try
        {
            var set = Set();
            foreach (var (name, bytes) in set) File.WriteAllBytes(Path.Combine(folder.FullName, Path.GetFileName(name)), bytes);
            var first = Path.Combine(folder.FullName, "tiny-00001-of-00003.gguf");

            var ckpt = await new CheckpointInspector().InspectAsync(first, Run.Timeout());

            Assert.Equal(CheckpointFormat.Gguf, ckpt.Format);
            Assert.Equal(first, ckpt.Path);
            var paths = Enumerable.Range(1, 3).Select(i => Path.Combine(folder.FullName, $"tiny-{i:D5}-of-00003.gguf")).ToList();
            Assert.Equal(paths, ckpt.Shards.Select(s => s.Path));
            Assert.Equal(paths.Select(p => new FileInfo(p).Length), ckpt.Shards.Select(s => s.Length));
            Assert.Equal([1, 2, 1], ckpt.Shards.Select(s => s.TensorCount));
            Assert.Equal(paths.Sum(p => new FileInfo(p).Length), ckpt.Length);
            Assert.Equal(["token_embd.weight", "blk.0.attn_q.weight", "blk.0.attn_norm.weight", "output.weight"], ckpt.Tensors.Select(t => t.Name));
            Assert.Equal([paths[0], paths[1], paths[1], paths[2]], ckpt.Tensors.Select(t => t.File));
            Assert.Equal([[4L, 8L], [8L, 8L], [8L], [4L, 8L]], ckpt.Tensors.Select(t => t.Shape.ToArray()));
            Assert.Equal(32 + 64 + 8 + 32, ckpt.ParameterCount);
            Assert.Equal("MOSTLY_F16", ckpt.FileType);
            Assert.Equal("llama", ckpt.Metadata["general.architecture"]);
            Assert.Equal((ushort)3, ckpt.Metadata["split.count"]);
            Assert.Equal(3L, ckpt.FormatVersion);
            Assert.Null(ckpt.DataOffset); // one per split
            Assert.Empty(ckpt.Findings);

            // Offsets are absolute within each split: the first data bytes are each tensor's pattern.
            var indexInSplit = new[] { 0, 0, 1, 0 };
            for (var i = 0; i < ckpt.TensorCount; i++)
            {
                var t = ckpt.Tensors[i];
                var bytes = File.ReadAllBytes(t.File!);
                Assert.Equal(GgufBuilder.Pattern(indexInSplit[i], 0), bytes[t.ByteOffset]);
                Assert.Equal(GgufBuilder.Pattern(indexInSplit[i], t.ByteLength - 1), bytes[t.ByteOffset + t.ByteLength - 1]);
            }
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_missing_split_is_GGUF_SPLIT_MISSING()
    {
        var set = Set();
        set.Remove(PathOf(3));
        var ex = await FailsAsync(set, GgufCodes.SplitMissing, PathOf(1), Value(set[PathOf(1)], "split.count"));
        Assert.Equal(CheckpointErrorKind.NotFound, ex.CheckpointErrorKind);
        Assert.Contains("tiny-00003-of-00003.gguf", ex.Detail);

        set.Remove(PathOf(2));
        ex = await FailsAsync(set, GgufCodes.SplitMissing, PathOf(1), Value(set[PathOf(1)], "split.count"));
        Assert.Contains("2 of the 3 splits", ex.Detail);
    }

    [Fact]
    public async Task A_first_split_whose_name_hides_its_siblings_is_GGUF_SPLIT_MISSING()
    {
        var set = Set();
        set["models/tiny.gguf"] = set[PathOf(1)];
        await FailsAsync(set, GgufCodes.SplitMissing, "models/tiny.gguf", Value(set[PathOf(1)], "split.count"), name: "models/tiny.gguf");
    }

    [Fact]
    public async Task A_non_first_split_reads_alone_with_a_note()
    {
        var set = Set();
        var ckpt = await ReadAsync(set, PathOf(2));
        Assert.Equal(["blk.0.attn_q.weight", "blk.0.attn_norm.weight"], ckpt.Tensors.Select(t => t.Name));
        Assert.Empty(ckpt.Shards);
        Assert.All(ckpt.Tensors, t => Assert.Null(t.File));
        var f = Assert.Single(ckpt.Findings); // no file-type warning: model keys live in the first split
        Assert.Equal((GgufCodes.SplitMember, FindingSeverity.Info), (f.Code, f.Severity));
        Assert.Contains("split 2 of 3", f.Message);
        Assert.Contains("'tiny'", f.Message);
    }

    [Fact]
    public async Task The_first_split_without_following_shards_reads_alone()
    {
        var set = Set();
        using var source = new MemoryByteSource(PathOf(1), set[PathOf(1)]);
        var context = new CheckpointReadContext { Opener = new MemoryByteSourceOpener(set), FollowShards = false };
        var ckpt = await new GgufReader().ReadAsync(source, context, Run.Timeout());
        Assert.Equal(["token_embd.weight"], ckpt.Tensors.Select(t => t.Name));
        Assert.Equal(GgufCodes.SplitMember, Assert.Single(ckpt.Findings).Code);
        Assert.Equal(ckpt.DataOffset + 0, ckpt.Tensors[0].ByteOffset);
    }

    [Fact]
    public async Task A_wrong_split_no_is_GGUF_SPLIT_INDEX_against_that_split()
    {
        var set = Set(no => no switch
        {
            0 => Split(0, first: true).Add("token_embd.weight", "F16", 8, 4),
            1 => Split(2).Add("blk.0.attn_q.weight", "F16", 8, 8).Add("blk.0.attn_norm.weight", "F32", 8),
            _ => Split(2).Add("output.weight", "F16", 8, 4),
        });
        var ex = await FailsAsync(set, GgufCodes.SplitIndex, PathOf(2), Value(set[PathOf(2)], "split.no"));
        Assert.Contains("expected 1", ex.Detail);
    }

    [Fact]
    public async Task A_wrong_split_count_is_GGUF_SPLIT_COUNT()
    {
        var set = Set(no => no switch
        {
            0 => Split(0, first: true).Add("token_embd.weight", "F16", 8, 4),
            1 => Split(1).Add("blk.0.attn_q.weight", "F16", 8, 8).Add("blk.0.attn_norm.weight", "F32", 8),
            _ => Split(2, count: 4).Add("output.weight", "F16", 8, 4),
        });
        await FailsAsync(set, GgufCodes.SplitCount, PathOf(3), Value(set[PathOf(3)], "split.count"));

        // The first split's name and its split.count disagree.
        set = Set();
        set[PathOf(1, count: 4)] = set[PathOf(1)];
        await FailsAsync(set, GgufCodes.SplitCount, PathOf(1, count: 4), Value(set[PathOf(1)], "split.count"), name: PathOf(1, count: 4));
    }

    [Fact]
    public async Task A_wrong_tensor_total_is_GGUF_SPLIT_TENSOR_COUNT()
    {
        var set = Set(no => no switch
        {
            0 => Split(0, total: 5, first: true).Add("token_embd.weight", "F16", 8, 4),
            1 => Split(1, total: 5).Add("blk.0.attn_q.weight", "F16", 8, 8).Add("blk.0.attn_norm.weight", "F32", 8),
            _ => Split(2, total: 5).Add("output.weight", "F16", 8, 4),
        });
        var ex = await FailsAsync(set, GgufCodes.SplitTensorCount, PathOf(1), Value(set[PathOf(1)], "split.tensors.count"));
        Assert.Contains("hold 4 tensors", ex.Detail);
    }

    [Fact]
    public async Task A_tensor_in_two_splits_is_GGUF_SPLIT_DUPLICATE_TENSOR()
    {
        var set = Set(no => no switch
        {
            0 => Split(0, first: true).Add("token_embd.weight", "F16", 8, 4),
            1 => Split(1).Add("blk.0.attn_q.weight", "F16", 8, 8).Add("blk.0.attn_norm.weight", "F32", 8),
            _ => Split(2).Add("blk.0.attn_q.weight", "F16", 8, 8),
        });
        var ex = await FailsAsync(set, GgufCodes.SplitDuplicateTensor, PathOf(3), Info(set[PathOf(3)], "blk.0.attn_q.weight"), "blk.0.attn_q.weight");
        Assert.Contains("tiny-00002-of-00003.gguf", ex.Detail);
    }

    [Fact]
    public async Task Split_keys_out_of_range_are_errors_even_for_a_single_file()
    {
        var file = Split(3).Add("x.weight", "F32", 2).Build();
        await FailsAsync(new() { ["a.gguf"] = file }, GgufCodes.SplitIndex, "a.gguf", Value(file, "split.no"), name: "a.gguf");

        file = Split(0, count: 0).Add("x.weight", "F32", 2).Build();
        await FailsAsync(new() { ["a.gguf"] = file }, GgufCodes.SplitCount, "a.gguf", Value(file, "split.count"), name: "a.gguf");

        file = new GgufBuilder().Kv("split.no", "zero").Kv("split.count", (ushort)2).Build();
        await FailsAsync(new() { ["a.gguf"] = file }, GgufCodes.SplitIndex, "a.gguf", Value(file, "split.no"), name: "a.gguf");
    }

    [Fact]
    public async Task Split_keys_of_other_integer_types_are_read_with_a_warning()
    {
        var set = Set(no =>
        {
            var b = new GgufBuilder();
            if (no == 0) b.Kv("general.architecture", "llama").Kv("general.file_type", 1u);
            b.Kv("split.no", (uint)no).Kv("split.count", (ushort)3);
            if (no == 0) b.Kv("split.tensors.count", 4);
            return no switch
            {
                0 => b.Add("token_embd.weight", "F16", 8, 4),
                1 => b.Add("blk.0.attn_q.weight", "F16", 8, 8).Add("blk.0.attn_norm.weight", "F32", 8),
                _ => b.Add("output.weight", "F16", 8, 4),
            };
        });
        var ckpt = await ReadAsync(set);
        Assert.Equal(4, ckpt.TensorCount);
        Assert.Equal(3, ckpt.Findings.Count(f => f.Code == GgufCodes.SplitKeyType));
        Assert.Equal([PathOf(1), PathOf(2), PathOf(3)], ckpt.Findings.Select(f => f.Path));
    }

    [Fact]
    public async Task A_missing_tensor_total_is_a_warning()
    {
        var set = Set(no =>
        {
            var b = new GgufBuilder().Kv("general.file_type", 1u).Kv("split.no", (ushort)no).Kv("split.count", (ushort)3);
            return no switch
            {
                0 => b.Add("token_embd.weight", "F16", 8, 4),
                1 => b.Add("blk.0.attn_q.weight", "F16", 8, 8),
                _ => b.Add("output.weight", "F16", 8, 4),
            };
        });
        var ckpt = await ReadAsync(set);
        var f = Assert.Single(ckpt.Findings);
        Assert.Equal((GgufCodes.SplitTensorCount, FindingSeverity.Warning), (f.Code, f.Severity));
    }

    [Fact]
    public async Task A_first_split_without_tensors_is_fine()
    {
        var set = Set(no => no switch
        {
            0 => Split(0, total: 3, first: true),
            1 => Split(1, total: 3).Add("blk.0.attn_q.weight", "F16", 8, 8).Add("blk.0.attn_norm.weight", "F32", 8),
            _ => Split(2, total: 3).Add("output.weight", "F16", 8, 4),
        });
        var ckpt = await ReadAsync(set);
        Assert.Equal([0, 2, 1], ckpt.Shards.Select(s => s.TensorCount));
        Assert.Equal(104, ckpt.ParameterCount);
        Assert.Empty(ckpt.Findings);
    }

    [Fact]
    public async Task Damaged_first_splits_give_typed_errors()
    {
        var set = Set();
        var first = set[PathOf(1)];
        var siblings = set.Where(kv => kv.Key != PathOf(1)).ToDictionary();
        var cuts = await BadInput.TruncationsAsync(PathOf(1), first, siblings);
        Assert.All(cuts.Codes.Keys, c => Assert.Contains(c, GgufBadInputTests.AllowedCodes));
        var flips = await BadInput.FlipsAsync(PathOf(1), first, first.Length - 64, count: 300, seed: 9, siblings: siblings);
        Assert.Equal(flips.Cases, flips.Typed + flips.Read);
        Assert.All(flips.Codes.Keys, c => Assert.Contains(c, GgufBadInputTests.AllowedCodes));
    }

    [Fact]
    public async Task Sets_above_the_shard_limit_are_GGUF_SPLIT_COUNT()
    {
        var set = Set();
        using var source = new MemoryByteSource(PathOf(1), set[PathOf(1)]);
        var context = new CheckpointReadContext { Opener = new MemoryByteSourceOpener(set), Limits = CheckpointReaderLimits.Default with { MaxShards = 2 } };
        var ex = await Assert.ThrowsAsync<CheckpointFormatException>(() => new GgufReader().ReadAsync(source, context, Run.Timeout()));
        Assert.Equal((GgufCodes.SplitCount, Value(set[PathOf(1)], "split.count")), (ex.Code, ex.Offset!.Value));
    }
}
