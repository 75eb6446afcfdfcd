namespace ModelRelease.Core.Checkpoints.Parameters;

/// <summary>
/// Counts a checkpoint's parameters from its header. Total counts every named tensor; Unique counts
/// each distinct view of a storage once (tied weights share key, offset, shape and stride), which
/// equals Total for formats that cannot share storage.
/// </summary>
public static class ParameterCounter
{
    public static ParameterReport Measure(Checkpoint checkpoint, long? expected = null, double? tolerance = null)
    {
        if (tolerance is < 0 or double.NaN) throw new ArgumentOutOfRangeException(nameof(tolerance), tolerance, "the tolerance must be a fraction ≥ 0 (0.01 for 1%)");
        long total = 0;
        var byDType = new SortedDictionary<string, long>(StringComparer.Ordinal);
        var byGroup = new SortedDictionary<string, long>(StringComparer.Ordinal);
        var views = new HashSet<string>(StringComparer.Ordinal);
        long unique = 0;
        foreach (var t in checkpoint.Tensors)
        {
            total = checked(total + t.ElementCount);
            byDType[t.DType] = byDType.GetValueOrDefault(t.DType) + t.ElementCount;
            var group = GroupOf(t.Name);
            byGroup[group] = byGroup.GetValueOrDefault(group) + t.ElementCount;
            var key = t.StorageKey is null
                ? "\0" + t.Name
                : string.Join('\u0001', t.StorageKey, t.DType, t.StorageOffset, string.Join(',', t.Shape), string.Join(',', t.Stride ?? []));
            if (views.Add(key)) unique = checked(unique + t.ElementCount);
        }
        long? storageElements = checkpoint.Storages.Count == 0 ? null : checkpoint.Storages.Sum(s => s.ElementCount);

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

    /// <summary>The part of a tensor name before the first '.' (the whole name when it has none).</summary>
    public static string GroupOf(string tensorName)
    {
        var dot = tensorName.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? tensorName : tensorName[..dot];
    }
}
