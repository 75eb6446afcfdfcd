namespace ModelRelease.Core.Checkpoints.Common;

/// <summary>The element types a deep scan decodes to look for NaN and infinities.</summary>
public enum NumericKind
{
    /// <summary>No NaN/Inf to look for (integers, booleans, quantized blocks, FP8 variants).</summary>
    Other,
    Float16,
    BFloat16,
    Float32,
    Float64,
}

/// <summary>Maps each format's dtype spelling to a <see cref="NumericKind"/> and an element size.</summary>
public static class DTypeCatalog
{
    public static NumericKind GetNumericKind(CheckpointFormat format, string dtype) => (format, dtype) switch
    {
        (CheckpointFormat.Safetensors or CheckpointFormat.Gguf, "F16") => NumericKind.Float16,
        (CheckpointFormat.Safetensors or CheckpointFormat.Gguf, "BF16") => NumericKind.BFloat16,
        (CheckpointFormat.Safetensors or CheckpointFormat.Gguf, "F32") => NumericKind.Float32,
        (CheckpointFormat.Safetensors or CheckpointFormat.Gguf, "F64") => NumericKind.Float64,
        (CheckpointFormat.PyTorch or CheckpointFormat.PyTorchLegacy, "float16") => NumericKind.Float16,
        (CheckpointFormat.PyTorch or CheckpointFormat.PyTorchLegacy, "bfloat16") => NumericKind.BFloat16,
        (CheckpointFormat.PyTorch or CheckpointFormat.PyTorchLegacy, "float32") => NumericKind.Float32,
        (CheckpointFormat.PyTorch or CheckpointFormat.PyTorchLegacy, "float64") => NumericKind.Float64,
        (CheckpointFormat.Onnx, "FLOAT16") => NumericKind.Float16,
        (CheckpointFormat.Onnx, "BFLOAT16") => NumericKind.BFloat16,
        (CheckpointFormat.Onnx, "FLOAT") => NumericKind.Float32,
        (CheckpointFormat.Onnx, "DOUBLE") => NumericKind.Float64,
        _ => NumericKind.Other,
    };

    public static int ElementSize(NumericKind kind) => kind switch
    {
        NumericKind.Float16 or NumericKind.BFloat16 => 2,
        NumericKind.Float32 => 4,
        NumericKind.Float64 => 8,
        _ => 1,
    };
}
