namespace ModelRelease.Core.Checkpoints.Gguf;

/// <summary>
/// A ggml tensor type: id, name, elements per block and bytes per block (reference-formats §2.5,
/// ggml HEAD: block sizes from type_traits, byte sizes verified against sizeof(block_*)).
/// </summary>
public sealed record GgmlType(uint Id, string Name, int BlockSize, int TypeSize, GgufTypeStatus Status = GgufTypeStatus.Current)
{
    private static readonly Dictionary<uint, GgmlType> ById = new GgmlType[]
    {
        new(0, "F32", 1, 4),
        new(1, "F16", 1, 2),
        new(2, "Q4_0", 32, 18),
        new(3, "Q4_1", 32, 20),
        new(4, "Q4_2", 0, 0, GgufTypeStatus.Removed),
        new(5, "Q4_3", 0, 0, GgufTypeStatus.Removed),
        new(6, "Q5_0", 32, 22),
        new(7, "Q5_1", 32, 24),
        new(8, "Q8_0", 32, 34),
        new(9, "Q8_1", 32, 36, GgufTypeStatus.Intermediate), // ggml today: 2 × half + 32; gguf-py/Netron still say 40
        new(10, "Q2_K", 256, 84),
        new(11, "Q3_K", 256, 110),
        new(12, "Q4_K", 256, 144),
        new(13, "Q5_K", 256, 176),
        new(14, "Q6_K", 256, 210),
        new(15, "Q8_K", 256, 292, GgufTypeStatus.Intermediate),
        new(16, "IQ2_XXS", 256, 66),
        new(17, "IQ2_XS", 256, 74),
        new(18, "IQ3_XXS", 256, 98),
        new(19, "IQ1_S", 256, 50),
        new(20, "IQ4_NL", 32, 18),
        new(21, "IQ3_S", 256, 110),
        new(22, "IQ2_S", 256, 82),
        new(23, "IQ4_XS", 256, 136),
        new(24, "I8", 1, 1),
        new(25, "I16", 1, 2),
        new(26, "I32", 1, 4),
        new(27, "I64", 1, 8),
        new(28, "F64", 1, 8),
        new(29, "IQ1_M", 256, 56),
        new(30, "BF16", 1, 2),
        new(31, "Q4_0_4_4", 0, 0, GgufTypeStatus.Removed),
        new(32, "Q4_0_4_8", 0, 0, GgufTypeStatus.Removed),
        new(33, "Q4_0_8_8", 0, 0, GgufTypeStatus.Removed),
        new(34, "TQ1_0", 256, 54),
        new(35, "TQ2_0", 256, 66),
        new(36, "IQ4_NL_4_4", 0, 0, GgufTypeStatus.Removed),
        new(37, "IQ4_NL_4_8", 0, 0, GgufTypeStatus.Removed),
        new(38, "IQ4_NL_8_8", 0, 0, GgufTypeStatus.Removed),
        new(39, "MXFP4", 32, 17),
        new(40, "NVFP4", 64, 36),
        new(41, "Q1_0", 128, 18),
        new(42, "Q2_0", 64, 18),
    }.ToDictionary(t => t.Id);

    /// <summary>GGML_TYPE_COUNT at the ggml revision the table follows.</summary>
    public const uint KnownCount = 43;

    public static IReadOnlyCollection<GgmlType> All => ById.Values;

    /// <summary>The type with <paramref name="id"/>, or null for an id this reader does not know (newer ggml).</summary>
    public static GgmlType? Find(uint id) => ById.GetValueOrDefault(id);

    public static GgmlType? FindByName(string name) => ById.Values.FirstOrDefault(t => t.Name == name);

    /// <summary>The DType spelling used for an unknown id.</summary>
    public static string UnknownName(uint id) => $"GGML_TYPE_{id}";

    public bool IsQuantized => BlockSize > 1;
}
