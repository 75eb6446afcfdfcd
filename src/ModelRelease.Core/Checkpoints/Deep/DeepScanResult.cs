namespace ModelRelease.Core.Checkpoints.Deep;

/// <summary>What streaming a checkpoint's data found.</summary>
public sealed record DeepScanResult(IReadOnlyList<TensorScan> Scans, IReadOnlyList<Finding> Findings, string? Sha256, long BytesRead)
{
    /// <summary>Archive records (PyTorch zip) whose CRC-32 was computed over all their bytes and compared.</summary>
    public int RecordsVerified { get; init; }
}
