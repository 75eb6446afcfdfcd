using System.Buffers;
using System.Security.Cryptography;
using Microsoft.Win32.SafeHandles;

namespace ModelRelease.Core.Hashing;

/// <summary>
/// SHA-256 of whole files at the speed of the machine: the BCL's SHA-256 (OpenSSL with the CPU's SHA
/// extensions on Linux) fed by large positional reads, with the next read in flight while the current
/// block is hashed. Several files are hashed in parallel up to the core count.
/// </summary>
public sealed class FileHasher
{
    /// <summary>Bytes per read. Large enough that per-call overhead vanishes, small enough to stay in cache.</summary>
    public int BlockSize { get; init; } = 1 << 20;

    /// <summary>Files hashed at once by <see cref="HashManyAsync"/>; defaults to the core count.</summary>
    public int MaxParallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>Lower-case hex SHA-256 of the file at <paramref name="path"/>.</summary>
    public async Task<string> HashFileAsync(string path, IProgress<long>? bytesProgress = null, CancellationToken cancellationToken = default)
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, FileOptions.SequentialScan);
        var length = RandomAccess.GetLength(handle);
        return Hex.Lower(await HashRangeAsync(handle, 0, length, bytesProgress, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>SHA-256 of <paramref name="length"/> bytes at <paramref name="offset"/> of an open file.</summary>
    public async Task<byte[]> HashRangeAsync(SafeFileHandle handle, long offset, long length, IProgress<long>? bytesProgress = null, CancellationToken cancellationToken = default)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await ForEachBlockAsync(handle, offset, length, BlockSize, block =>
        {
            sha.AppendData(block.Span);
            bytesProgress?.Report(block.Length);
        }, cancellationToken).ConfigureAwait(false);
        return sha.GetHashAndReset();
    }

    /// <summary>Hashes several files in parallel; results in input order.</summary>
    public async Task<IReadOnlyList<string>> HashManyAsync(IReadOnlyList<string> paths, IProgress<long>? bytesProgress = null, CancellationToken cancellationToken = default)
    {
        var results = new string[paths.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, paths.Count),
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, MaxParallelism), CancellationToken = cancellationToken },
            async (i, ct) => results[i] = await HashFileAsync(paths[i], bytesProgress, ct).ConfigureAwait(false)).ConfigureAwait(false);
        return results;
    }

    /// <summary>
    /// Reads [offset, offset+length) in blocks with one read always in flight ahead of the consumer,
    /// and hands each block to <paramref name="consume"/> in order. Throws <see cref="EndOfStreamException"/>
    /// when the file is shorter than asked.
    /// </summary>
    internal static async Task ForEachBlockAsync(SafeFileHandle handle, long offset, long length, int blockSize, Action<ReadOnlyMemory<byte>> consume, CancellationToken cancellationToken)
    {
        if (length <= 0) return;
        var size = (int)Math.Min(blockSize, length);
        var a = ArrayPool<byte>.Shared.Rent(size);
        var b = ArrayPool<byte>.Shared.Rent(size);
        try
        {
            long position = offset, end = offset + length;
            var pending = ReadBlockAsync(handle, a, (int)Math.Min(size, end - position), position, cancellationToken);
            var current = a;
            var spare = b;
            while (position < end)
            {
                var n = await pending.ConfigureAwait(false);
                if (n <= 0) throw new EndOfStreamException($"the file ended at offset {position}, {end - position} bytes before the expected end at {end}");
                var next = position + n;
                if (next < end)
                {
                    pending = ReadBlockAsync(handle, spare, (int)Math.Min(size, end - next), next, cancellationToken);
                }
                consume(current.AsMemory(0, n));
                (current, spare) = (spare, current);
                position = next;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(a);
            ArrayPool<byte>.Shared.Return(b);
        }
    }

    private static async Task<int> ReadBlockAsync(SafeFileHandle handle, byte[] buffer, int count, long offset, CancellationToken cancellationToken)
    {
        var total = 0;
        while (total < count)
        {
            var n = await RandomAccess.ReadAsync(handle, buffer.AsMemory(total, count - total), offset + total, cancellationToken).ConfigureAwait(false);
            if (n == 0) break;
            total += n;
        }
        return total;
    }
}
