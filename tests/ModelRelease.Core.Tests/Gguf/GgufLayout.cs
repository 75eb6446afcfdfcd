using System.Text;

namespace ModelRelease.Core.Tests.Gguf;

/// <summary>Finds where fields of a crafted GGUF file are, to assert the offsets errors report.</summary>
internal static class GgufLayout
{
    public static long At(byte[] file, string text) =>
        file.AsSpan().IndexOf(Encoding.UTF8.GetBytes(text)) is var i and >= 0 ? i : throw new InvalidOperationException($"'{text}' not in file");

    public static long LastAt(byte[] file, string text) =>
        file.AsSpan().LastIndexOf(Encoding.UTF8.GetBytes(text)) is var i and >= 0 ? i : throw new InvalidOperationException($"'{text}' not in file");

    /// <summary>The key's length field.</summary>
    public static long Key(byte[] file, string key) => At(file, key) - 8;

    /// <summary>The key's value-type field.</summary>
    public static long Type(byte[] file, string key) => At(file, key) + Encoding.UTF8.GetByteCount(key);

    /// <summary>The key's value.</summary>
    public static long Value(byte[] file, string key) => Type(file, key) + 4;

    /// <summary>The tensor info's name-length field (first occurrence: use names that no key contains).</summary>
    public static long Info(byte[] file, string name) => At(file, name) - 8;

    /// <summary>The tensor info's n_dims field.</summary>
    public static long Dims(byte[] file, string name) => At(file, name) + Encoding.UTF8.GetByteCount(name);

    public static long Ne(byte[] file, string name, int d) => Dims(file, name) + 4 + 8L * d;

    public static long TypeId(byte[] file, string name, int nDims) => Dims(file, name) + 4 + 8L * nDims;

    public static long Offset(byte[] file, string name, int nDims) => TypeId(file, name, nDims) + 4;
}
