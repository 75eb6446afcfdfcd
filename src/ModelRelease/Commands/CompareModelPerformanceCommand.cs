using System.Management.Automation;
using ModelRelease.Core.Operations.Registry;
using ModelRelease.Infrastructure;

namespace ModelRelease.Commands;

/// <summary>
/// <para type="synopsis">Compares a version's metrics with the previous version's, per metric with its direction (higher or lower is better).</para>
/// </summary>
/// <remarks>
/// Reads both versions' performance.json (each checked against its schema). The previous version is the highest
/// registered version of the component below -Version, or the one -Previous names. Each metric is Better, Worse or Same
/// by its direction; New when the previous version has none, Missing when this version no longer reports it.
/// </remarks>
/// <example>
/// <code>Compare-ModelPerformance -Component base -Version 1.3.0 | Select-Object -ExpandProperty Metrics</code>
/// <para>Each metric of base 1.3.0 against 1.2.3: value, previous value, delta and verdict.</para>
/// </example>
[Cmdlet(VerbsData.Compare, "ModelPerformance")]
[OutputType(typeof(PerformanceComparison))]
public sealed class CompareModelPerformanceCommand : RegistryCmdlet
{
    /// <summary>The component.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string Component { get; set; } = "";

    /// <summary>The version to compare.</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string Version { get; set; } = "";

    /// <summary>The version to compare with (default: the highest registered version below -Version).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Previous { get; set; }

    protected override void ProcessInput() => RunRegistry(async (registry, location, _, sink, ct) =>
    {
        var comparison = await registry.Audit.CompareAsync(new ComparePerformanceOptions { Location = location, Component = Component, Version = Version, Previous = Previous }, ct).ConfigureAwait(false);
        sink.Post(() => WriteObject(comparison));
    }, $"{Component} {Version}");
}
