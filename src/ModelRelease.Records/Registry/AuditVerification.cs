namespace ModelRelease;

/// <summary>
/// The verdict of <c>Test-ModelAudit</c>: the database's chain checked entry by entry and against its recorded head,
/// and the mirror file (<c>audit.jsonl</c>) against the database.
/// </summary>
public sealed record AuditVerification
{
    public required bool IsValid { get; init; }

    public required long EntryCount { get; init; }

    /// <summary>The hash of the last entry.</summary>
    public required string HeadHash { get; init; }

    /// <summary>The mirror file.</summary>
    public required string MirrorPath { get; init; }

    /// <summary>Entries the mirror lacked (a crash between the database write and the file) that were appended to it.</summary>
    public int MirrorRepaired { get; init; }

    public IReadOnlyList<AuditFinding> Findings { get; init; } = [];

    public override string ToString() => $"{(IsValid ? "valid" : "BROKEN")}: {EntryCount} entries";
}
