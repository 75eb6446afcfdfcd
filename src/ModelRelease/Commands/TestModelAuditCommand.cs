using System.Management.Automation;
using ModelRelease.Core.Operations.Registry;
using ModelRelease.Infrastructure;

namespace ModelRelease.Commands;

/// <summary>
/// <para type="synopsis">Checks the registry's audit log: every entry's hash, every link to the entry before, the recorded head, and the mirror file audit.jsonl.</para>
/// </summary>
/// <remarks>
/// Each entry of the append-only audit log holds the hash of the entry before it, so an edited entry (MREG_AUDIT_HASH), a
/// deleted one (MREG_AUDIT_CHAIN) or entries removed at the end (MREG_AUDIT_HEAD) are found; the mirror
/// models/registry/audit.jsonl is compared with the database line by line (MREG_MIRROR_MISMATCH, MREG_MIRROR_EXTRA) and
/// left as it is when it differs, as evidence. A mirror that only lacks its last entries (a crash between the database's
/// commit and the file) is completed from the database, the source of truth, and MirrorRepaired says how many entries
/// were added. A broken chain is data (IsValid false, each finding in Findings), not an error; -Quiet returns only
/// IsValid, for an if.
/// </remarks>
/// <example>
/// <code>Test-ModelAudit</code>
/// <para>Valid, with the number of entries and the hash of the last.</para>
/// </example>
[Cmdlet(VerbsDiagnostic.Test, "ModelAudit")]
[OutputType(typeof(AuditVerification), typeof(bool))]
public sealed class TestModelAuditCommand : RegistryCmdlet
{
    /// <summary>Return only true or false.</summary>
    [Parameter]
    public SwitchParameter Quiet { get; set; }

    protected override void ProcessInput() => RunRegistry(async (registry, location, _, sink, ct) =>
    {
        var verdict = await registry.Audit.VerifyAsync(new VerifyAuditOptions { Location = location }, ct).ConfigureAwait(false);
        sink.Post(() =>
        {
            if (verdict.MirrorRepaired > 0) WriteVerboseLine($"{verdict.MirrorPath}: {verdict.MirrorRepaired} entr{(verdict.MirrorRepaired == 1 ? "y" : "ies")} completed from the database");
            if (Quiet) WriteObject(verdict.IsValid);
            else WriteObject(verdict);
        });
    }, Registry ?? Root);
}
