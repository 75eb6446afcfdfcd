namespace ModelRelease.Core.Checkpoints.Gguf;

/// <summary>
/// <c>general.file_type</c> (llama_ftype, reference-formats §2.6) by its llama.cpp name. This is not
/// the ggml_type enum nor ggml_ftype. Bit 1024 (GUESSED) means the loader guessed the type.
/// </summary>
public static class GgufFileType
{
    public const long GuessedBit = 1024;

    private static readonly string[] Names =
    [
        "ALL_F32", "MOSTLY_F16", "MOSTLY_Q4_0", "MOSTLY_Q4_1", "MOSTLY_Q4_1_SOME_F16",
        "MOSTLY_Q4_2", "MOSTLY_Q4_3", "MOSTLY_Q8_0", "MOSTLY_Q5_0", "MOSTLY_Q5_1",
        "MOSTLY_Q2_K", "MOSTLY_Q3_K_S", "MOSTLY_Q3_K_M", "MOSTLY_Q3_K_L", "MOSTLY_Q4_K_S",
        "MOSTLY_Q4_K_M", "MOSTLY_Q5_K_S", "MOSTLY_Q5_K_M", "MOSTLY_Q6_K", "MOSTLY_IQ2_XXS",
        "MOSTLY_IQ2_XS", "MOSTLY_Q2_K_S", "MOSTLY_IQ3_XS", "MOSTLY_IQ3_XXS", "MOSTLY_IQ1_S",
        "MOSTLY_IQ4_NL", "MOSTLY_IQ3_S", "MOSTLY_IQ3_M", "MOSTLY_IQ2_S", "MOSTLY_IQ2_M",
        "MOSTLY_IQ4_XS", "MOSTLY_IQ1_M", "MOSTLY_BF16", "MOSTLY_Q4_0_4_4", "MOSTLY_Q4_0_4_8",
        "MOSTLY_Q4_0_8_8", "MOSTLY_TQ1_0", "MOSTLY_TQ2_0", "MOSTLY_MXFP4_MOE", "MOSTLY_NVFP4",
        "MOSTLY_Q1_0", "MOSTLY_Q2_0",
    ];

    /// <summary>The ggml type most tensors of a file of this type have (null where the mix has no single main type).</summary>
    private static readonly Dictionary<long, string> MainType = new()
    {
        [0] = "F32", [1] = "F16", [2] = "Q4_0", [3] = "Q4_1", [7] = "Q8_0", [8] = "Q5_0", [9] = "Q5_1",
        [10] = "Q2_K", [11] = "Q3_K", [12] = "Q3_K", [13] = "Q3_K", [14] = "Q4_K", [15] = "Q4_K",
        [16] = "Q5_K", [17] = "Q5_K", [18] = "Q6_K", [19] = "IQ2_XXS", [20] = "IQ2_XS", [21] = "Q2_K",
        [23] = "IQ3_XXS", [24] = "IQ1_S", [25] = "IQ4_NL", [26] = "IQ3_S", [28] = "IQ2_S", [30] = "IQ4_XS",
        [31] = "IQ1_M", [32] = "BF16", [36] = "TQ1_0", [37] = "TQ2_0", [38] = "MXFP4", [39] = "NVFP4",
        [40] = "Q1_0", [41] = "Q2_0",
    };

    /// <summary><c>MOSTLY_Q4_K_M</c>; <c>MOSTLY_Q4_K_M (guessed)</c> with the GUESSED bit; <c>FTYPE_n</c> for values this reader does not know.</summary>
    public static string Name(long value)
    {
        var guessed = value >= 0 && (value & GuessedBit) != 0;
        var baseValue = guessed ? value & ~GuessedBit : value;
        var name = baseValue >= 0 && baseValue < Names.Length ? Names[baseValue] : $"FTYPE_{baseValue}";
        return guessed ? name + " (guessed)" : name;
    }

    /// <summary>The main ggml type name of <paramref name="value"/> (GUESSED bit ignored), or null when there is none to check.</summary>
    public static string? MainTypeOf(long value) => MainType.GetValueOrDefault(value & ~GuessedBit);
}
