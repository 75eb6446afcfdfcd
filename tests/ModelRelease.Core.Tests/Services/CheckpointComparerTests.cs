using ModelRelease.Core.Checkpoints.Comparison;

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
}
