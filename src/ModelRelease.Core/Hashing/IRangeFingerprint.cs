using Microsoft.Win32.SafeHandles;

namespace ModelRelease.Core.Hashing;

/// <summary>A digest of a byte range of an open file, used to tell tensors' contents apart.</summary>
public interface IRangeFingerprint
{
    /// <summary>Lower-case hex digest of <paramref name="length"/> bytes at <paramref name="offset"/>; reports bytes read.</summary>
    Task<string> ComputeAsync(SafeFileHandle handle, long offset, long length, IProgress<long>? bytesProgress, CancellationToken cancellationToken);
}
