using ModelRelease.Core.Hub;

namespace ModelRelease.Core.Operations.Publish;

/// <summary>What to publish (files and folders, however the face was given them) and how to describe the commit.</summary>
public sealed record PublishOptions
{
    public required RepoRef Repo { get; init; }

    /// <summary>The branch to commit to.</summary>
    public string Revision { get; init; } = "main";

    /// <summary>Create <see cref="Revision"/> as a new branch (at <see cref="StartingPoint"/>) when the repository has no such branch.</summary>
    public bool CreateBranch { get; init; }

    /// <summary>Where a new branch starts (a branch, tag or commit; default main).</summary>
    public string StartingPoint { get; init; } = "main";

    /// <summary>Files and folders (full paths): folders recursively, globs applied; a checkpoint's shards and external data as files.</summary>
    public required IReadOnlyList<string> Paths { get; init; }

    /// <summary>The folder in the repository the files go under.</summary>
    public string? PathInRepo { get; init; }

    public IReadOnlyList<string> Include { get; init; } = [];

    public IReadOnlyList<string> Exclude { get; init; } = [];

    /// <summary>Checkpoints (from Get-Checkpoint): their files, shards and external data are published, and gated like any file.</summary>
    public IReadOnlyList<Checkpoint> Checkpoints { get; init; } = [];

    /// <summary>Validations the user made (piped CheckpointValidation objects): a failed one refuses its checkpoint.</summary>
    public IReadOnlyList<CheckpointValidation> Validations { get; init; } = [];

    public string CommitMessage { get; init; } = "Upload model files with ModelRelease";

    public string? CommitDescription { get; init; }

    public bool CreatePullRequest { get; init; }

    /// <summary>Globs of remote files to delete in the same commit (relative to <see cref="PathInRepo"/>); the files published are kept.</summary>
    public IReadOnlyList<string> Delete { get; init; } = [];

    /// <summary>Create the repository as private when it does not exist.</summary>
    public bool Private { get; init; }

    /// <summary>Publish even when the checkpoint gate refuses a file.</summary>
    public bool Force { get; init; }
}
