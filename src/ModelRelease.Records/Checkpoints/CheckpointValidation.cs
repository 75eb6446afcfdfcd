namespace ModelRelease;

/// <summary>
/// The verdict on a checkpoint. A failed check is data: <see cref="IsValid"/> false with error findings.
/// Produced by <c>Test-Checkpoint</c> / <c>modelrelease validate</c>.
/// </summary>
public sealed record CheckpointValidation
{
    public required string Path { get; init; }

    /// <summary>True when no finding has severity Error.</summary>
    public required bool IsValid { get; init; }

    public required IReadOnlyList<Finding> Findings { get; init; }

    /// <summary>The checkpoint, when its header could be read.</summary>
    public Checkpoint? Checkpoint { get; init; }

    public CheckpointFormat? Format { get; init; }

    /// <summary>Lower-case hex SHA-256 of the file, when asked for.</summary>
    public string? Sha256 { get; init; }

    public long? ParameterCount { get; init; }

    /// <summary>True when every tensor's data was streamed (<c>-Deep</c>).</summary>
    public bool Deep { get; init; }

    /// <summary>Per-tensor results of the deep scan; empty otherwise.</summary>
    public IReadOnlyList<TensorScan> TensorScans { get; init; } = [];

    public int ErrorCount => Findings.Count(f => f.Severity == FindingSeverity.Error);
    public int WarningCount => Findings.Count(f => f.Severity == FindingSeverity.Warning);

    public override string ToString() => $"{System.IO.Path.GetFileName(Path)}: {(IsValid ? "valid" : "INVALID")} ({ErrorCount} errors, {WarningCount} warnings)";
}
