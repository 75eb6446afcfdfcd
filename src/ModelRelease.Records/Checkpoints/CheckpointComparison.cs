namespace ModelRelease;

/// <summary>
/// What changed between two checkpoints, and the version bump that implies (layout change: major;
/// same layout with different values: minor). Produced by <c>Compare-Checkpoint</c>.
/// </summary>
public sealed record CheckpointComparison
{
    public required string ReferencePath { get; init; }
    public required string DifferencePath { get; init; }
    public required IReadOnlyList<string> Added { get; init; }
    public required IReadOnlyList<string> Removed { get; init; }
    public required IReadOnlyList<TensorChange> Reshaped { get; init; }
    public required IReadOnlyList<TensorChange> Retyped { get; init; }

    /// <summary>Same name, dtype and shape, different bytes. Only filled when content was compared.</summary>
    public required IReadOnlyList<TensorChange> ContentChanged { get; init; }

    public required int UnchangedCount { get; init; }

    /// <summary>True when per-tensor hashes were compared (<c>-Content</c>).</summary>
    public required bool ContentCompared { get; init; }

    public required VersionBump ImpliedBump { get; init; }

    public bool IsIdentical => Added.Count == 0 && Removed.Count == 0 && Reshaped.Count == 0 && Retyped.Count == 0 && ContentChanged.Count == 0;
}
