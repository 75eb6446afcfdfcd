namespace ModelRelease.Core.Releases.Registry;

/// <summary>Published weights to record in a registry (what a weights publish adds once the upload and the tag succeeded).</summary>
public sealed record WeightsRegistration
{
    public required string Model { get; init; }

    public required string RepoId { get; init; }

    /// <summary>The weights file's path in the repository.</summary>
    public required string File { get; init; }

    /// <summary>The weights version, major.minor (<c>1.1</c>) or major.minor.patch.</summary>
    public required string Version { get; init; }

    /// <summary>The tag on the Hub (<c>weights-v1.1</c>).</summary>
    public required string Tag { get; init; }

    public required string Sha256 { get; init; }

    public required long Size { get; init; }

    public required DateTimeOffset PublishedAt { get; init; }

    /// <summary>The package versions that can load them (PEP 440 or a NuGet interval).</summary>
    public required string PackageVersions { get; init; }

    /// <summary>Move latest to this version when it is newer than the current latest (the default).</summary>
    public bool MoveLatest { get; init; } = true;
}
