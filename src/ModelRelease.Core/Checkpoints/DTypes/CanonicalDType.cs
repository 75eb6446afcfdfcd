using ModelRelease.Core.Checkpoints.Common;
using ModelRelease.Core.Checkpoints.Gguf;

namespace ModelRelease.Core.Checkpoints.DTypes;

/// <summary>
/// One element type of the canonical vocabulary every record uses (<see cref="TensorInfo.DType"/>): the safetensors
/// names, extended with what other formats store and safetensors does not (<c>C128</c>, <c>C32</c>, the packed
/// <c>I4</c>/<c>U4</c>/<c>I2</c>/<c>U2</c>) and with GGUF's block types under their ggml names (<c>Q4_K</c>,
/// <c>IQ2_XXS</c>); a type without a canonical name is spelled <c>UNKNOWN(name)</c> with the format's own name inside.
/// </summary>
/// <param name="Name">The canonical name.</param>
/// <param name="ElementBytes">Bytes per element for whole-byte types; 0 for packed sub-byte types and block types.</param>
/// <param name="SwapBytes">Bytes swapped together to change byte order (the element, or each half of a complex number);
/// 1 when byte order does not apply (bytes, booleans, FP8, packed and block types).</param>
public sealed record CanonicalDType(string Name, int ElementBytes, int SwapBytes, NumericKind Numeric = NumericKind.Other)
{
    private const string UnknownPrefix = "UNKNOWN(";

    private static readonly CanonicalDType[] Plain =
    [
        new("F64", 8, 8, NumericKind.Float64),
        new("F32", 4, 4, NumericKind.Float32),
        new("F16", 2, 2, NumericKind.Float16),
        new("BF16", 2, 2, NumericKind.BFloat16),
        new("F8_E4M3", 1, 1),
        new("F8_E5M2", 1, 1),
        new("F8_E8M0", 1, 1),
        new("F8_E4M3FNUZ", 1, 1),
        new("F8_E5M2FNUZ", 1, 1),
        new("F6_E2M3", 0, 1),
        new("F6_E3M2", 0, 1),
        new("F4", 0, 1),
        new("I64", 8, 8),
        new("I32", 4, 4),
        new("I16", 2, 2),
        new("I8", 1, 1),
        new("U64", 8, 8),
        new("U32", 4, 4),
        new("U16", 2, 2),
        new("U8", 1, 1),
        new("I4", 0, 1),
        new("U4", 0, 1),
        new("I2", 0, 1),
        new("U2", 0, 1),
        new("BOOL", 1, 1),
        new("C128", 16, 8),
        new("C64", 8, 4),
        new("C32", 4, 2),
    ];

    private static readonly Dictionary<string, CanonicalDType> ByName = Plain
        .Concat(GgmlType.All.Where(t => t.BlockSize != 1).Select(t => new CanonicalDType(t.Name, 0, 1)))
        .ToDictionary(d => d.Name, StringComparer.Ordinal);

    /// <summary>Every canonical name: the plain types, then GGUF's block types (current and removed ids alike).</summary>
    public static IReadOnlyCollection<CanonicalDType> All => ByName.Values;

    /// <summary>The canonical type called <paramref name="name"/>, or null (an <c>UNKNOWN(…)</c> name, or no name of the vocabulary).</summary>
    public static CanonicalDType? Find(string name) => ByName.GetValueOrDefault(name);

    /// <summary><c>UNKNOWN(name)</c>: the canonical spelling of a type the vocabulary has no name for.</summary>
    public static string Unknown(string formatName) => UnknownPrefix + formatName + ")";

    /// <summary>True for an <c>UNKNOWN(…)</c> name.</summary>
    public static bool IsUnknown(string name) => name.StartsWith(UnknownPrefix, StringComparison.Ordinal) && name.EndsWith(')');

    /// <summary>True for a name of the vocabulary or a well-formed <c>UNKNOWN(…)</c>.</summary>
    public static bool IsCanonical(string name) => ByName.ContainsKey(name) || (IsUnknown(name) && name.Length > UnknownPrefix.Length + 1);
}
