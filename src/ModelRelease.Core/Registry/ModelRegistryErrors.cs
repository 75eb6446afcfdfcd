namespace ModelRelease.Core.Registry;

/// <summary>
/// The error ids of the model registry (the ErrorRecord ids in PowerShell), enumerated by a test and listed in the about
/// topic. Each error also carries the rule's code from <see cref="ModelRegistryCodes"/>.
/// </summary>
public static class ModelRegistryErrors
{
    /// <summary>The lifecycle does not allow the move (development straight to production, anything out of archived).</summary>
    public const string MoveNotAllowed = "ModelMoveNotAllowed";

    /// <summary>The move's gate is not met (a failed test, a metric beyond its threshold, too few approvers, the grace period not over).</summary>
    public const string GateNotMet = "ModelGateNotMet";

    /// <summary>The checkpoint gate refused the weights of a new version.</summary>
    public const string CheckpointRefused = "ModelCheckpointRefused";

    /// <summary>A component the registry (or the policy) does not know.</summary>
    public const string ComponentUnknown = "ModelComponentUnknown";

    /// <summary>A version the component does not have.</summary>
    public const string VersionUnknown = "ModelVersionUnknown";

    /// <summary>The version is already registered.</summary>
    public const string VersionExists = "ModelVersionExists";

    /// <summary>A store file (metadata.json, performance.json, the policy, a parameter file, audit.jsonl, a test-results file) that is not what its schema says.</summary>
    public const string FileInvalid = "ModelFileInvalid";

    /// <summary>A file the call needs does not exist (the policy, the test results, the weights, the registry database to read).</summary>
    public const string FileNotFound = "ModelFileNotFound";

    /// <summary>The audit chain is broken (an entry edited or deleted): Export-ModelAudit refuses to certify it.</summary>
    public const string AuditBroken = "ModelAuditBroken";

    /// <summary>The database was made by a newer ModelRelease (its schema version is above the code's).</summary>
    public const string SchemaTooNew = "ModelRegistrySchemaTooNew";

    /// <summary>The registry database cannot be opened or reached (the message never shows a password).</summary>
    public const string ConnectionFailed = "ModelRegistryConnectionFailed";

    /// <summary>Another agent changed the registry at the same moment and the database refused this change (nothing was written; try again).</summary>
    public const string Conflict = "ModelRegistryConflict";

    /// <summary>A value the registry cannot take (a component name, a reason left empty, an emergency with one approver, a quarter like 2023Q5).</summary>
    public const string InputInvalid = "ModelRegistryInputInvalid";

    /// <summary>A rollback without a previous production version, a traffic step without a plan.</summary>
    public const string RollbackImpossible = "ModelRollbackImpossible";

    /// <summary>A file of the store could not be written (the database is unchanged).</summary>
    public const string StoreUnwritable = "ModelStoreUnwritable";
}
