using Microsoft.Win32.SafeHandles;
using ModelRelease.Core.Checkpoints.Common;
using ModelRelease.Core.Hashing;

namespace ModelRelease.Core.Checkpoints.Comparison;

/// <summary>
/// Compares two checkpoints tensor by tensor, in any two formats: added, removed, reshaped, re-typed (by canonical dtype,
/// so a PyTorch <c>float32</c> and a safetensors <c>F32</c> are the same type) and, when asked, changed in content — a
/// fingerprint of each tensor's elements in row-major order, little-endian, whatever the file's layout (a strided view
/// of a larger PyTorch storage is gathered, a big-endian file's elements are reversed), so a <c>.pt</c> and its
/// safetensors copy compare equal. The bump: a tensor removed, reshaped or re-typed is major (what used it breaks); a
/// tensor added is minor (new capability such as a new output head, the old outputs unchanged), and so are other
/// values; the same tensors in another format or with other metadata are a patch.
/// </summary>
/// <param name="fingerprint">The digest of a contiguous little-endian range (XxHash128 unless told otherwise). Tensors that
/// must be gathered or byte-swapped on either side are fingerprinted on both sides with XxHash128 of their elements,
/// which for a contiguous little-endian tensor is the same digest as the default's.</param>
public sealed class CheckpointComparer(IRangeFingerprint? fingerprint = null)
{
    private readonly IRangeFingerprint _fingerprint = fingerprint ?? new XxHash128Fingerprint();
    private readonly TensorElementReader _elements = new();

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
            var change = Change(a, b);
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
        var notCompared = new List<string>();
        if (compareContent && sameLayout.Count > 0)
        {
            using var files = new HandleCache();
            foreach (var (a, b) in sameLayout)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var la = TensorLayout.Of(reference, a);
                var lb = TensorLayout.Of(difference, b);
                if (la is null || lb is null)
                {
                    notCompared.Add(a.Name);
                    continue;
                }
                var plain = la.IsPlainRange && lb.IsPlainRange;
                var ha = await FingerprintAsync(files, a, la, plain, bytesProgress, cancellationToken).ConfigureAwait(false);
                var hb = await FingerprintAsync(files, b, lb, plain, bytesProgress, cancellationToken).ConfigureAwait(false);
                if (ha != hb) contentChanged.Add(Change(a, b) with { ReferenceFingerprint = ha, DifferenceFingerprint = hb });
            }
        }

        var metadataChanged = MetadataDiff.ChangedKeys(reference.Metadata, difference.Metadata);
        var bump = removed.Count + reshaped.Count + retyped.Count > 0 ? VersionBump.Major
                 : added.Count + contentChanged.Count > 0 ? VersionBump.Minor
                 : metadataChanged.Count > 0 || reference.Format != difference.Format ? VersionBump.Patch
                 : VersionBump.None;
        return new CheckpointComparison
        {
            ReferencePath = reference.Path,
            DifferencePath = difference.Path,
            ReferenceFormat = reference.Format,
            DifferenceFormat = difference.Format,
            Added = added,
            Removed = removed,
            Reshaped = reshaped,
            Retyped = retyped,
            ContentChanged = contentChanged,
            ContentNotCompared = notCompared,
            MetadataChanged = metadataChanged,
            UnchangedCount = sameLayout.Count - contentChanged.Count - notCompared.Count,
            ContentCompared = compareContent,
            ImpliedBump = bump,
        };
    }

    private static TensorChange Change(TensorInfo a, TensorInfo b) => new(a.Name)
    {
        ReferenceDType = a.DType,
        DifferenceDType = b.DType,
        ReferenceFormatDType = a.FormatDType,
        DifferenceFormatDType = b.FormatDType,
        ReferenceShape = a.Shape,
        DifferenceShape = b.Shape,
    };

    /// <summary>Shapes compared element by element (without an enumerator per tensor when both are arrays).</summary>
    private static bool SameShape(IReadOnlyList<long> a, IReadOnlyList<long> b) =>
        a is long[] x && b is long[] y ? x.AsSpan().SequenceEqual(y) : a.SequenceEqual(b);

    private static Dictionary<string, int> IndexByName(Checkpoint checkpoint)
    {
        var map = new Dictionary<string, int>(checkpoint.Tensors.Count, StringComparer.Ordinal);
        for (var i = 0; i < checkpoint.Tensors.Count; i++) map.TryAdd(checkpoint.Tensors[i].Name, i);
        return map;
    }

    private async Task<string> FingerprintAsync(HandleCache files, TensorInfo tensor, TensorLayout layout, bool plain, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        try
        {
            var handle = files.Get(layout.File);
            var length = RandomAccess.GetLength(handle);
            if (layout.Offset > length || layout.Length > length - layout.Offset)
            {
                throw new CheckpointFormatException(CheckpointErrorKind.Truncated, CheckpointCodes.Truncated, layout.File,
                    $"tensor data runs to offset {(Int128)layout.Offset + layout.Length} but the file is {length} bytes long", length, tensor.Name);
            }
            if (plain) return await _fingerprint.ComputeAsync(handle, layout.Offset, layout.Length, progress, cancellationToken).ConfigureAwait(false);
            var hash = new System.IO.Hashing.XxHash128();
            using (var sink = new ElementSink(layout.SwapBytes, hash.Append))
            {
                await _elements.ReadAsync(handle, layout, sink, progress, cancellationToken).ConfigureAwait(false);
            }
            return Hex.Lower(hash.GetCurrentHash());
        }
        catch (Exception ex) when (ReaderFailure.Wrap(ex, layout.File, "the content comparison", cancellationToken) is { } typed)
        {
            throw typed;
        }
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
