using ModelRelease.Core.Checkpoints.Common;
using ModelRelease.Core.Checkpoints.DTypes;
using ModelRelease.Core.Checkpoints.PyTorch.Pickle;

namespace ModelRelease.Core.Checkpoints.PyTorch;

/// <summary>Where a storage's bytes are in the file.</summary>
public sealed record StorageLocation(long ByteOffset, long ByteLength, string? Record, bool Readable);

/// <summary>
/// Turns the walked object and the storage table into the <see cref="Checkpoint"/> record: tensor
/// descriptions with absolute byte ranges, each view checked to lie inside its storage.
/// </summary>
public static class TorchCheckpointBuilder
{
    public static (List<TensorInfo> Tensors, List<StorageInfo> Storages, List<Finding> Findings) Build(
        string path, TorchObjectWalker walker, TorchStorageTable table, IReadOnlyDictionary<string, StorageLocation> locations)
    {
        var tensors = new List<TensorInfo>(walker.Tensors.Count);
        var findings = new List<Finding>(walker.Findings);
        var users = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (name, t) in walker.Tensors)
        {
            var count = CheckedMath.Product(t.Shape) ?? throw CheckpointErrors.Invalid(PyTorchCodes.ViewBounds, path, t.Offset, "the element count overflows", name);
            if (t.Storage is null)
            {
                tensors.Add(new TensorInfo { Name = name, DType = Canonical(t.DType), FormatDType = t.DType.Name, Shape = t.Shape, Stride = t.Stride, ElementCount = count });
                continue;
            }
            var rootKey = t.Storage.RootKey ?? t.Storage.Key;
            var root = table.Get(rootKey)!;
            var location = locations[rootKey];
            var es = t.DType.ElementSize;
            var offsetElements = CheckedMath.Add(t.Storage.RootOffset * root.Type.ElementSize / es, t.StorageOffset)
                ?? throw CheckpointErrors.Invalid(PyTorchCodes.ViewBounds, path, t.Offset,
                    $"the view's storage offset {t.StorageOffset} plus its storage view's offset {t.Storage.RootOffset} overflows 64-bit arithmetic", name);
            long span = 0;
            if (count > 0)
            {
                span = 1;
                for (var i = 0; i < t.Shape.Length; i++)
                {
                    span = CheckedMath.Add(span, CheckedMath.Multiply(t.Shape[i] - 1, t.Stride[i]) ?? -1) ?? throw CheckpointErrors.Invalid(PyTorchCodes.ViewBounds, path, t.Offset, "the view's extent overflows", name);
                }
            }
            var storageBytes = root.ElementCount * root.Type.ElementSize;
            var endByte = CheckedMath.Multiply(CheckedMath.Add(offsetElements, span) ?? -1, es);
            if (endByte is null || endByte > storageBytes)
            {
                throw CheckpointErrors.Invalid(PyTorchCodes.ViewBounds, path, t.Offset,
                    $"the view (offset {offsetElements}, size [{string.Join(", ", t.Shape)}], stride [{string.Join(", ", t.Stride)}]) of {t.DType.Name} reaches byte {endByte?.ToString() ?? "∞"} of storage '{rootKey}', which holds {storageBytes} bytes", name);
            }
            tensors.Add(new TensorInfo
            {
                Name = name,
                DType = Canonical(t.DType),
                FormatDType = t.DType.Name,
                Shape = t.Shape,
                Stride = t.Stride,
                ElementCount = count,
                StorageKey = rootKey,
                StorageOffset = offsetElements,
                ByteOffset = location.Readable ? location.ByteOffset + offsetElements * es : 0,
                ByteLength = location.Readable ? span * es : 0,
            });
            if (!users.TryGetValue(rootKey, out var list)) users[rootKey] = list = [];
            list.Add(name);
        }
        foreach (var (key, names) in users.Where(u => u.Value.Count > 1).Take(100))
        {
            findings.Add(new Finding(FindingSeverity.Info, PyTorchCodes.SharedStorage,
                $"{names.Count} tensors share storage '{key}' (tied weights or views): {string.Join(", ", names.Take(8))}{(names.Count > 8 ? ", …" : "")}")
            { Path = path, Tensor = names[0] });
        }
        var storages = table.InOrder.Select(s => new StorageInfo
        {
            Key = s.Key,
            DType = Canonical(s.Type.DType ?? TorchDType.UInt8),
            FormatDType = s.Type.DType?.Name ?? TorchDType.UInt8.Name,
            ElementCount = s.ElementCount,
            ByteOffset = locations[s.Key].ByteOffset,
            ByteLength = locations[s.Key].ByteLength,
            Record = locations[s.Key].Record,
        }).ToList();
        return (tensors, storages, findings);
    }

    private static string Canonical(TorchDType dtype) => FormatDTypes.Canonical(CheckpointFormat.PyTorch, dtype.Name);
}
