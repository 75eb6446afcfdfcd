namespace ModelRelease;

/// <summary>Parameter counts of a checkpoint. Produced by <c>Measure-ModelParameter</c> / <c>modelrelease params</c>.</summary>
public sealed record ParameterReport
{
    public required string Path { get; init; }
    public required CheckpointFormat Format { get; init; }

    /// <summary>Every tensor's elements, tied tensors counted each time they are named.</summary>
    public required long Total { get; init; }

    /// <summary>Elements with shared storage counted once: tensors that are the same view of the same
    /// storage (tied weights) count once; distinct views of one storage count separately.
    /// Equal to <see cref="Total"/> for formats that cannot share storage.</summary>
    public required long Unique { get; init; }

    /// <summary>PyTorch: elements of the distinct storages the file holds (can exceed <see cref="Unique"/> when a slice saved its whole storage).</summary>
    public long? StorageElements { get; init; }

    public required int TensorCount { get; init; }

    /// <summary>Elements by canonical dtype name (<c>F32</c>, <c>BF16</c>, <c>Q4_K</c>; see <see cref="TensorInfo.DType"/>), the same keys in every format.</summary>
    public required IReadOnlyDictionary<string, long> ByDType { get; init; }

    /// <summary>Elements by top-level module: the part of the tensor name before the first '.'.</summary>
    public required IReadOnlyDictionary<string, long> ByGroup { get; init; }

    /// <summary>The count the caller expected, when given.</summary>
    public long? Expected { get; init; }

    /// <summary>Allowed relative deviation (0.01 = 1%).</summary>
    public double? Tolerance { get; init; }

    /// <summary>(Total − Expected) / Expected, when Expected is given and non-zero.</summary>
    public double? Deviation { get; init; }

    /// <summary>True when |Deviation| ≤ Tolerance; null when nothing was expected.</summary>
    public bool? WithinTolerance { get; init; }

    public string TotalText => ParameterCountText.Format(Total);
    public string UniqueText => ParameterCountText.Format(Unique);

    public override string ToString() => $"{System.IO.Path.GetFileName(Path)}: {TotalText} parameters ({UniqueText} unique)";
}
