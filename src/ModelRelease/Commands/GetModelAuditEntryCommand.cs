using System.Management.Automation;
using ModelRelease.Core.Operations.Registry;
using ModelRelease.Infrastructure;

namespace ModelRelease.Commands;

/// <summary>
/// <para type="synopsis">Reads the registry's audit log: who did what to which version, when and why, with each entry's hash chain.</para>
/// </summary>
/// <remarks>
/// Entries are registrations, status moves (with the gate's evidence, the approvers and the emergency flag), approvals,
/// parameter changes, rollbacks and traffic changes, in the order they were made. -From and -To select a period
/// (From inclusive, To exclusive). Test-ModelAudit checks the chain.
/// </remarks>
/// <example>
/// <code>Get-ModelAuditEntry -Component base | Where-Object Action -EQ status</code>
/// <para>Every status move of the base component, with its reason and its gate.</para>
/// </example>
[Cmdlet(VerbsCommon.Get, "ModelAuditEntry")]
[OutputType(typeof(AuditEntry))]
public sealed class GetModelAuditEntryCommand : RegistryCmdlet
{
    /// <summary>Only entries about this component.</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? Component { get; set; }

    /// <summary>Only entries about this version.</summary>
    [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? Version { get; set; }

    /// <summary>Entries at or after this time.</summary>
    [Parameter]
    public DateTime? From { get; set; }

    /// <summary>Entries before this time.</summary>
    [Parameter]
    public DateTime? To { get; set; }

    protected override void ProcessInput() => RunRegistry(async (registry, location, _, sink, ct) =>
    {
        var entries = await registry.Audit.EntriesAsync(new AuditEntriesOptions
        {
            Location = location,
            Component = Component,
            Version = Version,
            From = From is { } f ? new DateTimeOffset(f.ToUniversalTime()) : null,
            To = To is { } t ? new DateTimeOffset(t.ToUniversalTime()) : null,
        }, ct).ConfigureAwait(false);
        sink.Post(() => { foreach (var e in entries) WriteObject(e); });
    }, Component);
}
