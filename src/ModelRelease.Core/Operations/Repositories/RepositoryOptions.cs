using ModelRelease.Core.Hub;

namespace ModelRelease.Core.Operations.Repositories;

/// <summary>A repository to create: <c>hf repo create</c>'s choices.</summary>
public sealed record CreateRepositoryOptions
{
    public required RepoRef Repo { get; init; }

    public bool Private { get; init; }

    /// <summary>A repository that is already there is not an error (it is returned as it is).</summary>
    public bool ExistOk { get; init; }
}

/// <summary>Files to delete from a revision in one commit: paths, folders or globs.</summary>
public sealed record RemoveFilesOptions
{
    public required RepoRef Repo { get; init; }

    /// <summary>The branch to commit to.</summary>
    public string Revision { get; init; } = "main";

    /// <summary>Paths, folders (everything under them) or globs (<c>*</c>, <c>**</c>, <c>?</c>); each must match something.</summary>
    public required IReadOnlyList<string> Patterns { get; init; }

    public string? CommitMessage { get; init; }

    public string? CommitDescription { get; init; }

    public bool CreatePullRequest { get; init; }
}
