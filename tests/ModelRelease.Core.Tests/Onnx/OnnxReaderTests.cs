using ModelRelease.Core.Tests.Support;

namespace ModelRelease.Core.Tests.Onnx;

public class OnnxReaderTests
{
    [Fact]
    public async Task The_fixture_matches_the_manifest()
    {
        var path = Fixtures.Path("onnx/tiny_mlp.onnx");
        var cp = await new Checkpoints.CheckpointInspector().InspectAsync(path, Run.Timeout());
        var gt = Fixtures.Entry("onnx/tiny_mlp.onnx").GetProperty("ground_truth");
        Assert.Equal(CheckpointFormat.Onnx, cp.Format);
        Assert.Equal(gt.GetProperty("ir_version").GetInt64(), cp.FormatVersion);
        Assert.Equal(gt.GetProperty("initializer_count").GetInt32(), cp.TensorCount);
        Assert.Equal(gt.GetProperty("total_elements").GetInt64(), cp.ParameterCount);
        Assert.Equal(gt.GetProperty("graph_name").GetString(), cp.Metadata["graph_name"]);
        Assert.Equal(gt.GetProperty("producer")[0].GetString(), cp.Metadata["producer_name"]);
        Assert.Equal(gt.GetProperty("producer")[1].GetString(), cp.Metadata["producer_version"]);
        foreach (var opset in gt.GetProperty("opset_imports").EnumerateObject()) Assert.Equal(opset.Value.GetInt64(), cp.Metadata["opset." + opset.Name]);
        var bytes = await File.ReadAllBytesAsync(path);
        foreach (var (t, e) in cp.Tensors.Zip(gt.GetProperty("initializers").EnumerateArray()))
        {
            Assert.Equal(e.GetProperty("name").GetString(), t.Name);
            Assert.Equal(e.GetProperty("data_type").GetString(), t.FormatDType);
            Assert.Equal("F32", t.DType); // every initializer of the fixture is FLOAT
            Assert.Equal(e.GetProperty("dims").EnumerateArray().Select(d => d.GetInt64()), t.Shape);
            Assert.Equal(e.GetProperty("n_elements").GetInt64(), t.ElementCount);
            // the byte range is the raw data: decoding it gives the manifest's sum
            var sum = Enumerable.Range(0, (int)t.ElementCount).Sum(i => (double)BitConverter.ToSingle(bytes, (int)t.ByteOffset + 4 * i));
            Assert.Equal(e.GetProperty("sum").GetDouble(), sum, 1e-5);
            Assert.Equal(4 * t.ElementCount, t.ByteLength);
        }
    }

    [Fact]
    public async Task External_data_is_located_and_checked()
    {
        var model = ProtoWriter.Model(ProtoWriter.External("w", 1, [2, 3], "weights.bin", offset: 8, length: 24));
        var cp = await BadInput.ReadAsync("m.onnx", model, new Dictionary<string, byte[]> { ["weights.bin"] = new byte[40] });
        var t = Assert.Single(cp.Tensors);
        Assert.Equal(("weights.bin", 8L, 24L, 6L), (t.File, t.ByteOffset, t.ByteLength, t.ElementCount));
    }

    [Theory]
    [InlineData("../secrets.bin")]
    [InlineData("sub/../../x.bin")]
    [InlineData("/etc/passwd")]
    [InlineData("C:\\Windows\\x.bin")]
    [InlineData("")]
    public async Task External_data_outside_the_model_folder_is_refused(string location)
    {
        var model = ProtoWriter.Model(ProtoWriter.External("w", 1, [2], location));
        var ex = await Assert.ThrowsAsync<CheckpointFormatException>(() => BadInput.ReadAsync("m.onnx", model, new Dictionary<string, byte[]> { ["../secrets.bin"] = new byte[8] }));
        Assert.Equal("ONNX_EXTERNAL_PATH", ex.Code);
        Assert.Equal("w", ex.Tensor);
    }

    [Fact]
    public async Task Missing_and_short_external_files_are_typed_errors()
    {
        var missing = ProtoWriter.Model(ProtoWriter.External("w", 1, [2], "nope.bin"));
        Assert.Equal("ONNX_EXTERNAL_MISSING", (await Assert.ThrowsAsync<CheckpointFormatException>(() => BadInput.ReadAsync("m.onnx", missing))).Code);
        var shortFile = ProtoWriter.Model(ProtoWriter.External("w", 1, [4], "w.bin", offset: 0, length: 16));
        Assert.Equal("CKPT_TRUNCATED", (await Assert.ThrowsAsync<CheckpointFormatException>(() => BadInput.ReadAsync("m.onnx", shortFile, new Dictionary<string, byte[]> { ["w.bin"] = new byte[10] }))).Code);
    }

    [Fact]
    public async Task Raw_data_of_the_wrong_size_names_the_tensor()
    {
        var model = ProtoWriter.Model(ProtoWriter.Tensor("w", 1, [3], new byte[8]));
        var ex = await Assert.ThrowsAsync<CheckpointFormatException>(() => BadInput.ReadAsync("m.onnx", model));
        Assert.Equal(("ONNX_SIZE_MISMATCH", "w"), (ex.Code, ex.Tensor));
    }

    [Fact]
    public async Task Sub_byte_types_are_packed()
    {
        var cp = await BadInput.ReadAsync("m.onnx", ProtoWriter.Model(ProtoWriter.Tensor("q", 22, [5], new byte[3])));
        Assert.Equal(("I4", "INT4", 5L, 3L), (cp.Tensors[0].DType, cp.Tensors[0].FormatDType, cp.Tensors[0].ElementCount, cp.Tensors[0].ByteLength));
    }

    [Fact]
    public async Task Negative_dims_duplicate_names_and_missing_graphs_are_refused()
    {
        Assert.Equal("ONNX_DIMS", (await Assert.ThrowsAsync<CheckpointFormatException>(() => BadInput.ReadAsync("m.onnx", ProtoWriter.Model(ProtoWriter.Tensor("w", 1, [-2], []))))).Code);
        Assert.Equal("ONNX_DUPLICATE_NAME", (await Assert.ThrowsAsync<CheckpointFormatException>(() => BadInput.ReadAsync("m.onnx", ProtoWriter.Model(ProtoWriter.Tensor("w", 1, [1], new byte[4]), ProtoWriter.Tensor("w", 1, [1], new byte[4]))))).Code);
        Assert.Equal("ONNX_NO_GRAPH", (await Assert.ThrowsAsync<CheckpointFormatException>(() => BadInput.ReadAsync("m.onnx", new ProtoWriter().Int(1, 8).ToArray()))).Code);
    }

    [Fact]
    public async Task A_varint_of_eleven_bytes_is_refused()
    {
        var bytes = new byte[] { 0x08, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01 };
        Assert.Equal("ONNX_VARINT", (await Assert.ThrowsAsync<CheckpointFormatException>(() => BadInput.ReadAsync("m.onnx", bytes))).Code);
    }

    [Fact]
    public async Task Raw_data_is_skipped_not_read()
    {
        var model = ProtoWriter.Model(ProtoWriter.Tensor("big", 1, [1 << 20], new byte[4 << 20]));
        using var source = new Checkpoints.Common.MemoryByteSource("m.onnx", model);
        var cp = await new Checkpoints.CheckpointInspector().InspectAsync(source);
        Assert.Equal(1 << 20, cp.ParameterCount);
        Assert.True(source.BytesRead < 16_384, $"read {source.BytesRead} bytes");
    }

    [Fact]
    public async Task Truncations_and_flips_of_the_fixture_give_typed_errors()
    {
        var bytes = await File.ReadAllBytesAsync(Fixtures.Path("onnx/tiny_mlp.onnx"));
        var cut = await BadInput.TruncationsAsync("tiny_mlp.onnx", bytes);
        Assert.Equal(cut.Cases, cut.Typed + cut.Read);
        var flips = await BadInput.FlipsAsync("tiny_mlp.onnx", bytes, bytes.Length, 600);
        Assert.Equal(600, flips.Typed + flips.Read);
    }
}
