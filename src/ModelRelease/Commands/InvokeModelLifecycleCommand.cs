using System.Management.Automation;
using ModelRelease.Core.Operations.Registry;
using ModelRelease.Infrastructure;

namespace ModelRelease.Commands;

/// <summary>
/// <para type="synopsis">Runs the lifecycle's scheduled work: archives deprecated versions whose grace period is over and reports what waits on a gate.</para>
/// </summary>
/// <remarks>
/// For a build agent's schedule. Every deprecated version whose grace period (the policy's gracePeriodDays, 30 by
/// default) is over is archived, each move asked through ShouldProcess: -WhatIf lists the moves and makes none. Every
/// other version that waits on something is reported with what: test results (development), its thresholds (testing,
/// with whether performance.json meets them now), approvals (staging), the end of its grace period (deprecated). Writes
/// one LifecycleMove per version (Outcome Applied, WouldApply or Waiting).
/// </remarks>
/// <example>
/// <code>Invoke-ModelLifecycle -WhatIf</code>
/// <para>Lists what the sweep would archive and what waits on a gate, and changes nothing.</para>
/// </example>
[Cmdlet(VerbsLifecycle.Invoke, "ModelLifecycle", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(LifecycleMove))]
public sealed class InvokeModelLifecycleCommand : RegistryChangeCmdlet
{
    /// <summary>Only this component.</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? Component { get; set; }

    protected override void ProcessInput() => RunRegistry(async (registry, location, decide, sink, ct) =>
    {
        var moves = await registry.Lifecycle.SweepAsync(new SweepOptions { Location = location, Component = Component, Actor = Actor }, decide, ct).ConfigureAwait(false);
        sink.Post(() => { foreach (var m in moves) WriteObject(m); });
    }, Component);
}
