using ModelRelease.Core.Checkpoints;

namespace ModelRelease.Core.Operations.Gate;

/// <summary>Finding codes of the checkpoint gate (checkpoints keep their readers' codes), enumerated by a test.</summary>
public static class GateCodes
{
    /// <summary>No checkpoint among the inputs (or in a folder): a failure, never a pass.</summary>
    public const string NoCheckpoints = CheckpointFiles.NoCheckpoints;

    /// <summary>An input that is neither a file nor a folder.</summary>
    public const string InputNotFound = "GATE_INPUT_NOT_FOUND";

    /// <summary>A validation given with the input (a piped CheckpointValidation) failed.</summary>
    public const string ValidationFailed = "GATE_VALIDATION_FAILED";

    /// <summary>A training-state file or other pickle names a global that runs code when loaded (os.system, builtins.eval, …).</summary>
    public const string PickleUnsafe = "GATE_PICKLE_UNSAFE";

    /// <summary>A training-state file or other pickle could not be read to its end, so what it would run is unknown.</summary>
    public const string PickleUnreadable = "GATE_PICKLE_UNREADABLE";

    /// <summary>Note: a training-state pickle names globals beyond the tensor allow-list (loading it imports them).</summary>
    public const string PickleGlobals = "GATE_PICKLE_GLOBALS";

    /// <summary>The gate failed and -Force / --force let the files through.</summary>
    public const string Forced = "GATE_FORCED";
}
