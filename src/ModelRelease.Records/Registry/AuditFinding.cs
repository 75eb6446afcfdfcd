namespace ModelRelease;

/// <summary>A break in the audit chain (<c>Test-ModelAudit</c>): where (the database or the mirror file), which entry, what.</summary>
public sealed record AuditFinding(string Code, string Source, long? Sequence, string Message)
{
    public override string ToString() => $"{Code} {Source}{(Sequence is null ? "" : $" #{Sequence}")}: {Message}";
}
