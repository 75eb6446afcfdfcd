namespace ModelRelease;

/// <summary>
/// The checkpoint gate's verdict on a set of files (<c>modelrelease validate</c>, and before every publish and release):
/// each file's role, the validation of every checkpoint, and the gate's own findings (no checkpoint at all is a failure,
/// never a pass). <see cref="Passed"/> is false when a file is refused or no checkpoint was found.
/// </summary>
public sealed record CheckpointGateResult
{
    public required bool Passed { get; init; }

    /// <summary>True when the gate failed and was overridden (-Force, --force): the files go on, the findings stay.</summary>
    public bool Forced { get; init; }

    /// <summary>Every file, in input order, with its role.</summary>
    public required IReadOnlyList<GateFile> Files { get; init; }

    /// <summary>The gate's own findings (CKPT_NO_CHECKPOINTS, an input that does not exist).</summary>
    public required IReadOnlyList<Finding> Findings { get; init; }

    /// <summary>The validations of the checkpoints (one per checkpoint; a sharded set once).</summary>
    public IReadOnlyList<CheckpointValidation> Validations => Files.Where(f => f.Validation is not null).Select(f => f.Validation!).ToList();

    public int CheckpointCount => Files.Count(f => f.Role == FileRole.Checkpoint);

    public int RefusedCount => Files.Count(f => f.Refused);

    public override string ToString() => $"{(Passed ? "passed" : Forced ? "FAILED (forced)" : "FAILED")}: {CheckpointCount} checkpoint(s) among {Files.Count} file(s), {RefusedCount} refused";
}
