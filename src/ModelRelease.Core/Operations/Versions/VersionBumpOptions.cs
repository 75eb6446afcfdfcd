using ModelRelease.Core.Hub;

namespace ModelRelease.Core.Operations.Versions;

/// <summary>
/// What to bump (Step-ModelVersion, <c>modelrelease version bump</c>): the current version — the latest release tag
/// of <see cref="Family"/> in <see cref="Repo"/>, or <see cref="From"/> — and either the part to bump
/// (<see cref="Increment"/>) or the checkpoints whose comparison suggests it (<see cref="Checkpoint"/> against
/// <see cref="Previous"/>, or against <see cref="PreviousFile"/> downloaded from the latest release).
/// </summary>
public sealed record VersionBumpOptions
{
    /// <summary>The repository whose release tags give the current version.</summary>
    public RepoRef? Repo { get; init; }

    /// <summary>The tag family: v, model-v, export-v, weights-v (or Version, Model, …), a template (vllm-v{version}) or a component prefix (hub-v).</summary>
    public string Family { get; init; } = "v";

    /// <summary>Tag formats of your own the tag reader also knows.</summary>
    public IReadOnlyList<string> Templates { get; init; } = [];

    /// <summary>The current version, given (v1.1, 1.1, 2.0.0rc1 are read loosely and the reading is noted); no tags are read.</summary>
    public string? From { get; init; }

    /// <summary>The part to bump; null to have the checkpoints' comparison suggest it.</summary>
    public VersionIncrement? Increment { get; init; }

    /// <summary>With <see cref="VersionIncrement.Prerelease"/>: the label (rc by default).</summary>
    public string? Label { get; init; }

    /// <summary>The new checkpoint (full path) to compare with the last release's.</summary>
    public string? Checkpoint { get; init; }

    /// <summary>The last release's checkpoint, on disk (full path).</summary>
    public string? Previous { get; init; }

    /// <summary>The last release's checkpoint, as the path of a file in the repository at the latest release tag (downloaded and verified).</summary>
    public string? PreviousFile { get; init; }

    /// <summary>Compare tensor contents too (new values of the same layout suggest a minor bump; without it only the layout is compared).</summary>
    public bool CompareContent { get; init; } = true;
}
