namespace ModelRelease.Core.Operations;

/// <summary>A write an operation is about to make, asked before it is made (after every check passed).</summary>
public enum QuestionKind
{
    CreateRepository,
    Upload,
    Commit,
    CreateTag,
    MoveTag,
    CreateLocalTag,
    MoveLocalTag,
    CreateBranch,
    DeleteBranch,
    WriteRegistry,
    WriteChangelog,
    PushLocalTag,

    /// <summary>A change of the model registry (a version registered, a status move, a rollback, a parameter set, an audit report).</summary>
    RegistryChange,

    /// <summary>A file downloaded into a local folder (weights into the cache).</summary>
    Download,
    DeleteFiles,
    DeleteRepository,
    ChangeVisibility,
    DeleteTag,
    RemoveCachedRevision,
    StoreToken,
    ForgetToken,
}

/// <summary>
/// One write, asked of the face before it happens: PowerShell answers with ShouldProcess (a
/// <see cref="HighImpact"/> one with the high-impact confirmation), the CLI with --what-if. <see cref="Target"/> and
/// <see cref="Action"/> are worded for ShouldProcess; <see cref="HowToSkip"/> says how to go without a prompt.
/// </summary>
public sealed record OperationQuestion(QuestionKind Kind, string Target, string Action)
{
    /// <summary>Destructive: creating a public repository, moving a tag. Asked even under the default confirmation preference.</summary>
    public bool HighImpact { get; init; }

    public string? HowToSkip { get; init; }

    /// <summary>Uploads: the file.</summary>
    public PublishFile? File { get; init; }
}

/// <summary>Answers an <see cref="OperationQuestion"/>: true to go on with that write.</summary>
public delegate ValueTask<bool> OperationDecider(OperationQuestion question, CancellationToken cancellationToken);

/// <summary>Deciders every face can use.</summary>
public static class OperationDeciders
{
    /// <summary>Yes to every write (a CLI run without --what-if).</summary>
    public static OperationDecider Always { get; } = (_, _) => ValueTask.FromResult(true);
}
