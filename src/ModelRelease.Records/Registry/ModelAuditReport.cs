namespace ModelRelease;

/// <summary>
/// A quarterly audit (<c>Export-ModelAudit</c>): the folder <c>docs/audits/{quarter}/</c> with
/// <c>model_audit_report.md</c>, <c>parameter_changes.json</c> and <c>compliance_checklist.md</c>, and what they found.
/// </summary>
public sealed record ModelAuditReport
{
    /// <summary>2023Q2.</summary>
    public required string Quarter { get; init; }

    public required DateTimeOffset From { get; init; }

    /// <summary>The end of the period (exclusive).</summary>
    public required DateTimeOffset To { get; init; }

    public required string Folder { get; init; }

    /// <summary>The files written, in the folder.</summary>
    public required IReadOnlyList<string> Files { get; init; }

    /// <summary>Versions that reached production in the period.</summary>
    public required int Deployments { get; init; }

    public required int ParameterChanges { get; init; }

    /// <summary>True when the audit chain is whole.</summary>
    public required bool AuditChainValid { get; init; }

    public IReadOnlyList<ComplianceFlag> Flags { get; init; } = [];

    public bool IsCompliant => AuditChainValid && Flags.Count == 0;

    public override string ToString() => $"{Quarter}: {Deployments} deployment(s), {ParameterChanges} parameter change(s), {Flags.Count} flag(s)";
}
