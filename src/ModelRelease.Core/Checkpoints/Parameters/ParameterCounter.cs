using ModelRelease.Core.Checkpoints.Common;

namespace ModelRelease.Core.Checkpoints.Parameters;

/// <summary>
/// Counts a checkpoint's parameters from its header. Total counts every named tensor; Unique counts
/// each distinct view of a storage once (tied weights share key, offset, shape and stride), which
/// equals Total for formats that cannot share storage.
/// </summary>
public static class ParameterCounter
{
    /// <exception cref="CheckpointFormatException">The element counts add up past 2^63−1 (CKPT_PARAMETER_OVERFLOW, naming
    /// the file and the tensor): a count that cannot be exact is not reported.</exception>
    public static ParameterReport Measure(Checkpoint checkpoint, long? expected = null, double? tolerance = null)
    {
        if (tolerance is < 0 or double.NaN) throw new ArgumentOutOfRangeException(nameof(tolerance), tolerance, "the tolerance must be a fraction ≥ 0 (0.01 for 1%)");
        long total = 0;
        var byDType = new SortedDictionary<string, long>(StringComparer.Ordinal);
        var byGroup = new SortedDictionary<string, long>(StringComparer.Ordinal);
        // Tensors that view the same storage the same way count once. Names are unique in every format but PyTorch's
        // (whose dotted names can collide), so only PyTorch tensors need a key kept for them.
        var torch = checkpoint.Format is CheckpointFormat.PyTorch or CheckpointFormat.PyTorchLegacy;
        var views = new HashSet<string>(StringComparer.Ordinal);
        long unique = 0;
        foreach (var t in checkpoint.Tensors)
        {
            total = CheckedMath.Add(total, t.ElementCount) ?? throw Overflow(checkpoint, t.Name, "the tensors' element counts");
            byDType[t.DType] = CheckedMath.Add(byDType.GetValueOrDefault(t.DType), t.ElementCount) ?? throw Overflow(checkpoint, t.Name, $"the {t.DType} element counts");
            var group = GroupOf(t.Name);
            byGroup[group] = CheckedMath.Add(byGroup.GetValueOrDefault(group), t.ElementCount) ?? throw Overflow(checkpoint, t.Name, $"the element counts of group '{group}'");
            if (torch && !views.Add(t.StorageKey is null
                    ? "\0" + t.Name
                    : string.Join('\u0001', t.StorageKey, t.DType, t.StorageOffset, string.Join(',', t.Shape), string.Join(',', t.Stride ?? []))))
            {
                continue;
            }
            unique = CheckedMath.Add(unique, t.ElementCount) ?? throw Overflow(checkpoint, t.Name, "the tensors' element counts");
        }
        long? storageElements = null;
        foreach (var s in checkpoint.Storages)
        {
            storageElements = CheckedMath.Add(storageElements ?? 0, s.ElementCount) ?? throw Overflow(checkpoint, null, "the storages' element counts");
        }

        double? deviation = null;
        bool? within = null;
        if (expected is { } e)
        {
            deviation = e == 0 ? (total == 0 ? 0 : double.PositiveInfinity) : (double)(total - e) / e;
            within = Math.Abs(deviation.Value) <= (tolerance ?? 0);
        }
        return new ParameterReport
        {
            Path = checkpoint.Path,
            Format = checkpoint.Format,
            Total = total,
            Unique = unique,
            StorageElements = storageElements,
            TensorCount = checkpoint.Tensors.Count,
            ByDType = byDType,
            ByGroup = byGroup,
            Expected = expected,
            Tolerance = expected is null ? null : tolerance ?? 0,
            Deviation = deviation,
            WithinTolerance = within,
        };
    }

    private static CheckpointFormatException Overflow(Checkpoint checkpoint, string? tensor, string what) =>
        new CheckpointFormatException(CheckpointErrorKind.Invalid, CheckpointCodes.ParameterOverflow, checkpoint.Path,
            $"{what} add up to more than 2^63-1, so no exact parameter count exists", tensor: tensor);

    /// <summary>The part of a tensor name before the first '.' (the whole name when it has none).</summary>
    public static string GroupOf(string tensorName)
    {
        var dot = tensorName.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? tensorName : tensorName[..dot];
    }
}
