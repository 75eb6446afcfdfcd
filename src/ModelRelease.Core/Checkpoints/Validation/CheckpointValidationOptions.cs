namespace ModelRelease.Core.Checkpoints.Validation;

/// <summary>What a validation checks beyond the structure of the header.</summary>
public sealed record CheckpointValidationOptions
{
    /// <summary>Compute the file's SHA-256.</summary>
    public bool ComputeSha256 { get; init; }

    /// <summary>Compare the file's SHA-256 with this (hex, any case); implies computing it.</summary>
    public string? ExpectedSha256 { get; init; }

    public long? ExpectedParameterCount { get; init; }

    /// <summary>Allowed relative deviation from <see cref="ExpectedParameterCount"/> (0.01 = 1%).</summary>
    public double ParameterTolerance { get; init; }

    /// <summary>Stream all tensor data once: NaN/Inf per tensor, truncation, and the CRC-32 of every PyTorch zip record.</summary>
    public bool Deep { get; init; }
}
