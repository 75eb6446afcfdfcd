namespace ModelRelease;

/// <summary>A repository on the Hub as <c>New-HfRepository</c> and <c>Set-HfRepository</c> leave it.</summary>
public sealed record HubRepository
{
    public required string RepoId { get; init; }
    public required string RepoType { get; init; }

    /// <summary>The repository's page.</summary>
    public required string Url { get; init; }

    public required bool Private { get; init; }

    /// <summary>New-HfRepository: false when the repository was already there (-ExistOk).</summary>
    public bool Created { get; init; }

    public override string ToString() => $"{(RepoType == "model" ? "" : RepoType + "s/")}{RepoId} ({(Private ? "private" : "public")})";
}
