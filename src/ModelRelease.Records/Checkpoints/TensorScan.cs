namespace ModelRelease;

/// <summary>What a deep scan saw in one tensor's data. <see cref="DType"/> is the canonical name (<c>F32</c>), as in
/// <see cref="TensorInfo.DType"/>.</summary>
public sealed record TensorScan(string Name, string DType, long ElementCount)
{
    private readonly string? _formatDType;

    /// <summary>The element type as the file spells it (<c>float32</c>, <c>FLOAT</c>); equal to <see cref="DType"/> when not given.</summary>
    public string FormatDType { get => _formatDType ?? DType; init => _formatDType = value; }

    public long NaNCount { get; init; }
    public long PositiveInfinityCount { get; init; }
    public long NegativeInfinityCount { get; init; }

    /// <summary>False when the dtype has no NaN/Inf (integers, quantized blocks): only its bytes were read.</summary>
    public bool Checked { get; init; }

    public bool IsFinite => NaNCount == 0 && PositiveInfinityCount == 0 && NegativeInfinityCount == 0;
}
