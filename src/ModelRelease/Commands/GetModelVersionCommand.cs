using System.Management.Automation;
using ModelRelease.Core.Operations.Registry;
using ModelRelease.Infrastructure;

namespace ModelRelease.Commands;

/// <summary>
/// <para type="synopsis">Lists the versions in the governed model registry with their status: all of them, a component's, one version, or those of a status.</para>
/// </summary>
/// <remarks>
/// Reads the registry (a SQLite file by default, or a PostgreSQL database given as -Registry) and never creates it: a
/// store without one is ModelFileNotFound. Each version carries Component and Version, which Set-ModelStatus,
/// Compare-ModelPerformance and Restore-ModelVersion bind by property name; TrafficShare is the share a rollback's
/// traffic plan gives it now.
/// </remarks>
/// <example>
/// <code>Get-ModelVersion -Status Production</code>
/// <para>The version of each component that is in production.</para>
/// </example>
[Cmdlet(VerbsCommon.Get, "ModelVersion")]
[OutputType(typeof(ModelVersionStatus))]
public sealed class GetModelVersionCommand : RegistryCmdlet
{
    /// <summary>Only this component.</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? Component { get; set; }

    /// <summary>Only this version (with -Component).</summary>
    [Parameter(Position = 1)]
    [ValidateNotNullOrEmpty]
    public string? Version { get; set; }

    /// <summary>Only versions of this status.</summary>
    [Parameter]
    public ModelStatus Status { get; set; }

    protected override void ProcessInput() => RunRegistry(async (registry, location, _, sink, ct) =>
    {
        ModelStatus? status = MyInvocation.BoundParameters.ContainsKey(nameof(Status)) ? Status : null;
        var versions = await registry.Versions.ListAsync(new ListModelVersionsOptions { Location = location, Component = Component, Version = Version, Status = status }, ct).ConfigureAwait(false);
        sink.Post(() => { foreach (var v in versions) WriteObject(v); });
    }, Component);
}
