namespace ModelRelease.Core.Registry;

/// <summary>Stable codes of the model registry's rules (enumerated by a test: unique, prefixed MREG_).</summary>
public static class ModelRegistryCodes
{
    /// <summary>A move the lifecycle does not have.</summary>
    public const string MoveNotAllowed = "MREG_MOVE_NOT_ALLOWED";

    /// <summary>A move to the status the version already has.</summary>
    public const string MoveToSameStatus = "MREG_MOVE_SAME_STATUS";

    /// <summary>production → deprecated is the registry's own move (when another version reaches production).</summary>
    public const string MoveAutomaticOnly = "MREG_MOVE_AUTOMATIC_ONLY";

    /// <summary>development → testing without a test-results file.</summary>
    public const string TestResultsMissing = "MREG_GATE_TEST_RESULTS_MISSING";

    /// <summary>The test results hold failures or errors.</summary>
    public const string TestsFailed = "MREG_GATE_TESTS_FAILED";

    /// <summary>The test results hold no executed test.</summary>
    public const string TestsEmpty = "MREG_GATE_TESTS_EMPTY";

    /// <summary>A test-results file that is neither TRX, JUnit nor NUnit XML.</summary>
    public const string TestResultsFormat = "MREG_GATE_TEST_RESULTS_FORMAT";

    /// <summary>A metric beyond its threshold, or missing.</summary>
    public const string Threshold = "MREG_GATE_THRESHOLD";

    /// <summary>The policy has no thresholds for the component: a check of nothing never passes.</summary>
    public const string NoThresholds = "MREG_GATE_NO_THRESHOLDS";

    /// <summary>Too few approvals for production.</summary>
    public const string Approvals = "MREG_GATE_APPROVALS";

    /// <summary>An approver the policy does not name.</summary>
    public const string ApproverUnknown = "MREG_GATE_APPROVER_UNKNOWN";

    /// <summary>The grace period of a deprecated version is not over.</summary>
    public const string GracePeriod = "MREG_GATE_GRACE_PERIOD";

    /// <summary>An emergency move with fewer than two approvers.</summary>
    public const string EmergencyApprovers = "MREG_EMERGENCY_APPROVERS";

    /// <summary>A move without a reason.</summary>
    public const string ReasonMissing = "MREG_REASON_MISSING";

    /// <summary>The checkpoint gate refused the weights.</summary>
    public const string Checkpoint = "MREG_CHECKPOINT";

    /// <summary>A component the registry does not have.</summary>
    public const string ComponentUnknown = "MREG_COMPONENT_UNKNOWN";

    /// <summary>A component the policy does not list.</summary>
    public const string ComponentNotInPolicy = "MREG_COMPONENT_NOT_IN_POLICY";

    /// <summary>A component name that is not lower-case words joined by '-', '_' or '.'.</summary>
    public const string ComponentName = "MREG_COMPONENT_NAME";

    /// <summary>A version the component does not have.</summary>
    public const string VersionUnknown = "MREG_VERSION_UNKNOWN";

    /// <summary>The version is registered already.</summary>
    public const string VersionExists = "MREG_VERSION_EXISTS";

    /// <summary>A version that is not X.Y.Z.</summary>
    public const string VersionText = "MREG_VERSION_TEXT";

    /// <summary>A name, actor or approver that cannot be used (empty, control characters, too long).</summary>
    public const string Text = "MREG_TEXT";

    /// <summary>A JSON file of the store that breaks its schema (each finding has its JSON path).</summary>
    public const string Schema = "MREG_SCHEMA";

    /// <summary>A file that is not JSON (or YAML for config.yaml).</summary>
    public const string Syntax = "MREG_SYNTAX";

    /// <summary>A file the call needs does not exist.</summary>
    public const string NotFound = "MREG_NOT_FOUND";

    /// <summary>A policy file named explicitly (-Policy / --policy) that does not exist; only the default location may be absent.</summary>
    public const string PolicyNotFound = "MREG_POLICY_NOT_FOUND";

    /// <summary>No registry database to read (nothing was registered yet).</summary>
    public const string DatabaseNotFound = "MREG_DATABASE_NOT_FOUND";

    /// <summary>The database's schema version is above the code's.</summary>
    public const string SchemaTooNew = "MREG_SCHEMA_TOO_NEW";

    /// <summary>The database cannot be reached or refused the login.</summary>
    public const string Connection = "MREG_CONNECTION";

    /// <summary>A database that is not a registry (tables missing, a schema version that is not a number).</summary>
    public const string DatabaseInvalid = "MREG_DATABASE_INVALID";

    /// <summary>Another agent's change came first and the database refused this one (the one-production rule, a version registered twice).</summary>
    public const string Conflict = "MREG_CONFLICT";

    /// <summary>An audit entry whose hash does not match its content (edited).</summary>
    public const string AuditHash = "MREG_AUDIT_HASH";

    /// <summary>An audit entry whose previous hash is not the hash of the entry before it, or a gap in the sequence (deleted).</summary>
    public const string AuditChain = "MREG_AUDIT_CHAIN";

    /// <summary>The last audit entry is not the one the registry recorded as its head (entries deleted at the end).</summary>
    public const string AuditHead = "MREG_AUDIT_HEAD";

    /// <summary>A line of audit.jsonl that differs from the database's entry.</summary>
    public const string MirrorMismatch = "MREG_MIRROR_MISMATCH";

    /// <summary>audit.jsonl holds entries the database does not have.</summary>
    public const string MirrorExtra = "MREG_MIRROR_EXTRA";

    /// <summary>A rollback with no previous production version to restore.</summary>
    public const string NoPreviousProduction = "MREG_NO_PREVIOUS_PRODUCTION";

    /// <summary>A rollback of a component without a production version.</summary>
    public const string NoProduction = "MREG_NO_PRODUCTION";

    /// <summary>A traffic change for a component without a traffic plan, or to a share that is not a step of it.</summary>
    public const string Traffic = "MREG_TRAFFIC";

    /// <summary>A quarter that is not yyyyQ1..yyyyQ4.</summary>
    public const string Quarter = "MREG_QUARTER";

    /// <summary>A parameter set whose id is registered already.</summary>
    public const string ParameterExists = "MREG_PARAMETER_EXISTS";

    /// <summary>A parameter set without values.</summary>
    public const string ParameterValues = "MREG_PARAMETER_VALUES";

    /// <summary>A file of the store could not be written.</summary>
    public const string Io = "MREG_IO";

    // Compliance flags (Export-ModelAudit's compliance_checklist.md).

    /// <summary>A move made without its gate (an emergency).</summary>
    public const string GateSkipped = "MREG_COMPLIANCE_GATE_SKIPPED";

    /// <summary>A parameter file whose content differs from what the registry recorded (changed by hand).</summary>
    public const string ParameterFileChanged = "MREG_COMPLIANCE_PARAMETER_FILE_CHANGED";

    /// <summary>The audit chain is broken.</summary>
    public const string ChainBroken = "MREG_COMPLIANCE_AUDIT_CHAIN";

    // Commit messages (Test-CommitMessage).

    /// <summary>The subject is not [COMPONENT] TYPE: Description.</summary>
    public const string CommitSubject = "MREG_COMMIT_SUBJECT";

    /// <summary>A TYPE outside the convention's list.</summary>
    public const string CommitType = "MREG_COMMIT_TYPE";

    /// <summary>No Performance impact: line.</summary>
    public const string CommitPerformance = "MREG_COMMIT_PERFORMANCE_IMPACT";

    /// <summary>No Reviewed-by: line.</summary>
    public const string CommitReviewed = "MREG_COMMIT_REVIEWED_BY";
}
