namespace ModelRelease;

/// <summary>
/// One registered version of a component model and where it is in the lifecycle (<c>Get-ModelVersion</c>,
/// <c>New-ModelVersion</c>, <c>modelrelease registry list</c>). Carries <see cref="Component"/> and <see cref="Version"/>,
/// which Set-ModelStatus, Restore-ModelVersion and Compare-ModelPerformance bind by property name.
/// </summary>
public sealed record ModelVersionStatus
{
    /// <summary>The model id (<c>pib-vg-base-diffusion-1.2.3-20230615</c>).</summary>
    public required string ModelId { get; init; }

    /// <summary>The component (<c>base</c>, <c>residual</c>, <c>super-resolution</c>, <c>fact-checking</c>).</summary>
    public required string Component { get; init; }

    /// <summary>The version (canonical SemVer, <c>1.2.3</c>).</summary>
    public required string Version { get; init; }

    public required string Architecture { get; init; }

    public required ModelStatus Status { get; init; }

    /// <summary>The version's folder in the store (<c>models/{component}/v{version}</c>).</summary>
    public required string Path { get; init; }

    /// <summary>Parameters counted from the checkpoint when the version was registered.</summary>
    public long ParameterCount { get; init; }

    public required DateTimeOffset RegisteredAt { get; init; }

    public required string RegisteredBy { get; init; }

    /// <summary>When the version reached its current status.</summary>
    public required DateTimeOffset StatusChangedAt { get; init; }

    /// <summary>True when the version reached its current status by an emergency move.</summary>
    public bool Emergency { get; init; }

    /// <summary>The share of traffic a rollback plan gives this version now (percent), when one is in force.</summary>
    public int? TrafficShare { get; init; }

    /// <summary>The registry database (a file path, or the connection without its password).</summary>
    public string? Registry { get; init; }

    public override string ToString() => $"{Component} {Version} ({ModelStatusText.Format(Status)})";
}
