namespace ModelRelease;

/// <summary>
/// One entry of the registry's append-only audit log (in the database, mirrored to <c>models/registry/audit.jsonl</c>):
/// what happened, to which version, who did it and why, with the hash of the entry before it, so an edit or a deletion
/// breaks the chain (<c>Test-ModelAudit</c>).
/// </summary>
public sealed record AuditEntry
{
    /// <summary>1, 2, 3, … without gaps.</summary>
    public required long Sequence { get; init; }

    public required DateTimeOffset At { get; init; }

    public required string Actor { get; init; }

    /// <summary>register, status, approval, parameter, rollback, traffic.</summary>
    public required string Action { get; init; }

    public string? Component { get; init; }

    public string? Version { get; init; }

    public string? Reason { get; init; }

    /// <summary>What else the entry records (from, to, approvers, gate, metrics, values…), by name.</summary>
    public IReadOnlyDictionary<string, string> Details { get; init; } = new Dictionary<string, string>();

    /// <summary>The hash of the entry before (64 zeros for the first).</summary>
    public required string PreviousHash { get; init; }

    /// <summary>SHA-256 of this entry's canonical form, previous hash included.</summary>
    public required string Hash { get; init; }

    public override string ToString() => $"#{Sequence} {At:u} {Actor} {Action} {Component} {Version}".TrimEnd();
}
