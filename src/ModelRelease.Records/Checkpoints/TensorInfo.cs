namespace ModelRelease;

/// <summary>
/// A tensor as the checkpoint describes it. Never holds tensor data.
/// </summary>
public sealed record TensorInfo
{
    /// <summary>Full name, dotted for nested PyTorch containers (<c>model.layers.0.q_proj.weight</c>).</summary>
    public required string Name { get; init; }

    /// <summary>The format's own spelling of the element type: <c>F32</c>/<c>BF16</c> (safetensors),
    /// <c>Q4_K</c> (GGUF), <c>float32</c> (PyTorch), <c>FLOAT</c> (ONNX).</summary>
    public required string DType { get; init; }

    /// <summary>Row-major shape (numpy/PyTorch order). GGUF's <c>ne</c> order is reversed into this order.</summary>
    public required IReadOnlyList<long> Shape { get; init; }

    /// <summary>Product of <see cref="Shape"/> (1 for a scalar).</summary>
    public required long ElementCount { get; init; }

    /// <summary>Absolute offset in <see cref="File"/> of the tensor's first stored byte.</summary>
    public long ByteOffset { get; init; }

    /// <summary>Number of bytes the tensor's elements span in the file.</summary>
    public long ByteLength { get; init; }

    /// <summary>The file holding the data: a shard of a sharded set, or an external data file (ONNX).</summary>
    public string? File { get; init; }

    /// <summary>PyTorch: strides in elements.</summary>
    public IReadOnlyList<long>? Stride { get; init; }

    /// <summary>PyTorch: key of the storage the tensor views; tensors with the same key share memory.</summary>
    public string? StorageKey { get; init; }

    /// <summary>PyTorch: offset into the storage, in elements.</summary>
    public long StorageOffset { get; init; }

    public override string ToString() => $"{Name} {DType}[{string.Join(",", Shape)}]";
}
