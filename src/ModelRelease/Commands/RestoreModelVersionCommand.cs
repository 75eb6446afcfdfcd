using System.Management.Automation;
using ModelRelease.Core.Operations.Registry;
using ModelRelease.Infrastructure;

namespace ModelRelease.Commands;

/// <summary>
/// <para type="synopsis">Rolls a component back: its production version becomes critical-issue and the previous production version production again, with an incident and a traffic plan.</para>
/// </summary>
/// <remarks>
/// In one transaction: the production version moves to critical-issue, the most recent version that was production before
/// it (deprecated, not archived; or the one -Version names) moves back to production, the incident (what, who, why,
/// which versions) goes into the incident log, and a traffic plan is recorded for the serving layer: the restored
/// version's share rising in steps of -TrafficStep percent (the policy's trafficStep, 20 by default) that Set-ModelTraffic
/// advances. Every part is in the audit log. Errors: ModelRollbackImpossible (no production version, none to bring
/// back), ModelComponentUnknown, ModelRegistryInputInvalid (no reason).
/// </remarks>
/// <example>
/// <code>Restore-ModelVersion -Component base -Reason 'distorted faces since 1.3.0' -Incident 'users report artifacts in portraits'</code>
/// <para>base 1.3.0 becomes critical-issue, 1.2.3 production again at 20% of the traffic; the incident is INC-{date}-base-1.</para>
/// </example>
[Cmdlet(VerbsData.Restore, "ModelVersion", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(ModelRollback))]
public sealed class RestoreModelVersionCommand : RegistryChangeCmdlet
{
    /// <summary>The component to roll back.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string Component { get; set; } = "";

    /// <summary>Why the production version is rolled back (required).</summary>
    [Parameter(Mandatory = true)]
    [AllowEmptyString]
    public string Reason { get; set; } = "";

    /// <summary>What happened, for the incident log (default: the reason).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Incident { get; set; }

    /// <summary>The version to bring back (default: the previous production version).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Version { get; set; }

    /// <summary>The traffic plan's step in percent (default: the policy's, else 20).</summary>
    [Parameter]
    [ValidateRange(1, 100)]
    public int? TrafficStep { get; set; }

    protected override void ProcessInput() => RunRegistry(async (registry, location, decide, sink, ct) =>
    {
        var rollback = await registry.Rollback.RollbackAsync(new RollbackOptions
        {
            Location = location,
            Component = Component,
            Reason = Reason,
            What = Incident,
            Version = Version,
            TrafficStep = TrafficStep,
            Actor = Actor,
        }, decide, ct).ConfigureAwait(false);
        if (rollback is not null) sink.Post(() => WriteObject(rollback));
    }, Component);
}
