using Microsoft.Win32.SafeHandles;

namespace ModelRelease.Core.Hashing;

/// <summary>
/// XxHash128 (XXH3, 128-bit) of a byte range, read in large blocks with the next read in flight. Not a
/// security hash: it tells honest contents apart (two different tensors share a fingerprint with a
/// chance of about 2^-128) at several times SHA-256's speed, which is all a comparison of two
/// checkpoints needs; a file's identity (release records, the Hub) stays SHA-256.
/// </summary>
public sealed class XxHash128Fingerprint : IRangeFingerprint
{
    /// <summary>Bytes per read.</summary>
    public int BlockSize { get; init; } = 1 << 20;

    public async Task<string> ComputeAsync(SafeFileHandle handle, long offset, long length, IProgress<long>? bytesProgress, CancellationToken cancellationToken)
    {
        var hash = new System.IO.Hashing.XxHash128();
        await FileHasher.ForEachBlockAsync(handle, offset, length, BlockSize, block =>
        {
            hash.Append(block.Span);
            bytesProgress?.Report(block.Length);
        }, cancellationToken).ConfigureAwait(false);
        return Hex.Lower(hash.GetCurrentHash());
    }
}
