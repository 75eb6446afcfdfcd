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
}
