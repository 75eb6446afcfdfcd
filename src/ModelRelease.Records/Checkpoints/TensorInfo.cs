namespace ModelRelease;

/// <summary>
/// A tensor as the checkpoint describes it. Never holds tensor data.
/// </summary>
public sealed record TensorInfo
{
    /// <summary>Full name, dotted for nested PyTorch containers (<c>model.layers.0.q_proj.weight</c>).</summary>
    public required string Name { get; init; }

    private readonly string? _formatDType;

    /// <summary>The element type by its canonical name, the same in every format: the safetensors vocabulary
    /// (<c>F32</c>, <c>BF16</c>, <c>F8_E4M3</c>, <c>I64</c>, <c>BOOL</c>, …) extended with <c>C128</c>, <c>C32</c>, the packed
    /// <c>I4</c>/<c>U4</c>/<c>I2</c>/<c>U2</c> and GGUF's block types (<c>Q4_K</c>, <c>Q8_0</c>, <c>IQ2_XXS</c>, …);
    /// <c>UNKNOWN(name)</c> for a type without a canonical name (<c>UNKNOWN(qint8)</c>). A PyTorch <c>float32</c>, an ONNX
    /// <c>FLOAT</c> and a safetensors <c>F32</c> are all <c>F32</c>.</summary>
    public required string DType { get; init; }

    /// <summary>The element type as the file spells it: <c>F32</c> (safetensors), <c>Q4_K</c> (GGUF), <c>float32</c>
    /// (PyTorch), <c>FLOAT</c> (ONNX). Equal to <see cref="DType"/> when not given.</summary>
    public string FormatDType { get => _formatDType ?? DType; init => _formatDType = value; }

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
