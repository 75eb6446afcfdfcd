using ModelRelease.Core.Checkpoints;
using ModelRelease.Core.Tests.Support;

namespace ModelRelease.Core.Tests.Services;

/// <summary>Which files a folder stands for, and the one checkpoint a path names.</summary>
public sealed class CheckpointFilesTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mr-ckpt-files-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    [Fact]
    public void A_folder_without_checkpoints_is_an_error_naming_the_folder_not_an_empty_list()
    {
        File.WriteAllText(Path.Combine(_dir, "config.json"), "{}");
        var ex = Assert.Throws<CheckpointFormatException>(() => CheckpointFiles.ExpandOne(_dir));
        Assert.Equal((CheckpointFiles.NoCheckpoints, "CheckpointNotFound", _dir), (ex.Code, ex.ErrorId, (string)ex.Target!));
        Assert.Equal(ErrorKind.NotFound, ex.Kind);
        Assert.Contains("*.safetensors", ex.Message);
        Assert.Throws<CheckpointFormatException>(() => CheckpointFiles.Expand([_dir]).ToList());
    }

    [Fact]
    public void A_folder_stands_for_its_checkpoint_files_in_ordinal_order_and_a_file_for_itself()
    {
        foreach (var name in new[] { "b.gguf", "a.safetensors", "notes.txt", "c.pt" }) File.WriteAllBytes(Path.Combine(_dir, name), [1]);
        Assert.Equal(["a.safetensors", "b.gguf", "c.pt"], CheckpointFiles.ExpandOne(_dir).Select(Path.GetFileName));
        var missing = Path.Combine(_dir, "missing.gguf");
        Assert.Equal([missing], CheckpointFiles.ExpandOne(missing));
    }

    [Fact]
    public async Task One_checkpoint_from_a_folder_counts_a_sharded_set_once_and_refuses_several()
    {
        var sharded = Path.GetDirectoryName(Fixtures.Path("safetensors/fluxml_sharded/model.safetensors.index.json"))!;
        var set = await new CheckpointInspector().InspectOneAsync(sharded, Run.Timeout());
        Assert.Equal(6, set.Shards.Count);

        File.Copy(Fixtures.Path("gguf/basic-types.gguf"), Path.Combine(_dir, "a.gguf"));
        File.Copy(Fixtures.Path("onnx/tiny_mlp.onnx"), Path.Combine(_dir, "b.onnx"));
        var ex = await Assert.ThrowsAsync<CheckpointFormatException>(() => new CheckpointInspector().InspectOneAsync(_dir, Run.Timeout()));
        Assert.Equal(("CKPT_AMBIGUOUS", _dir), (ex.Code, ex.FilePath));
        Assert.Contains("a.gguf, b.onnx", ex.Message);
    }

    [Fact]
    public void A_verdict_passes_only_when_something_was_checked_and_nothing_failed()
    {
        var none = new CheckVerdict();
        Assert.False(none.Passed);
        var good = new CheckVerdict();
        good.Add(true);
        good.Add(true);
        Assert.True(good.Passed);
        var unreadable = new CheckVerdict();
        unreadable.Add(true);
        unreadable.AddUnreadable();
        Assert.False(unreadable.Passed);
        var bad = new CheckVerdict();
        bad.Add(false);
        Assert.Equal((1, false), (bad.Checked, bad.Passed));
    }
}
