namespace ModelRelease.Core.Operations;

/// <summary>The error ids of the operations (the ErrorRecord ids in PowerShell), enumerated by a test.</summary>
public static class OperationErrors
{
    /// <summary>The checkpoint gate refused a file among the ones to publish (and -Force was not given).</summary>
    public const string PublishRefused = "PublishRefused";

    /// <summary>The repository moved between the plan and its execution: nothing was committed.</summary>
    public const string PublishPlanStale = "PublishPlanStale";

    /// <summary>A release's inputs contradict each other (a card given twice, no version).</summary>
    public const string ReleaseInputInvalid = "ReleaseInputInvalid";

    /// <summary>A release was refused before its first write (the report's error findings say why).</summary>
    public const string ReleaseRefused = "ReleaseRefused";

    /// <summary>A released file downloaded back differs from the local one.</summary>
    public const string ReleaseVerificationFailed = "ReleaseVerificationFailed";

    /// <summary>A branch name git or the Hub refuses, or one a tag already has.</summary>
    public const string BranchNameInvalid = "BranchNameInvalid";

    /// <summary>The branch exists and points at another commit than the one asked for.</summary>
    public const string BranchAlreadyExists = "BranchAlreadyExists";

    /// <summary>The branch to delete (or to publish to without -CreateBranch) does not exist.</summary>
    public const string BranchNotFound = "BranchNotFound";

    /// <summary>main, the default branch, cannot be deleted.</summary>
    public const string BranchProtected = "BranchProtected";

    /// <summary>A version bump without what it needs (neither an increment nor checkpoints to compare), or whose comparison found nothing to bump.</summary>
    public const string VersionBumpInvalid = "VersionBumpInvalid";

    /// <summary>A weights publish's inputs contradict the registry or each other (another repository, a patch version, no repository for a new model).</summary>
    public const string WeightsPublishInvalid = "WeightsPublishInvalid";

    /// <summary>Downloaded weights do not have the SHA-256 the registry records for them.</summary>
    public const string WeightsHashMismatch = "WeightsHashMismatch";

    /// <summary>A family release was refused before its first write: a variant failed a check (each variant's report says which).</summary>
    public const string FamilyReleaseRefused = "FamilyReleaseRefused";
}
