using System.Security.Cryptography;
using System.Text;

namespace ModelRelease.Core.Hashing;

/// <summary>Git object ids the Hub uses: the blob id of a file's content (regular files) and of an LFS pointer.</summary>
public static class GitBlob
{
    public static string Id(ReadOnlySpan<byte> content)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
        sha.AppendData(Encoding.ASCII.GetBytes($"blob {content.Length}\0"));
        sha.AppendData(content);
        return Hex.Lower(sha.GetHashAndReset());
    }

    public static string LfsPointer(string sha256, long size) => $"version https://git-lfs.github.com/spec/v1\noid sha256:{sha256}\nsize {size}\n";

    public static string PointerId(string sha256, long size) => Id(Encoding.UTF8.GetBytes(LfsPointer(sha256, size)));
}
