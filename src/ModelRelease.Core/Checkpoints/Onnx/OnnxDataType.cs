namespace ModelRelease.Core.Checkpoints.Onnx;

/// <summary>TensorProto.DataType: the enum name (as onnx spells it) and bits per element (0 = variable, strings).</summary>
public static class OnnxDataType
{
    private static readonly (string Name, int Bits)[] Table =
    [
        ("UNDEFINED", 0), ("FLOAT", 32), ("UINT8", 8), ("INT8", 8), ("UINT16", 16), ("INT16", 16), ("INT32", 32), ("INT64", 64),
        ("STRING", 0), ("BOOL", 8), ("FLOAT16", 16), ("DOUBLE", 64), ("UINT32", 32), ("UINT64", 64), ("COMPLEX64", 64),
        ("COMPLEX128", 128), ("BFLOAT16", 16), ("FLOAT8E4M3FN", 8), ("FLOAT8E4M3FNUZ", 8), ("FLOAT8E5M2", 8), ("FLOAT8E5M2FNUZ", 8),
        ("UINT4", 4), ("INT4", 4), ("FLOAT4E2M1", 4), ("FLOAT8E8M0", 8), ("UINT2", 2), ("INT2", 2),
    ];

    public static bool IsKnown(long id) => id >= 1 && id < Table.Length;

    public static string Name(long id) => IsKnown(id) ? Table[id].Name : $"DATA_TYPE_{id}";

    public static int Bits(long id) => IsKnown(id) ? Table[id].Bits : 0;
}
