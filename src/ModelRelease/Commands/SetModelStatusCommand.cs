using System.Management.Automation;
using ModelRelease.Core.Operations.Registry;
using ModelRelease.Infrastructure;

namespace ModelRelease.Commands;

/// <summary>
/// <para type="synopsis">Moves a model version along the governed lifecycle, only by an allowed move and only when the move's gate is met.</para>
/// </summary>
/// <remarks>
/// The moves: development → testing (gate: -TestResults, a TRX, JUnit or NUnit XML file without failures), testing →
/// staging (gate: performance.json meets the component's thresholds in the policy, each metric with its direction),
/// staging → production (gate: as many of the policy's named approvers as it asks, -Approver), deprecated → archived
/// (gate: the policy's grace period), critical-issue → archived; back: testing → development (fails its metrics), staging →
/// testing (issues found). Production → deprecated is the registry's own move: it happens, in the same transaction, when
/// another version of the component reaches production, so each component has at most one production version (the
/// database enforces it, also when two agents promote at once). -Reason is required and goes into the audit log with the
/// gate's evidence. -Emergency makes an allowed move without its gate on the word of at least two approvers; the move
/// carries the emergency flag and the quarterly audit flags it. Writes one ModelStatusChange per move (the automatic
/// deprecation first). Errors: ModelMoveNotAllowed, ModelGateNotMet (the code names the rule: MREG_GATE_TESTS_FAILED,
/// MREG_GATE_THRESHOLD, MREG_GATE_APPROVALS, MREG_GATE_GRACE_PERIOD, …), ModelComponentUnknown, ModelVersionUnknown,
/// ModelRegistryInputInvalid (no reason; an emergency with one approver), ModelRegistryConflict.
/// </remarks>
/// <example>
/// <code>Set-ModelStatus -Component base -Version 1.2.3 -Status Testing -TestResults ./results/tests.xml -Reason 'unit and integration tests pass'</code>
/// <para>Moves base 1.2.3 from development to testing: the JUnit file shows no failure.</para>
/// </example>
/// <example>
/// <code>Get-ModelVersion base 1.2.3 | Set-ModelStatus -Status Production -Approver alice, bob -Reason 'signed off in the release review'</code>
/// <para>Promotes the staged version with the two approvals the policy asks for; the previous production version is deprecated.</para>
/// </example>
[Cmdlet(VerbsCommon.Set, "ModelStatus", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(ModelStatusChange))]
public sealed class SetModelStatusCommand : RegistryChangeCmdlet
{
    /// <summary>The component.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string Component { get; set; } = "";

    /// <summary>The version.</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string Version { get; set; } = "";

    /// <summary>The status to move to.</summary>
    [Parameter(Mandatory = true, Position = 2)]
    public ModelStatus Status { get; set; }

    /// <summary>Why (required); recorded in the audit log.</summary>
    [Parameter(Mandatory = true)]
    [AllowEmptyString]
    public string Reason { get; set; } = "";

    /// <summary>The named approvers: staging → production needs as many as the policy asks; an emergency at least two.</summary>
    [Parameter]
    public string[]? Approver { get; set; }

    /// <summary>Make the move without its gate (at least two approvers); flagged in the audit report.</summary>
    [Parameter]
    public SwitchParameter Emergency { get; set; }

    /// <summary>The test-results file of development → testing (TRX, JUnit or NUnit XML).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? TestResults { get; set; }

    protected override void ProcessInput()
    {
        string? tests;
        try
        {
            tests = ResolvePath(TestResults);
        }
        catch (ModelReleaseException ex)
        {
            WriteModelReleaseError(ex, TestResults);
            return;
        }
        RunRegistry(async (registry, location, decide, sink, ct) =>
        {
            var changes = await registry.Lifecycle.SetStatusAsync(new SetModelStatusOptions
            {
                Location = location,
                Component = Component,
                Version = Version,
                Status = Status,
                Reason = Reason,
                Approvers = Approver ?? [],
                Emergency = Emergency,
                TestResults = tests,
                Actor = Actor,
            }, decide, ct).ConfigureAwait(false);
            sink.Post(() => { foreach (var c in changes) WriteObject(c); });
        }, $"{Component} {Version}");
    }
}
