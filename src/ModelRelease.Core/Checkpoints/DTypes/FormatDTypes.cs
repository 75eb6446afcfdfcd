using ModelRelease.Core.Checkpoints.Gguf;
using ModelRelease.Core.Checkpoints.Onnx;
using ModelRelease.Core.Checkpoints.PyTorch;
using ModelRelease.Core.Checkpoints.Safetensors;

namespace ModelRelease.Core.Checkpoints.DTypes;

/// <summary>
/// The one place a format's dtype names meet the canonical vocabulary (<see cref="CanonicalDType"/>): a table per format,
/// from the name as the file spells it to the canonical name. Every name a reader knows has an entry (a test walks each
/// reader's list); a name a reader does not know (a newer ggml id, an ONNX data type past the table) becomes
/// <c>UNKNOWN(name)</c>.
/// </summary>
public static class FormatDTypes
{
    /// <summary>safetensors: the vocabulary's own names.</summary>
    public static readonly IReadOnlyDictionary<string, string> Safetensors =
        SafetensorsDType.All.ToDictionary(d => d.Name, d => d.Name, StringComparer.Ordinal);

    /// <summary>GGUF: ggml names; F32…F64 and I8…I64 are the safetensors names already, block types keep theirs.</summary>
    public static readonly IReadOnlyDictionary<string, string> Gguf =
        GgmlType.All.ToDictionary(t => t.Name, t => t.Name, StringComparer.Ordinal);

    /// <summary>PyTorch: torch's dtype names (the aliases <c>float</c>, <c>half</c>, … resolve to these first).</summary>
    public static readonly IReadOnlyDictionary<string, string> PyTorch = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["float64"] = "F64",
        ["float32"] = "F32",
        ["float16"] = "F16",
        ["bfloat16"] = "BF16",
        ["float8_e4m3fn"] = "F8_E4M3",
        ["float8_e5m2"] = "F8_E5M2",
        ["float8_e8m0fnu"] = "F8_E8M0",
        ["float8_e4m3fnuz"] = "F8_E4M3FNUZ",
        ["float8_e5m2fnuz"] = "F8_E5M2FNUZ",
        ["int64"] = "I64",
        ["int32"] = "I32",
        ["int16"] = "I16",
        ["int8"] = "I8",
        ["uint64"] = "U64",
        ["uint32"] = "U32",
        ["uint16"] = "U16",
        ["uint8"] = "U8",
        ["bool"] = "BOOL",
        ["complex128"] = "C128",
        ["complex64"] = "C64",
        ["complex32"] = "C32",
        // Quantized tensors carry a scale and zero point beside their integers: not the plain integer types.
        ["qint8"] = CanonicalDType.Unknown("qint8"),
        ["quint8"] = CanonicalDType.Unknown("quint8"),
        ["qint32"] = CanonicalDType.Unknown("qint32"),
        ["quint4x2"] = CanonicalDType.Unknown("quint4x2"),
        ["quint2x4"] = CanonicalDType.Unknown("quint2x4"),
        // Two FP4 values per element: its shape counts pairs, where safetensors' F4 counts values.
        ["float4_e2m1fn_x2"] = CanonicalDType.Unknown("float4_e2m1fn_x2"),
        // Raw bit containers and torch's placeholder sub-byte integers, one byte an element: no element type to name.
        ["bits8"] = CanonicalDType.Unknown("bits8"),
        ["bits16"] = CanonicalDType.Unknown("bits16"),
        ["bits1x8"] = CanonicalDType.Unknown("bits1x8"),
        ["bits2x4"] = CanonicalDType.Unknown("bits2x4"),
        ["bits4x2"] = CanonicalDType.Unknown("bits4x2"),
        ["uint1"] = CanonicalDType.Unknown("uint1"),
        ["uint2"] = CanonicalDType.Unknown("uint2"),
        ["uint3"] = CanonicalDType.Unknown("uint3"),
        ["uint4"] = CanonicalDType.Unknown("uint4"),
        ["uint5"] = CanonicalDType.Unknown("uint5"),
        ["uint6"] = CanonicalDType.Unknown("uint6"),
        ["uint7"] = CanonicalDType.Unknown("uint7"),
        ["int1"] = CanonicalDType.Unknown("int1"),
        ["int2"] = CanonicalDType.Unknown("int2"),
        ["int3"] = CanonicalDType.Unknown("int3"),
        ["int4"] = CanonicalDType.Unknown("int4"),
        ["int5"] = CanonicalDType.Unknown("int5"),
        ["int6"] = CanonicalDType.Unknown("int6"),
        ["int7"] = CanonicalDType.Unknown("int7"),
    };

    /// <summary>ONNX: TensorProto.DataType enum names.</summary>
    public static readonly IReadOnlyDictionary<string, string> Onnx = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["FLOAT"] = "F32",
        ["UINT8"] = "U8",
        ["INT8"] = "I8",
        ["UINT16"] = "U16",
        ["INT16"] = "I16",
        ["INT32"] = "I32",
        ["INT64"] = "I64",
        ["STRING"] = CanonicalDType.Unknown("STRING"),
        ["BOOL"] = "BOOL",
        ["FLOAT16"] = "F16",
        ["DOUBLE"] = "F64",
        ["UINT32"] = "U32",
        ["UINT64"] = "U64",
        ["COMPLEX64"] = "C64",
        ["COMPLEX128"] = "C128",
        ["BFLOAT16"] = "BF16",
        ["FLOAT8E4M3FN"] = "F8_E4M3",
        ["FLOAT8E4M3FNUZ"] = "F8_E4M3FNUZ",
        ["FLOAT8E5M2"] = "F8_E5M2",
        ["FLOAT8E5M2FNUZ"] = "F8_E5M2FNUZ",
        ["UINT4"] = "U4",
        ["INT4"] = "I4",
        ["FLOAT4E2M1"] = "F4",
        ["FLOAT8E8M0"] = "F8_E8M0",
        ["UINT2"] = "U2",
        ["INT2"] = "I2",
    };

    /// <summary>The table of <paramref name="format"/> (the legacy PyTorch format shares torch's names).</summary>
    public static IReadOnlyDictionary<string, string> For(CheckpointFormat format) => format switch
    {
        CheckpointFormat.Safetensors => Safetensors,
        CheckpointFormat.Gguf => Gguf,
        CheckpointFormat.PyTorch or CheckpointFormat.PyTorchLegacy => PyTorch,
        CheckpointFormat.Onnx => Onnx,
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "no dtype table for this format"),
    };

    /// <summary>The canonical name of <paramref name="formatName"/> in <paramref name="format"/>; <c>UNKNOWN(formatName)</c> when the table has none.</summary>
    public static string Canonical(CheckpointFormat format, string formatName) =>
        For(format).TryGetValue(formatName, out var canonical) ? canonical : CanonicalDType.Unknown(formatName);
}
