namespace ModelRelease;

/// <summary>
/// One published weights version of a model in a weights registry (<c>Get-ModelWeights</c>): where it is on the Hub
/// (<see cref="RepoId"/>, <see cref="Tag"/>, <see cref="File"/>), what it is (<see cref="Sha256"/>,
/// <see cref="Size"/>), and which package versions can load it. Carries RepoId, Revision and File so a Hub
/// download binds it by property name.
/// </summary>
public sealed record WeightsEntry
{
    /// <summary>The model's name in the registry (<c>cser-detector</c>).</summary>
    public required string Model { get; init; }

    /// <summary>The weights version as the registry writes it (<c>1.1</c>).</summary>
    public required string Version { get; init; }

    /// <summary>The tag on the Hub (<c>weights-v1.1</c>).</summary>
    public required string Tag { get; init; }

    public required string RepoId { get; init; }

    /// <summary>The weights file in the repository.</summary>
    public required string File { get; init; }

    /// <summary>SHA-256 of the file, lower-case hex.</summary>
    public required string Sha256 { get; init; }

    public required long Size { get; init; }

    public required DateTimeOffset PublishedAt { get; init; }

    /// <summary>The package versions that can load these weights, as the registry writes the range (<c>&gt;=0.2.0,&lt;1.0.0</c>, <c>[0.2.0,1.0.0)</c>).</summary>
    public required string PackageVersions { get; init; }

    /// <summary>True when the registry names this version its latest.</summary>
    public bool IsLatest { get; init; }

    /// <summary>The package version the entry was resolved for (canonical), when one was given.</summary>
    public string? PackageVersion { get; init; }

    /// <summary>The registry file it was read from.</summary>
    public string? Registry { get; init; }

    /// <summary>How loose inputs were read (a package version <c>0.2</c> as 0.2.0); empty when none was.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>The revision to download: the tag.</summary>
    public string Revision => Tag;

    public override string ToString() => $"{Model} {Version} ({RepoId}@{Tag}/{File})";
}
