using System.Management.Automation;
using ModelRelease.Core.Operations.Registry;
using ModelRelease.Infrastructure;

namespace ModelRelease.Commands;

/// <summary>
/// <para type="synopsis">Advances a rollback's traffic plan: the restored version's share moves to the next step (or to the step -Share names).</para>
/// </summary>
/// <remarks>
/// A rollback (Restore-ModelVersion) records a plan of shares (20, 40, 60, 80, 100 by default) for the restored version;
/// the serving layer reads the current share (Get-ModelVersion shows it as TrafficShare). Each change is recorded in
/// the registry and its audit log. Errors: ModelRollbackImpossible with MREG_TRAFFIC (no plan, a share that is not a
/// step, a plan that is complete).
/// </remarks>
/// <example>
/// <code>Set-ModelTraffic -Component base</code>
/// <para>Moves base's restored version from 20% to 40% of the traffic.</para>
/// </example>
[Cmdlet(VerbsCommon.Set, "ModelTraffic", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(TrafficPlan))]
public sealed class SetModelTrafficCommand : RegistryChangeCmdlet
{
    /// <summary>The component whose plan moves.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string Component { get; set; } = "";

    /// <summary>The share to move to (one of the plan's steps); default: the next step.</summary>
    [Parameter]
    [ValidateRange(1, 100)]
    public int? Share { get; set; }

    /// <summary>Why, for the audit log (default: the step).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Reason { get; set; }

    protected override void ProcessInput() => RunRegistry(async (registry, location, decide, sink, ct) =>
    {
        var plan = await registry.Rollback.SetTrafficAsync(new SetTrafficOptions { Location = location, Component = Component, Share = Share, Reason = Reason, Actor = Actor }, decide, ct).ConfigureAwait(false);
        if (plan is not null) sink.Post(() => WriteObject(plan));
    }, Component);
}
