namespace ModelRelease.Core.Checkpoints.Safetensors;

/// <summary>
/// A safetensors element type and its size in bits (reference-formats §1.2). Sub-byte types (F4,
/// F6_*) count logical elements in <c>shape</c>; a tensor's total bits must be a whole number of bytes.
/// </summary>
public sealed record SafetensorsDType(string Name, int Bits)
{
    /// <summary>The name as UTF-8, to match JSON tokens without decoding them.</summary>
    public byte[] NameUtf8 { get; } = System.Text.Encoding.UTF8.GetBytes(Name);

    private static readonly Dictionary<string, SafetensorsDType> ByName = new SafetensorsDType[]
    {
        new("BOOL", 8),
        new("F4", 4),
        new("F6_E2M3", 6),
        new("F6_E3M2", 6),
        new("U8", 8),
        new("I8", 8),
        new("F8_E5M2", 8),
        new("F8_E4M3", 8),
        new("F8_E8M0", 8),
        new("F8_E4M3FNUZ", 8),
        new("F8_E5M2FNUZ", 8),
        new("I16", 16),
        new("U16", 16),
        new("F16", 16),
        new("BF16", 16),
        new("I32", 32),
        new("U32", 32),
        new("F32", 32),
        new("C64", 64),
        new("F64", 64),
        new("I64", 64),
        new("U64", 64),
    }.ToDictionary(d => d.Name, StringComparer.Ordinal);

    /// <summary>Every dtype name the reader knows, exact upper-case spelling.</summary>
    public static IReadOnlyCollection<SafetensorsDType> All => ByName.Values;

    /// <summary>Looks a dtype up by its exact spelling (the reference matches case-sensitively).</summary>
    public static SafetensorsDType? Find(string name) => ByName.GetValueOrDefault(name);
}
