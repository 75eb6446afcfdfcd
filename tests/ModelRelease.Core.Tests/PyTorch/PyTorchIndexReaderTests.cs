using ModelRelease.Core.Checkpoints;
using ModelRelease.Core.Checkpoints.Parameters;
using ModelRelease.Core.Checkpoints.PyTorch;
using ModelRelease.Core.Tests.Operations;
using ModelRelease.Core.Tests.Support;

namespace ModelRelease.Core.Tests.PyTorch;

/// <summary>pytorch_model.bin.index.json: the set through its index, each shard through the allow-list.</summary>
public sealed class PyTorchIndexReaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mr-pt-index-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    [Fact]
    public async Task A_sharded_pytorch_checkpoint_is_one_checkpoint_with_every_shard()
    {
        var index = ReleaseFolders.ShardedPyTorch(_dir);
        var checkpoint = await new CheckpointInspector().InspectAsync(index, Run.Timeout());
        Assert.Equal((CheckpointFormat.PyTorch, 3, 15L), (checkpoint.Format, checkpoint.TensorCount, checkpoint.ParameterCount));
        Assert.Equal([ReleaseFolders.Shard1, ReleaseFolders.Shard2], checkpoint.Shards.Select(s => Path.GetFileName(s.Path)));
        Assert.Equal(Path.Combine(_dir, ReleaseFolders.Shard2), checkpoint.Tensors.Single(t => t.Name == "c").File);
        // Storage "0" of each shard is its own storage: nothing is counted as shared across shards.
        Assert.Equal(15, ParameterCounter.Measure(checkpoint).Unique);
        Assert.Equal(3, checkpoint.Storages.Select(s => s.Key).Distinct().Count());
        Assert.DoesNotContain(checkpoint.Findings, f => f.Code == PyTorchIndexCodes.TotalSize); // 15 float32 = 60 bytes, as declared
    }

    [Fact]
    public async Task Inspecting_the_folder_yields_the_set_once()
    {
        ReleaseFolders.ShardedPyTorch(_dir);
        var results = new List<CheckpointReadResult>();
        await foreach (var r in new CheckpointInspector().InspectManyAsync(CheckpointFiles.ExpandOne(_dir), Run.Timeout())) results.Add(r);
        var one = Assert.Single(results);
        Assert.Equal("pytorch_model.bin.index.json", Path.GetFileName(one.Path));
    }

    [Fact]
    public async Task A_hostile_shard_is_refused_like_a_hostile_file()
    {
        var index = ReleaseFolders.ShardedPyTorch(_dir);
        ReleaseFolders.Hostile(_dir, ReleaseFolders.Shard2);
        var ex = await Assert.ThrowsAsync<CheckpointFormatException>(() => new CheckpointInspector().InspectAsync(index, Run.Timeout()));
        Assert.Equal(("PT_UNSAFE_GLOBAL", CheckpointErrorKind.Unsafe), (ex.Code, ex.CheckpointErrorKind));
        Assert.Contains("os.system", ex.Message);
    }

    [Fact]
    public async Task The_index_is_checked_against_the_shards()
    {
        var index = ReleaseFolders.ShardedPyTorch(_dir);
        File.WriteAllText(index, $"{{\"weight_map\": {{\"a\": \"{ReleaseFolders.Shard2}\", \"b\": \"{ReleaseFolders.Shard1}\", \"c\": \"{ReleaseFolders.Shard2}\"}}}}");
        var wrong = await Assert.ThrowsAsync<CheckpointFormatException>(() => new CheckpointInspector().InspectAsync(index, Run.Timeout()));
        Assert.Equal((PyTorchIndexCodes.TensorNotInShard, "a"), (wrong.Code, wrong.Tensor));

        File.WriteAllText(index, $"{{\"weight_map\": {{\"a\": \"{ReleaseFolders.Shard1}\", \"c\": \"{ReleaseFolders.Shard2}\"}}}}");
        var unmapped = await Assert.ThrowsAsync<CheckpointFormatException>(() => new CheckpointInspector().InspectAsync(index, Run.Timeout()));
        Assert.Equal((PyTorchIndexCodes.UnmappedTensor, "b"), (unmapped.Code, unmapped.Tensor));

        File.Delete(Path.Combine(_dir, ReleaseFolders.Shard2));
        File.WriteAllText(index, $"{{\"weight_map\": {{\"c\": \"{ReleaseFolders.Shard2}\"}}}}");
        var missing = await Assert.ThrowsAsync<CheckpointFormatException>(() => new CheckpointInspector().InspectAsync(index, Run.Timeout()));
        Assert.Equal((PyTorchIndexCodes.MissingShard, CheckpointErrorKind.NotFound), (missing.Code, missing.CheckpointErrorKind));

        File.WriteAllText(index, "{\"weight_map\": {\"c\": \"../outside.bin\"}}");
        var climbing = await Assert.ThrowsAsync<CheckpointFormatException>(() => new CheckpointInspector().InspectAsync(index, Run.Timeout()));
        Assert.Equal(CheckpointErrorKind.Unsafe, climbing.CheckpointErrorKind);

        File.WriteAllText(index, "{\"weight_map\": {}}");
        Assert.Equal(PyTorchIndexCodes.Empty, (await Assert.ThrowsAsync<CheckpointFormatException>(() => new CheckpointInspector().InspectAsync(index, Run.Timeout()))).Code);
    }
}
