namespace ModelRelease;

/// <summary>One file the checkpoint gate looked at: what it is, and (for weights and pickles) what was found.</summary>
public sealed record GateFile
{
    public required string Path { get; init; }

    public required FileRole Role { get; init; }

    /// <summary>True when this file stops the gate (an invalid checkpoint, an unsafe or unreadable pickle).</summary>
    public required bool Refused { get; init; }

    /// <summary>Checkpoints: the validation (a shard points at its set's index in <see cref="CoveredBy"/> instead).</summary>
    public CheckpointValidation? Validation { get; init; }

    /// <summary>Shards: the index or first split that names the set.</summary>
    public string? CoveredBy { get; init; }

    /// <summary>What was found about the file besides a validation (a training-state pickle's globals, a refusal's reason).</summary>
    public IReadOnlyList<Finding> Findings { get; init; } = [];

    public override string ToString() => $"{System.IO.Path.GetFileName(Path)} ({Role}{(Refused ? ", REFUSED" : "")})";
}
