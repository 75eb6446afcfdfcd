using ModelRelease.Core.Checkpoints.Validation;

namespace ModelRelease.Core.Operations.Gate;

/// <summary>What the checkpoint gate looks at and how hard.</summary>
public sealed record CheckpointGateOptions
{
    /// <summary>Files and folders (full paths).</summary>
    public required IReadOnlyList<string> Inputs { get; init; }

    /// <summary>
    /// Folders: false (validate) takes the checkpoint files directly in a folder and calls a folder without one a failure;
    /// true (publish, release) takes every file below it (<c>.git/</c> and <c>.cache/</c> left out).
    /// </summary>
    public bool Recurse { get; init; }

    /// <summary>Globs of files to take (relative to the folder; a pattern without '/' matches the name anywhere).</summary>
    public IReadOnlyList<string> Include { get; init; } = [];

    /// <summary>Globs of files to leave out.</summary>
    public IReadOnlyList<string> Exclude { get; init; } = [];

    /// <summary>How each checkpoint is validated (headers only by default; -Deep, SHA-256 and the parameter count when asked).</summary>
    public CheckpointValidationOptions Validation { get; init; } = new();

    /// <summary>Validations the user already made (piped CheckpointValidation objects), by path: a failed one refuses its checkpoint.</summary>
    public IReadOnlyDictionary<string, CheckpointValidation> Given { get; init; } = new Dictionary<string, CheckpointValidation>();

    /// <summary>True when no checkpoint at all is a failure (validate, release); a publish of a card or a config alone needs none.</summary>
    public bool RequireCheckpoint { get; init; } = true;

    /// <summary>
    /// Read a file the inputs name directly (not one found in a folder) as a checkpoint even when neither its name nor
    /// its first bytes say so (validate: the user asked for that file; a missing one is CKPT_NOT_FOUND). Publishes
    /// leave it off: there a config or a text file is data.
    /// </summary>
    public bool ReadNamedFiles { get; init; }

    /// <summary>
    /// Check what checkpoint names say against the checkpoints (the default): the quantization in a GGUF file name
    /// against its general.file_type, and a size label (3b, 135m, or a word of <see cref="SizeLabels"/>) against the
    /// parameter count. A name that lies refuses its file (NAME_QUANT_MISMATCH, NAME_SIZE_MISMATCH).
    /// </summary>
    public bool CheckNames { get; init; } = true;

    /// <summary>Words a name may use for a size and the parameter count each stands for (small = 7.1K, base = 26.8K).</summary>
    public IReadOnlyDictionary<string, long> SizeLabels { get; init; } = new Dictionary<string, long>();

    /// <summary>How far a size label may be from the parameter count (0.10: labels are rounded, 7b for 6.74B).</summary>
    public double SizeTolerance { get; init; } = Releases.Names.NameChecks.DefaultSizeTolerance;

    /// <summary>Let the files through when the gate fails (the findings stay, and <see cref="CheckpointGateResult.Forced"/> says so).</summary>
    public bool Force { get; init; }
}

/// <summary>Progress of the gate: the file being read and bytes of the deep scan or hash.</summary>
public readonly record struct GateProgress(string Path, string Activity, long BytesDone, long BytesTotal);
