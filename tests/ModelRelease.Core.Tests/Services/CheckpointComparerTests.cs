using System.IO.Hashing;
using ModelRelease.Core.Checkpoints.Comparison;
using ModelRelease.Core.Hashing;

namespace ModelRelease.Core.Tests.Services;

public class CheckpointComparerTests
{
    [Fact]
    public async Task Layout_changes_imply_major_and_value_changes_minor()
    {
        using var a = new SyntheticCheckpoint();
        using var b = new SyntheticCheckpoint();
        var left = a.Add("keep", "F32", [2], SyntheticCheckpoint.F32(1, 2))
                    .Add("tweak", "F32", [2], SyntheticCheckpoint.F32(1, 2))
                    .Add("grow", "F32", [2], SyntheticCheckpoint.F32(1, 2))
                    .Add("cast", "F32", [2], SyntheticCheckpoint.F32(1, 2))
                    .Add("gone", "F32", [1], SyntheticCheckpoint.F32(1)).Write();
        var right = b.Add("keep", "F32", [2], SyntheticCheckpoint.F32(1, 2))
                     .Add("tweak", "F32", [2], SyntheticCheckpoint.F32(1, 2.5f))
                     .Add("grow", "F32", [3], SyntheticCheckpoint.F32(1, 2, 3))
                     .Add("cast", "F16", [2], SyntheticCheckpoint.F16(1, 2))
                     .Add("new", "F32", [1], SyntheticCheckpoint.F32(1)).Write();

        var layoutOnly = await new CheckpointComparer().CompareAsync(left, right, compareContent: false);
        Assert.Equal(["new"], layoutOnly.Added);
        Assert.Equal(["gone"], layoutOnly.Removed);
        Assert.Equal("grow", Assert.Single(layoutOnly.Reshaped).Name);
        Assert.Equal(("F32", "F16"), (Assert.Single(layoutOnly.Retyped).ReferenceDType, layoutOnly.Retyped[0].DifferenceDType));
        Assert.Empty(layoutOnly.ContentChanged);
        Assert.Equal(VersionBump.Major, layoutOnly.ImpliedBump);

        var withContent = await new CheckpointComparer().CompareAsync(left, right, compareContent: true);
        var changed = Assert.Single(withContent.ContentChanged);
        Assert.Equal("tweak", changed.Name);
        Assert.NotEqual(changed.ReferenceFingerprint, changed.DifferenceFingerprint);
        Assert.Equal(1, withContent.UnchangedCount);
    }

    [Fact]
    public async Task Same_layout_different_values_is_minor_and_identical_is_none()
    {
        using var a = new SyntheticCheckpoint();
        using var b = new SyntheticCheckpoint();
        using var c = new SyntheticCheckpoint(headerBytes: 40); // same tensors at other offsets: still identical
        var left = a.Add("w", "F32", [2], SyntheticCheckpoint.F32(1, 2)).Write();
        var right = b.Add("w", "F32", [2], SyntheticCheckpoint.F32(1, 3)).Write();
        var same = c.Add("w", "F32", [2], SyntheticCheckpoint.F32(1, 2)).Write();
        Assert.Equal(VersionBump.Minor, (await new CheckpointComparer().CompareAsync(left, right, true)).ImpliedBump);
        var none = await new CheckpointComparer().CompareAsync(left, same, true);
        Assert.Equal(VersionBump.None, none.ImpliedBump);
        Assert.True(none.IsIdentical);
    }

    [Theory]
    [InlineData("reshaped", VersionBump.Major)]
    [InlineData("retyped", VersionBump.Major)]
    [InlineData("added", VersionBump.Minor)]
    public async Task Each_kind_of_change_alone_implies_its_bump(string kind, VersionBump bump)
    {
        using var a = new SyntheticCheckpoint();
        using var b = new SyntheticCheckpoint();
        var left = a.Add("keep", "F32", [2], SyntheticCheckpoint.F32(1, 2)).Add("w", "F32", [2], SyntheticCheckpoint.F32(1, 2)).Write();
        b.Add("keep", "F32", [2], SyntheticCheckpoint.F32(1, 2));
        _ = kind switch
        {
            "reshaped" => b.Add("w", "F32", [3], SyntheticCheckpoint.F32(1, 2, 3)),
            "retyped" => b.Add("w", "F16", [2], SyntheticCheckpoint.F16(1, 2)),
            _ => b.Add("w", "F32", [2], SyntheticCheckpoint.F32(1, 2)).Add("head", "F32", [2], SyntheticCheckpoint.F32(3, 4)),
        };

        var comparison = await new CheckpointComparer().CompareAsync(left, b.Write(), compareContent: true);

        Assert.Equal((kind == "reshaped" ? 1 : 0, kind == "retyped" ? 1 : 0, kind == "added" ? 1 : 0), (comparison.Reshaped.Count, comparison.Retyped.Count, comparison.Added.Count));
        Assert.Empty(comparison.Removed);
        Assert.Empty(comparison.ContentChanged);
        Assert.Equal(bump, comparison.ImpliedBump);
    }

    [Fact]
    public async Task Dtypes_are_compared_by_canonical_name_not_by_the_formats_spelling()
    {
        using var a = new SyntheticCheckpoint();
        var left = a.Add("w", "F32", [2], SyntheticCheckpoint.F32(1, 2)).Write();
        var torch = left with { Format = CheckpointFormat.PyTorch, Tensors = [left.Tensors[0] with { FormatDType = "float32" }] };
        var onnx = left with { Format = CheckpointFormat.Onnx, Tensors = [left.Tensors[0] with { DType = "F16", FormatDType = "FLOAT16" }] };

        var same = await new CheckpointComparer().CompareAsync(left, torch, compareContent: true);
        Assert.Empty(same.Retyped);
        Assert.Equal(VersionBump.Patch, same.ImpliedBump); // only the format differs

        var other = await new CheckpointComparer().CompareAsync(torch, onnx, compareContent: false);
        var change = Assert.Single(other.Retyped);
        Assert.Equal(("F32", "F16", "float32", "FLOAT16"), (change.ReferenceDType, change.DifferenceDType, change.ReferenceFormatDType, change.DifferenceFormatDType));
        Assert.Equal(VersionBump.Major, other.ImpliedBump);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task A_one_byte_change_in_one_tensor_is_found_and_only_that_tensor(int seed)
    {
        var rng = new Random(seed);
        var tensors = Enumerable.Range(0, 12).Select(i => (Name: $"layers.{i}.weight", Bytes: RandomBytes(rng, 4 * rng.Next(1, 5000)))).ToList();
        var changed = rng.Next(tensors.Count);
        var at = rng.Next(tensors[changed].Bytes.Length);
        using var a = new SyntheticCheckpoint();
        using var b = new SyntheticCheckpoint(headerBytes: 100); // same tensors elsewhere in the file
        foreach (var (name, bytes) in tensors)
        {
            a.Add(name, "F32", [bytes.Length / 4], bytes);
            var copy = (byte[])bytes.Clone();
            if (name == tensors[changed].Name) copy[at] ^= (byte)rng.Next(1, 256);
            b.Add(name, "F32", [bytes.Length / 4], copy);
        }
        var left = a.Write();
        var right = b.Write();

        var comparison = await new CheckpointComparer().CompareAsync(left, right, compareContent: true);

        var change = Assert.Single(comparison.ContentChanged);
        Assert.Equal(tensors[changed].Name, change.Name);
        Assert.Equal(tensors.Count - 1, comparison.UnchangedCount);
        Assert.Equal(VersionBump.Minor, comparison.ImpliedBump);
        Assert.Equal(Convert.ToHexString(XxHash128.Hash(tensors[changed].Bytes)).ToLowerInvariant(), change.ReferenceFingerprint);
        Assert.Matches("^[0-9a-f]{32}$", change.DifferenceFingerprint!);
        Assert.NotEqual(change.ReferenceFingerprint, change.DifferenceFingerprint);
    }

    [Theory]
    [InlineData(7)]
    [InlineData(4096)]
    [InlineData(1 << 20)]
    public async Task The_fingerprint_is_the_XxHash128_of_the_range_whatever_the_block_size(int blockSize)
    {
        var bytes = RandomBytes(new Random(blockSize), 50_000);
        var path = Path.Combine(Path.GetTempPath(), "mr-fp-" + Guid.NewGuid().ToString("N"));
        await File.WriteAllBytesAsync(path, bytes);
        try
        {
            using var handle = File.OpenHandle(path);
            long reported = 0;
            var fp = await new XxHash128Fingerprint { BlockSize = blockSize }.ComputeAsync(handle, 123, 40_000, new SyncProgress<long>(n => reported += n), default);
            Assert.Equal(Convert.ToHexString(XxHash128.Hash(bytes.AsSpan(123, 40_000))).ToLowerInvariant(), fp);
            Assert.Equal(40_000, reported);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static byte[] RandomBytes(Random rng, int n)
    {
        var bytes = new byte[n];
        rng.NextBytes(bytes);
        return bytes;
    }
}
