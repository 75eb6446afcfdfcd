using System.Data.Common;
using System.Globalization;
using ModelRelease.Core.Registry.Database;

namespace ModelRelease.Core.Registry.Audit;

/// <summary>Appends to and reads the audit log in the database (inside the caller's write transaction).</summary>
internal sealed class AuditLog(RegistryDatabase database)
{
    private const string Columns = "sequence, at, actor, action, component, version, reason, details, previous_hash, hash";

    /// <summary>
    /// Appends an entry after <paramref name="head"/> and moves the head to it; returns the entry and the new head.
    /// Runs in the write transaction, so the chain never forks.
    /// </summary>
    public async Task<(AuditEntry Entry, AuditHead Head)> AppendAsync(DbTransaction transaction, AuditHead head, DateTimeOffset at, string actor, string action,
        string? component, string? version, string? reason, IReadOnlyDictionary<string, string> details, CancellationToken cancellationToken)
    {
        var entry = AuditChain.Seal(new AuditEntry
        {
            Sequence = head.Sequence + 1,
            At = AuditChain.ParseTime(AuditChain.Time(at)),
            Actor = actor,
            Action = action,
            Component = component,
            Version = version,
            Reason = reason,
            Details = new SortedDictionary<string, string>(details.ToDictionary(d => d.Key, d => d.Value), StringComparer.Ordinal),
            PreviousHash = head.Hash,
            Hash = "",
        });
        await database.ExecuteAsync(transaction, $"INSERT INTO audit_log ({Columns}) VALUES (@s, @at, @actor, @action, @c, @v, @r, @d, @p, @h)", cancellationToken,
            ("s", entry.Sequence), ("at", AuditChain.Time(entry.At)), ("actor", actor), ("action", action), ("c", component), ("v", version), ("r", reason),
            ("d", AuditChain.DetailsJson(entry.Details)), ("p", entry.PreviousHash), ("h", entry.Hash)).ConfigureAwait(false);
        await database.ExecuteAsync(transaction, "UPDATE registry_head SET audit_sequence = @s, audit_hash = @h WHERE id = 1", cancellationToken,
            ("s", entry.Sequence), ("h", entry.Hash)).ConfigureAwait(false);
        return (entry, new AuditHead(entry.Sequence, entry.Hash));
    }

    /// <summary>Every entry in sequence order (optionally from <paramref name="after"/> on).</summary>
    public Task<List<AuditEntry>> ReadAsync(DbTransaction? transaction, CancellationToken cancellationToken, long after = 0) =>
        database.ListAsync(transaction, $"SELECT {Columns} FROM audit_log WHERE sequence > @after ORDER BY sequence", Read, cancellationToken, ("after", after));

    public async Task<AuditHead> HeadAsync(DbTransaction? transaction, CancellationToken cancellationToken)
    {
        var rows = await database.ListAsync(transaction, "SELECT audit_sequence, audit_hash FROM registry_head WHERE id = 1",
            r => new AuditHead(Convert.ToInt64(r.GetValue(0), CultureInfo.InvariantCulture), r.GetString(1)), cancellationToken).ConfigureAwait(false);
        return rows.Count == 1 ? rows[0] : new AuditHead(-1, "");
    }

    private static AuditEntry Read(DbDataReader r) => new()
    {
        Sequence = Convert.ToInt64(r.GetValue(0), CultureInfo.InvariantCulture),
        At = AuditChain.ParseTime(r.GetString(1)),
        Actor = r.GetString(2),
        Action = r.GetString(3),
        Component = r.IsDBNull(4) ? null : r.GetString(4),
        Version = r.IsDBNull(5) ? null : r.GetString(5),
        Reason = r.IsDBNull(6) ? null : r.GetString(6),
        Details = AuditChain.ParseDetails(r.GetString(7)),
        PreviousHash = r.GetString(8),
        Hash = r.GetString(9),
    };
}
