using System.Security.Cryptography;
using System.Text;

namespace ModelRelease.Core.Hashing;

/// <summary>Git object ids the Hub uses: the blob id of a file's content (regular files) and of an LFS pointer.</summary>
public static class GitBlob
{
    public static string Id(ReadOnlySpan<byte> content)
    {
        using var sha = Hasher(content.Length);
        sha.AppendData(content);
        return Hex.Lower(sha.GetHashAndReset());
    }

    /// <summary>The blob id computed piece by piece: a SHA-1 that has seen git's <c>blob SIZE\0</c> header; append the <paramref name="size"/> bytes of content, then read the hash.</summary>
    public static IncrementalHash Hasher(long size)
    {
        var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
        sha.AppendData(Encoding.ASCII.GetBytes($"blob {size}\0"));
        return sha;
    }

    public static string LfsPointer(string sha256, long size) => $"version https://git-lfs.github.com/spec/v1\noid sha256:{sha256}\nsize {size}\n";

    public static string PointerId(string sha256, long size) => Id(Encoding.UTF8.GetBytes(LfsPointer(sha256, size)));
}
