using ModelRelease.Core.Checkpoints.DTypes;

namespace ModelRelease.Core.Checkpoints.Comparison;

/// <summary>
/// Where a tensor's elements lie in its file, for reading them in row-major order: one contiguous range (safetensors,
/// GGUF, ONNX raw data, a PyTorch tensor that is its storage or a contiguous slice of it), or a strided view of a
/// larger PyTorch storage (a transposed or every-other-column view), whose elements are gathered one run at a time.
/// </summary>
/// <param name="File">The file holding the bytes.</param>
/// <param name="Offset">Absolute offset of the first stored byte.</param>
/// <param name="Length">Bytes from <paramref name="Offset"/> the elements span (the view's extent in its storage).</param>
/// <param name="Shape">The shape; strided views only.</param>
/// <param name="Stride">Strides in elements; strided views only.</param>
/// <param name="ElementBytes">Bytes per element; strided views only.</param>
/// <param name="SwapBytes">Bytes to reverse together to make the elements little-endian (1: none).</param>
internal sealed record TensorLayout(string File, long Offset, long Length, IReadOnlyList<long>? Shape, IReadOnlyList<long>? Stride, int ElementBytes, int SwapBytes)
{
    /// <summary>True when the elements are the stored range as it is: contiguous and already little-endian.</summary>
    public bool IsPlainRange => Stride is null && SwapBytes == 1;

    /// <summary>
    /// The layout of <paramref name="tensor"/>, or null when its elements cannot be read in place: a compressed PyTorch
    /// record, a tensor without storage, ONNX values in typed fields, a strided view of a type without a whole-byte size.
    /// </summary>
    public static TensorLayout? Of(Checkpoint checkpoint, TensorInfo tensor)
    {
        var file = tensor.File ?? checkpoint.Path;
        var canonical = CanonicalDType.Find(tensor.DType);
        var swap = checkpoint.ByteOrder == "big" && canonical is { SwapBytes: > 1 } ? canonical.SwapBytes : 1;
        if (tensor.ElementCount == 0) return new TensorLayout(file, tensor.ByteOffset, 0, null, null, 0, 1);
        if (tensor.ByteLength <= 0) return null;
        if (tensor.Stride is null || IsRowMajor(tensor.Shape, tensor.Stride)) return new TensorLayout(file, tensor.ByteOffset, tensor.ByteLength, null, null, 0, swap);
        if (canonical is not { ElementBytes: > 0 } || tensor.Stride.Count != tensor.Shape.Count || tensor.Stride.Any(s => s < 0)) return null;
        return new TensorLayout(file, tensor.ByteOffset, tensor.ByteLength, tensor.Shape, tensor.Stride, canonical.ElementBytes, swap);
    }

    /// <summary>True when the strides are those of a contiguous row-major tensor (dimensions of size 1 may have any stride).</summary>
    public static bool IsRowMajor(IReadOnlyList<long> shape, IReadOnlyList<long> stride)
    {
        if (shape.Count != stride.Count) return false;
        long expected = 1;
        for (var i = shape.Count - 1; i >= 0; i--)
        {
            if (shape[i] == 1) continue;
            if (stride[i] != expected) return false;
            expected *= shape[i];
        }
        return true;
    }
}
