namespace ModelRelease.Core.Operations.Release;

/// <summary>A family release from its manifest, and what the command adds to it.</summary>
public sealed record FamilyReleaseOptions
{
    /// <summary>The manifest (release.yaml), full path.</summary>
    public required string ManifestPath { get; init; }

    /// <summary>The release version; the manifest's when null (one of them must give it).</summary>
    public SemanticVersion? Version { get; init; }

    /// <summary>What changed, added to the manifest's changes.</summary>
    public IReadOnlyList<string> Changes { get; init; } = [];

    /// <summary>Create new repositories as private (also when the manifest says private: true).</summary>
    public bool Private { get; init; }

    /// <summary>Move existing tags (asked first). It never lets a checkpoint through the gate.</summary>
    public bool Force { get; init; }

    /// <summary>Publish even when a checkpoint fails the gate (the findings stay, as warnings).</summary>
    public bool AllowRefusedCheckpoint { get; init; }

    /// <summary>Publish cards the release writes even when unfinished (also when the manifest allows it).</summary>
    public bool AllowUnfinishedCard { get; init; }

    /// <summary>A local git repository: clean; its CHANGELOG.md gets the family's entry and the tag goes on that commit.</summary>
    public string? LocalRepository { get; init; }

    /// <summary>With <see cref="LocalRepository"/>: push the branch and the tag.</summary>
    public bool Push { get; init; }

    /// <summary>Check every variant, plan, and write nothing.</summary>
    public bool WhatIf { get; init; }
}
