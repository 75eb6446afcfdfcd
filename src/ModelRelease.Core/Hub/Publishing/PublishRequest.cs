namespace ModelRelease.Core.Hub.Publishing;

/// <summary>A local file and where it goes in the repository.</summary>
public sealed record PublishSource(string LocalPath, string PathInRepo);

/// <summary>What to publish, where, and how to describe the commit.</summary>
public sealed record PublishRequest
{
    public required RepoRef Repo { get; init; }
    public string Revision { get; init; } = "main";
    public required IReadOnlyList<PublishSource> Files { get; init; }
    public string CommitMessage { get; init; } = "Upload model files with ModelRelease";
    public string? CommitDescription { get; init; }
    public bool CreatePullRequest { get; init; }

    /// <summary>
    /// Globs of files to delete from the repository in the same commit (<c>hf upload --delete</c>), matched against paths
    /// under <see cref="PathInRepo"/> (relative to it); files this publish uploads are never deleted.
    /// </summary>
    public IReadOnlyList<string> Delete { get; init; } = [];

    /// <summary>The folder in the repository the files go under ("" for the root): the delete patterns are relative to it.</summary>
    public string PathInRepo { get; init; } = "";

    /// <summary>Create the repository when it does not exist.</summary>
    public bool CreateRepoIfMissing { get; init; } = true;
    public bool Private { get; init; }
}

/// <summary>Stages of a publish, for progress.</summary>
public enum PublishStage
{
    Planning,
    Hashing,
    Uploading,
    Committing,
    Done,
}

/// <summary>Progress of a publish: the file being worked on, and the totals so far.</summary>
public readonly record struct PublishProgress(
    PublishStage Stage,
    string? Path,
    long HashedBytes,
    long BytesToHash,
    long UploadedBytes,
    long BytesToUpload,
    int FilesDone,
    int FilesTotal);
