using System.Security.Cryptography;
using ModelRelease.Core.Hashing;

namespace ModelRelease.Core.Hub.Download;

/// <summary>
/// The hash a downloaded file is verified against, computed while its bytes arrive: SHA-256 for an LFS file, the git
/// blob id (SHA-1 of <c>blob SIZE\0</c> + content) for a regular one. It only counts when it saw every byte of the
/// file in order from offset 0 (<see cref="Covered"/>); otherwise the caller verifies the file from disk.
/// </summary>
internal sealed class DownloadHash : IDisposable
{
    private readonly IncrementalHash _hash;
    private readonly HubRepoFile _file;

    private DownloadHash(HubRepoFile file)
    {
        _file = file;
        _hash = file.LfsOid is null ? GitBlob.Hasher(file.Size) : IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    }

    /// <summary>A hash for <paramref name="file"/>, or null when the Hub gave none to compare with.</summary>
    public static DownloadHash? For(HubRepoFile file) => file.LfsOid is null && file.BlobId is null ? null : new DownloadHash(file);

    /// <summary>Bytes of the file hashed so far, from offset 0.</summary>
    public long Covered { get; private set; }

    public void Append(ReadOnlySpan<byte> bytes)
    {
        _hash.AppendData(bytes);
        Covered += bytes.Length;
    }

    /// <summary>Hashes the first <paramref name="length"/> bytes of a partial file (what an earlier run fetched).</summary>
    public async Task AppendFileAsync(string path, long length, CancellationToken ct)
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, FileOptions.SequentialScan);
        await FileHasher.ForEachBlockAsync(handle, 0, length, 1 << 20, block => Append(block.Span), ct).ConfigureAwait(false);
    }

    /// <summary>True when every byte was hashed and the result is the Hub's hash.</summary>
    public bool Matches()
    {
        if (Covered != _file.Size) return false;
        var expected = _file.LfsOid ?? _file.BlobId!;
        return string.Equals(Hex.Lower(_hash.GetHashAndReset()), expected, StringComparison.OrdinalIgnoreCase);
    }

    public void Dispose() => _hash.Dispose();
}
