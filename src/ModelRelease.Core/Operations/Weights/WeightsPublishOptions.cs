using ModelRelease.Core.Hub.Publishing;
using ModelRelease.Core.Releases.Registry;

namespace ModelRelease.Core.Operations.Weights;

/// <summary>Weights to publish and register (Register-ModelWeights, <c>modelrelease weights publish</c>).</summary>
public sealed record WeightsPublishOptions
{
    /// <summary>The registry file (full path); created when it does not exist yet.</summary>
    public required string RegistryPath { get; init; }

    /// <summary>The model's name in the registry.</summary>
    public required string Model { get; init; }

    /// <summary>The weights file (full path).</summary>
    public required string WeightsPath { get; init; }

    /// <summary>The weights version: major.minor (1.1; v1.1 and 1.1.0 are read as 1.1, and the reading noted).</summary>
    public required string Version { get; init; }

    /// <summary>The package versions that can load them (PEP 440 or a NuGet interval).</summary>
    public required string PackageVersions { get; init; }

    /// <summary>The repository; needed for a model the registry does not have yet (otherwise it must be the registry's).</summary>
    public string? RepoId { get; init; }

    /// <summary>The file's path in the repository for a new model (default: the weights file's name); otherwise the registry's.</summary>
    public string? PathInRepo { get; init; }

    /// <summary>The branch committed to.</summary>
    public string Revision { get; init; } = "main";

    /// <summary>Move the registry's latest to these weights when they are newer (the default).</summary>
    public bool MoveLatest { get; init; } = true;

    public bool Private { get; init; }

    /// <summary>Publish even when the weights fail the checkpoint gate (the findings stay).</summary>
    public bool Force { get; init; }
}

/// <summary>A weights publish planned: every check made, the registry patch computed, nothing written.</summary>
public sealed record WeightsPublishPlan
{
    public required WeightsPublishOptions Options { get; init; }
    public required string Key { get; init; }
    public required string TagName { get; init; }
    public required string RepoId { get; init; }
    public required string File { get; init; }
    public required string Sha256 { get; init; }
    public required long Size { get; init; }
    public required CheckpointGateResult Gate { get; init; }
    public required PublishRequest Request { get; init; }
    public required PublishPlan Plan { get; init; }

    /// <summary>The registry's text the patch was computed from (null: the registry does not exist yet).</summary>
    public string? RegistryText { get; init; }

    public required WeightsRegistryPatch Patch { get; init; }

    /// <summary>The commit the tag names already (a publish made again), or null.</summary>
    public string? ExistingTagCommit { get; init; }

    public required IReadOnlyList<string> Notes { get; init; }
}
