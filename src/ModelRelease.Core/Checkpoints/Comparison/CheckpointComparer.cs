using Microsoft.Win32.SafeHandles;
using ModelRelease.Core.Checkpoints.Common;
using ModelRelease.Core.Hashing;

namespace ModelRelease.Core.Checkpoints.Comparison;

/// <summary>
/// Compares two checkpoints tensor by tensor: added, removed, reshaped, re-typed and, when asked,
/// changed in content (a fingerprint of each tensor's stored bytes: XxHash128 unless told otherwise).
/// A layout change implies a major version bump; the same layout with different values a minor one.
/// </summary>
public sealed class CheckpointComparer(IRangeFingerprint? fingerprint = null)
{
    private readonly IRangeFingerprint _fingerprint = fingerprint ?? new XxHash128Fingerprint();

    public async Task<CheckpointComparison> CompareAsync(Checkpoint reference, Checkpoint difference, bool compareContent, IProgress<long>? bytesProgress = null, CancellationToken cancellationToken = default)
    {
        // One index, of the difference by name (first occurrence); a name the reference also has is marked as it is met.
        var right = IndexByName(difference);
        var matched = new bool[difference.Tensors.Count];
        var removed = new List<string>();
        var reshaped = new List<TensorChange>();
        var retyped = new List<TensorChange>();
        var sameLayout = new List<(TensorInfo A, TensorInfo B)>();
        foreach (var a in reference.Tensors)
        {
            if (!right.TryGetValue(a.Name, out var index))
            {
                removed.Add(a.Name);
                continue;
            }
            matched[index] = true;
            var b = difference.Tensors[index];
            var shapeDiffers = !SameShape(a.Shape, b.Shape);
            var typeDiffers = !string.Equals(a.DType, b.DType, StringComparison.Ordinal);
            if (!shapeDiffers && !typeDiffers)
            {
                sameLayout.Add((a, b));
                continue;
            }
            var change = new TensorChange(a.Name) { ReferenceDType = a.DType, DifferenceDType = b.DType, ReferenceShape = a.Shape, DifferenceShape = b.Shape };
            if (shapeDiffers) reshaped.Add(change);
            if (typeDiffers) retyped.Add(change);
        }

        var added = new List<string>();
        for (var i = 0; i < difference.Tensors.Count; i++)
        {
            var t = difference.Tensors[i];
            if (!matched[right[t.Name]]) added.Add(t.Name);
        }

        var contentChanged = new List<TensorChange>();
        if (compareContent && sameLayout.Count > 0)
        {
            using var files = new HandleCache();
            foreach (var (a, b) in sameLayout)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var ha = await FingerprintAsync(files, reference, a, bytesProgress, cancellationToken).ConfigureAwait(false);
                var hb = await FingerprintAsync(files, difference, b, bytesProgress, cancellationToken).ConfigureAwait(false);
                if (ha != hb)
                {
                    contentChanged.Add(new TensorChange(a.Name) { ReferenceDType = a.DType, DifferenceDType = b.DType, ReferenceShape = a.Shape, DifferenceShape = b.Shape, ReferenceFingerprint = ha, DifferenceFingerprint = hb });
                }
            }
        }

        var bump = added.Count + removed.Count + reshaped.Count + retyped.Count > 0 ? VersionBump.Major
                 : contentChanged.Count > 0 ? VersionBump.Minor
                 : VersionBump.None;
        return new CheckpointComparison
        {
            ReferencePath = reference.Path,
            DifferencePath = difference.Path,
            Added = added,
            Removed = removed,
            Reshaped = reshaped,
            Retyped = retyped,
            ContentChanged = contentChanged,
            UnchangedCount = sameLayout.Count - contentChanged.Count,
            ContentCompared = compareContent,
            ImpliedBump = bump,
        };
    }

    /// <summary>Shapes compared element by element (without an enumerator per tensor when both are arrays).</summary>
    private static bool SameShape(IReadOnlyList<long> a, IReadOnlyList<long> b) =>
        a is long[] x && b is long[] y ? x.AsSpan().SequenceEqual(y) : a.SequenceEqual(b);

    private static Dictionary<string, int> IndexByName(Checkpoint checkpoint)
    {
        var map = new Dictionary<string, int>(checkpoint.Tensors.Count, StringComparer.Ordinal);
        for (var i = 0; i < checkpoint.Tensors.Count; i++) map.TryAdd(checkpoint.Tensors[i].Name, i);
        return map;
    }

    private async Task<string> FingerprintAsync(HandleCache files, Checkpoint checkpoint, TensorInfo tensor, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        var file = tensor.File ?? checkpoint.Path;
        try
        {
            return await FingerprintCoreAsync(files, file, tensor, progress, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ReaderFailure.Wrap(ex, file, "the content comparison", cancellationToken) is { } typed)
        {
            throw typed;
        }
    }

    private async Task<string> FingerprintCoreAsync(HandleCache files, string file, TensorInfo tensor, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        var handle = files.Get(file);
        var length = RandomAccess.GetLength(handle);
        if (tensor.ByteOffset > length || tensor.ByteLength > length - tensor.ByteOffset)
        {
            throw new CheckpointFormatException(CheckpointErrorKind.Truncated, CheckpointCodes.Truncated, file,
                $"tensor data runs to offset {(Int128)tensor.ByteOffset + tensor.ByteLength} but the file is {length} bytes long", length, tensor.Name);
        }
        return await _fingerprint.ComputeAsync(handle, tensor.ByteOffset, tensor.ByteLength, progress, cancellationToken).ConfigureAwait(false);
    }

    private sealed class HandleCache : IDisposable
    {
        private readonly Dictionary<string, SafeFileHandle> _handles = new(StringComparer.Ordinal);

        public SafeFileHandle Get(string path)
        {
            if (!_handles.TryGetValue(path, out var h))
            {
                h = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete);
                _handles[path] = h;
            }
            return h;
        }

        public void Dispose()
        {
            foreach (var h in _handles.Values) h.Dispose();
        }
    }
}
