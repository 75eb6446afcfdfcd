namespace ModelRelease.Core.Checkpoints.PyTorch;

/// <summary>A torch dtype: the name the manifest and torch print (<c>float32</c>), bytes per element.</summary>
public sealed record TorchDType(string Name, int ElementSize)
{
    private static readonly Dictionary<string, TorchDType> ByName = new(StringComparer.Ordinal);

    public static readonly TorchDType Float64 = Add("float64", 8, "double");
    public static readonly TorchDType Float32 = Add("float32", 4, "float");
    public static readonly TorchDType Float16 = Add("float16", 2, "half");
    public static readonly TorchDType BFloat16 = Add("bfloat16", 2);
    public static readonly TorchDType Int64 = Add("int64", 8, "long");
    public static readonly TorchDType Int32 = Add("int32", 4, "int");
    public static readonly TorchDType Int16 = Add("int16", 2, "short");
    public static readonly TorchDType Int8 = Add("int8", 1);
    public static readonly TorchDType UInt8 = Add("uint8", 1);
    public static readonly TorchDType Bool = Add("bool", 1);
    public static readonly TorchDType Complex128 = Add("complex128", 16, "cdouble");
    public static readonly TorchDType Complex64 = Add("complex64", 8, "cfloat");
    public static readonly TorchDType Complex32 = Add("complex32", 4, "chalf");
    public static readonly TorchDType QInt8 = Add("qint8", 1);
    public static readonly TorchDType QUInt8 = Add("quint8", 1);
    public static readonly TorchDType QInt32 = Add("qint32", 4);
    public static readonly TorchDType QUInt4x2 = Add("quint4x2", 1);
    public static readonly TorchDType QUInt2x4 = Add("quint2x4", 1);

    static TorchDType()
    {
        foreach (var (name, size) in new (string, int)[]
        {
            ("float8_e5m2", 1), ("float8_e4m3fn", 1), ("float8_e5m2fnuz", 1), ("float8_e4m3fnuz", 1), ("float8_e8m0fnu", 1),
            ("float4_e2m1fn_x2", 1), ("bits8", 1), ("bits16", 2), ("bits1x8", 1), ("bits2x4", 1), ("bits4x2", 1),
            ("uint16", 2), ("uint32", 4), ("uint64", 8),
            ("uint1", 1), ("uint2", 1), ("uint3", 1), ("uint4", 1), ("uint5", 1), ("uint6", 1), ("uint7", 1),
            ("int1", 1), ("int2", 1), ("int3", 1), ("int4", 1), ("int5", 1), ("int6", 1), ("int7", 1),
        })
        {
            Add(name, size);
        }
    }

    private static TorchDType Add(string name, int size, string? alias = null)
    {
        var d = new TorchDType(name, size);
        ByName[name] = d;
        if (alias is not null) ByName[alias] = d;
        return d;
    }

    /// <summary>Every dtype, once each (aliases such as <c>float</c> and <c>half</c> lead to these).</summary>
    public static IReadOnlyCollection<TorchDType> All => ByName.Values.Distinct().ToList();

    /// <summary>The dtype named by a <c>torch.X</c> global (<c>torch.float32</c>, <c>torch.half</c>).</summary>
    public static TorchDType? FromTorchName(string name) => ByName.GetValueOrDefault(name);
}

/// <summary>A storage class: <c>torch.FloatStorage</c> → float32; <c>UntypedStorage</c> counts bytes.</summary>
public sealed record TorchStorageType(string ClassName, TorchDType? DType)
{
    private static readonly Dictionary<string, TorchStorageType> Known = new(StringComparer.Ordinal)
    {
        ["DoubleStorage"] = new("DoubleStorage", TorchDType.Float64),
        ["FloatStorage"] = new("FloatStorage", TorchDType.Float32),
        ["HalfStorage"] = new("HalfStorage", TorchDType.Float16),
        ["BFloat16Storage"] = new("BFloat16Storage", TorchDType.BFloat16),
        ["LongStorage"] = new("LongStorage", TorchDType.Int64),
        ["IntStorage"] = new("IntStorage", TorchDType.Int32),
        ["ShortStorage"] = new("ShortStorage", TorchDType.Int16),
        ["CharStorage"] = new("CharStorage", TorchDType.Int8),
        ["ByteStorage"] = new("ByteStorage", TorchDType.UInt8),
        ["BoolStorage"] = new("BoolStorage", TorchDType.Bool),
        ["ComplexDoubleStorage"] = new("ComplexDoubleStorage", TorchDType.Complex128),
        ["ComplexFloatStorage"] = new("ComplexFloatStorage", TorchDType.Complex64),
        ["QInt8Storage"] = new("QInt8Storage", TorchDType.QInt8),
        ["QUInt8Storage"] = new("QUInt8Storage", TorchDType.QUInt8),
        ["QInt32Storage"] = new("QInt32Storage", TorchDType.QInt32),
        ["QUInt4x2Storage"] = new("QUInt4x2Storage", TorchDType.QUInt4x2),
        ["QUInt2x4Storage"] = new("QUInt2x4Storage", TorchDType.QUInt2x4),
        ["UntypedStorage"] = new("UntypedStorage", null),
        ["TypedStorage"] = new("TypedStorage", null),
    };

    /// <summary>Bytes per counted element: the dtype's size, or 1 for untyped storages (counted in bytes).</summary>
    public int ElementSize => DType?.ElementSize ?? 1;

    public static TorchStorageType? FromClassName(string name) => Known.GetValueOrDefault(name);

    public static bool IsStorageClass(string module, string name) =>
        (module == "torch" || module == "torch.storage" || module == "torch.cuda") && Known.ContainsKey(name);
}
