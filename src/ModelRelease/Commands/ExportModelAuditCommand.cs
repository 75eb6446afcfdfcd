using System.Management.Automation;
using ModelRelease.Core.Operations.Registry;
using ModelRelease.Core.Registry.Reports;
using ModelRelease.Infrastructure;

namespace ModelRelease.Commands;

/// <summary>
/// <para type="synopsis">Writes a quarter's audit: docs/audits/{quarter}/ with model_audit_report.md, parameter_changes.json and compliance_checklist.md.</para>
/// </summary>
/// <remarks>
/// The report states what was in production at the start and the end of the quarter, every version deployed in it with
/// its approvals, gate and metrics against the previous version (per metric with its direction), every status change,
/// rollback and incident, and every parameter change; parameter_changes.json lists the parameter sets recorded in the
/// quarter as the registry holds them; compliance_checklist.md checks the audit chain, flags every move that skipped its
/// gate (an emergency, MREG_COMPLIANCE_GATE_SKIPPED) and every parameter file whose content differs from what the registry
/// recorded (a change by hand, MREG_COMPLIANCE_PARAMETER_FILE_CHANGED). A broken audit chain writes nothing
/// (ModelAuditBroken): run Test-ModelAudit. -Quarter is 2023Q2 (default: the current quarter).
/// </remarks>
/// <example>
/// <code>Export-ModelAudit</code>
/// <para>Writes this quarter's audit under docs/audits/ and returns what it found (Deployments, ParameterChanges, Flags).</para>
/// </example>
[Cmdlet(VerbsData.Export, "ModelAudit", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(ModelAuditReport))]
public sealed class ExportModelAuditCommand : RegistryCmdlet
{
    /// <summary>The quarter (2023Q2); default: the current one.</summary>
    [Parameter(Position = 0)]
    [ValidateNotNullOrEmpty]
    public string? Quarter { get; set; }

    /// <summary>The folder to write (default: docs/audits/{quarter} under -Root).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string Destination { get; set; } = "";

    protected override void ProcessInput()
    {
        string? destination;
        try
        {
            destination = string.IsNullOrEmpty(Destination) ? null : ResolvePath(Destination);
        }
        catch (ModelReleaseException ex)
        {
            WriteModelReleaseError(ex, Destination);
            return;
        }
        var quarter = Quarter ?? Core.Registry.Reports.Quarter.Of(DateTimeOffset.UtcNow).ToString();
        RunRegistry(async (registry, location, decide, sink, ct) =>
        {
            var report = await registry.Audit.ExportAsync(new ExportAuditOptions { Location = location, Quarter = quarter, Folder = destination }, decide, ct).ConfigureAwait(false);
            if (report is not null) sink.Post(() => WriteObject(report));
        }, quarter);
    }
}
