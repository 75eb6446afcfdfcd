using ModelRelease.Core.Checkpoints;
using ModelRelease.Core.Checkpoints.Common;
using ModelRelease.Core.Checkpoints.Onnx;
using ModelRelease.Core.Checkpoints.Parameters;
using ModelRelease.Core.Tests.Support;

namespace ModelRelease.Core.Tests.Onnx;

/// <summary>
/// Issue 9, ONNX classes: element counts that overflow when added, and external-data locations that try to leave the
/// model's folder (a NUL, a folder that is a link to /etc, a link loop). Every case is a checkpoint or a typed error naming
/// the file, the tensor and the location; the real file system cases run in a temporary folder that is deleted after.
/// </summary>
public sealed class OnnxHostileTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("modelrelease-onnx-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task Two_huge_initializers_of_unknown_type_are_a_warning_not_an_overflow()
    {
        var (cp, error) = await BadInput.TryReadAsync("huge.onnx", HostileFiles.OnnxUnknownTypeHugeShapes(), "huge shapes");
        Assert.Null(error);
        Assert.Equal(long.MaxValue, cp!.ParameterCount);
        var warning = Assert.Single(cp.Findings, f => f.Code == CheckpointCodes.ParameterOverflow);
        Assert.Equal((FindingSeverity.Warning, "t1"), (warning.Severity, warning.Tensor));
        var ex = Assert.Throws<CheckpointFormatException>(() => ParameterCounter.Measure(cp));
        Assert.Equal((CheckpointCodes.ParameterOverflow, "huge.onnx"), (ex.Code, ex.FilePath));
    }

    [Fact]
    public async Task Typed_data_whose_size_overflows_is_a_size_mismatch()
    {
        // float_data of 8 bytes for 2^62 elements of an unknown type: 2^62 × 4 bytes overflows, so it can never match.
        var tensor = new ProtoWriter().Int(1, 1L << 62).Int(2, 99).Str(8, "c").Bytes(4, new byte[8]);
        var (_, error) = await BadInput.TryReadAsync("c.onnx", ProtoWriter.Model(tensor), "overflowing typed data");
        Assert.Equal((OnnxCodes.SizeMismatch, "c"), (error?.Code, error?.Tensor));
    }

    [Theory]
    [InlineData("w\0.bin")]
    [InlineData("\0")]
    [InlineData("sub/\u0001x.bin")]
    [InlineData("a\nb.bin")]
    public async Task A_location_with_a_control_character_is_refused_naming_the_tensor(string location)
    {
        var (_, error) = await BadInput.TryReadAsync("m.onnx", HostileFiles.OnnxExternal(location), "control character",
            new Dictionary<string, byte[]> { [location] = new byte[16] });
        Assert.Equal((OnnxCodes.ExternalPath, "w"), (error?.Code, error?.Tensor));
        Assert.Contains("control character", error!.Detail);
    }

    private string Model(string folder, string location)
    {
        var path = Path.Combine(folder, "model.onnx");
        File.WriteAllBytes(path, HostileFiles.OnnxExternal(location));
        return path;
    }

    private static async Task<CheckpointFormatException> RefusedAsync(string path)
    {
        var ex = await Assert.ThrowsAsync<CheckpointFormatException>(() => new CheckpointInspector().InspectAsync(path, Run.Timeout()));
        Assert.Equal((OnnxCodes.ExternalPath, "w", path), (ex.Code, ex.Tensor, ex.FilePath));
        return ex;
    }

    [Fact]
    public async Task A_folder_that_is_a_link_out_of_the_model_folder_is_refused()
    {
        var model = Directory.CreateDirectory(Path.Combine(_root, "model")).FullName;
        var outside = Directory.CreateDirectory(Path.Combine(_root, "outside")).FullName;
        File.WriteAllBytes(Path.Combine(outside, "passwd"), new byte[16]);
        Directory.CreateSymbolicLink(Path.Combine(model, "etcdir"), outside);
        var ex = await RefusedAsync(Model(model, "etcdir/passwd"));
        Assert.Contains("symbolic link", ex.Detail);
        Assert.Contains(Path.Combine(outside, "passwd"), ex.Detail);
    }

    [Fact]
    public async Task A_link_to_etc_is_refused_like_any_other()
    {
        var model = Directory.CreateDirectory(Path.Combine(_root, "etc-model")).FullName;
        Directory.CreateSymbolicLink(Path.Combine(model, "etcdir"), "/etc");
        await RefusedAsync(Model(model, "etcdir/passwd"));
    }

    [Fact]
    public async Task Links_two_levels_deep_and_relative_links_that_climb_out_are_refused()
    {
        var model = Directory.CreateDirectory(Path.Combine(_root, "deep", "model")).FullName;
        var outside = Directory.CreateDirectory(Path.Combine(_root, "deep", "secrets")).FullName;
        File.WriteAllBytes(Path.Combine(outside, "w.bin"), new byte[16]);
        Directory.CreateDirectory(Path.Combine(model, "a"));
        Directory.CreateSymbolicLink(Path.Combine(model, "a", "b"), "../../secrets"); // relative, resolved from a/
        await RefusedAsync(Model(model, "a/b/w.bin"));
        File.CreateSymbolicLink(Path.Combine(model, "direct.bin"), Path.Combine(outside, "w.bin"));
        await RefusedAsync(Model(model, "direct.bin"));
    }

    [Fact]
    public async Task A_link_loop_is_refused_not_followed_forever()
    {
        var model = Directory.CreateDirectory(Path.Combine(_root, "loop")).FullName;
        Directory.CreateSymbolicLink(Path.Combine(model, "x"), Path.Combine(model, "y"));
        Directory.CreateSymbolicLink(Path.Combine(model, "y"), Path.Combine(model, "x"));
        var ex = await RefusedAsync(Model(model, "x/w.bin"));
        Assert.Contains("symbolic links", ex.Detail);
    }

    [Fact]
    public async Task A_link_that_stays_inside_the_model_folder_is_followed()
    {
        var model = Directory.CreateDirectory(Path.Combine(_root, "inside")).FullName;
        var shards = Directory.CreateDirectory(Path.Combine(model, "shards")).FullName;
        File.WriteAllBytes(Path.Combine(shards, "w.bin"), new byte[16]);
        Directory.CreateSymbolicLink(Path.Combine(model, "data"), "shards");
        var cp = await new CheckpointInspector().InspectAsync(Model(model, "data/w.bin"), Run.Timeout());
        var t = Assert.Single(cp.Tensors);
        Assert.Equal((16L, Path.Combine(model, "data", "w.bin")), (t.ByteLength, t.File));
    }

    [Fact]
    public async Task A_model_folder_reached_through_a_link_still_reads_its_own_files()
    {
        var real = Directory.CreateDirectory(Path.Combine(_root, "real")).FullName;
        File.WriteAllBytes(Path.Combine(real, "w.bin"), new byte[16]);
        var alias = Path.Combine(_root, "alias");
        Directory.CreateSymbolicLink(alias, real);
        Model(real, "w.bin");
        var cp = await new CheckpointInspector().InspectAsync(Path.Combine(alias, "model.onnx"), Run.Timeout());
        Assert.Equal(16L, Assert.Single(cp.Tensors).ByteLength);
    }

    [Fact]
    public async Task Random_locations_are_read_or_refused_never_thrown()
    {
        var rng = new Random(31);
        const string alphabet = "ab/\\.:\0\u0001 ~_-*?|<>\"";
        var refused = 0;
        for (var c = 0; c < 300; c++)
        {
            var location = new string(Enumerable.Range(0, rng.Next(1, 12)).Select(_ => alphabet[rng.Next(alphabet.Length)]).ToArray());
            var (_, error) = await BadInput.TryReadAsync("m.onnx", HostileFiles.OnnxExternal(location), $"location '{location}'",
                new Dictionary<string, byte[]> { [location] = new byte[16] });
            if (error is not null) refused++;
        }
        Assert.True(refused > 0);
    }
}
