using ModelRelease.Core.Checkpoints.DTypes;

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

/// <summary>Maps a canonical dtype name (<see cref="TensorInfo.DType"/>) to a <see cref="NumericKind"/> and an element size.</summary>
public static class DTypeCatalog
{
    public static NumericKind GetNumericKind(string canonicalDType) => CanonicalDType.Find(canonicalDType)?.Numeric ?? NumericKind.Other;

    public static int ElementSize(NumericKind kind) => kind switch
    {
        NumericKind.Float16 or NumericKind.BFloat16 => 2,
        NumericKind.Float32 => 4,
        NumericKind.Float64 => 8,
        _ => 1,
    };
}
