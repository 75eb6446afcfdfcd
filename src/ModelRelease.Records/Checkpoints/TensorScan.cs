namespace ModelRelease;

/// <summary>What a deep scan saw in one tensor's data.</summary>
public sealed record TensorScan(string Name, string DType, long ElementCount)
{
    public long NaNCount { get; init; }
    public long PositiveInfinityCount { get; init; }
    public long NegativeInfinityCount { get; init; }

    /// <summary>False when the dtype has no NaN/Inf (integers, quantized blocks): only its bytes were read.</summary>
    public bool Checked { get; init; }

    public bool IsFinite => NaNCount == 0 && PositiveInfinityCount == 0 && NegativeInfinityCount == 0;
}
