namespace ModelRelease.Core.Hub;

/// <summary>What tagging a Hub repository would do: the commit to tag, and the commit the tag names now (if it exists).</summary>
public sealed record ReleaseTagPlan(RepoRef Repo, string Name, string CommitOid, string? ExistingCommitOid, string? ExistingMessage)
{
    /// <summary>The tag already names this commit: nothing to do.</summary>
    public bool IsNoOp => ExistingCommitOid == CommitOid;

    /// <summary>The tag names another commit and would be moved (a destructive change: consumers pinned to it see other weights).</summary>
    public bool Moves => ExistingCommitOid is not null && !IsNoOp;
}

/// <summary>What tagging a local git repository would do: the commit to tag, and the commit the tag names now (if it exists).</summary>
public sealed record LocalTagPlan(string Repository, string Name, string TargetCommit, string? ExistingCommit)
{
    public bool IsNoOp => ExistingCommit == TargetCommit;

    public bool Moves => ExistingCommit is not null && !IsNoOp;
}
