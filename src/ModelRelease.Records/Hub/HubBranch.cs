namespace ModelRelease;

/// <summary>
/// A branch of a Hub repository (<c>Get-HfBranch</c>, <c>New-HfBranch</c>): its name, the commit it points at and
/// that commit's date. Carries RepoId and Name so Remove-HfBranch binds to it by property name, and Revision (the
/// branch) for Publish-HfModel and Get-HfRepoFile.
/// </summary>
public sealed record HubBranch
{
    public required string RepoId { get; init; }

    public required string Name { get; init; }

    public required string CommitOid { get; init; }

    /// <summary>The date of the commit the branch points at, when the Hub says.</summary>
    public DateTimeOffset? Date { get; init; }

    /// <summary>True for the repository's default branch (main), which cannot be deleted.</summary>
    public bool IsDefault => Name == "main";

    /// <summary>New-HfBranch: false when the branch already pointed at that commit (nothing was done).</summary>
    public bool Created { get; init; }

    /// <summary>The revision the branch names: the branch itself.</summary>
    public string Revision => Name;

    public override string ToString() => $"{RepoId}:{Name} → {CommitOid[..Math.Min(12, CommitOid.Length)]}";
}
