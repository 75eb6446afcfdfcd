namespace ModelRelease.Core.Checkpoints.Deep;

/// <summary>What streaming a checkpoint's data found.</summary>
public sealed record DeepScanResult(IReadOnlyList<TensorScan> Scans, IReadOnlyList<Finding> Findings, string? Sha256, long BytesRead);
