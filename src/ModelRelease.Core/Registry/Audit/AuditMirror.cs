using System.Text;
using System.Text.Json;
using ModelRelease.Core.Registry.Documents;

namespace ModelRelease.Core.Registry.Audit;

/// <summary>
/// <c>models/registry/audit.jsonl</c>: the database's audit log, one canonical JSON line per entry. The database is the
/// source of truth: a mirror that lacks the last entries (a crash between the database's commit and the file) is
/// completed; a mirror whose lines differ from the database's entries is left as it is, as evidence, and reported.
/// </summary>
internal static class AuditMirror
{
    /// <summary>What the mirror holds compared with the database.</summary>
    public sealed record State(int Matching, IReadOnlyList<AuditFinding> Findings, bool TornLastLine);

    /// <summary>Compares the mirror with <paramref name="entries"/> (the database's, in order).</summary>
    public static async Task<State> CompareAsync(string path, IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken)
    {
        if (!File.Exists(path)) return new State(0, [], false);
        var text = await File.ReadAllTextAsync(path, Encoding.UTF8, cancellationToken).ConfigureAwait(false);
        var torn = text.Length > 0 && !text.EndsWith('\n');
        var lines = text.Split('\n').ToList();
        if (lines.Count > 0 && lines[^1].Length == 0) lines.RemoveAt(lines.Count - 1);
        if (torn) lines.RemoveAt(lines.Count - 1); // a line cut short by a crash: the database has it whole
        var findings = new List<AuditFinding>();
        var matching = 0;
        var mirrored = new List<AuditEntry>();
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i].TrimEnd('\r');
            AuditEntry? parsed;
            try
            {
                parsed = Parse(line);
            }
            catch (ModelRegistryException ex)
            {
                findings.Add(new AuditFinding(ModelRegistryCodes.MirrorMismatch, "mirror", i + 1, $"line {i + 1} is not an audit entry: {ex.Detail}"));
                continue;
            }
            mirrored.Add(parsed);
            if (i >= entries.Count)
            {
                findings.Add(new AuditFinding(ModelRegistryCodes.MirrorExtra, "mirror", parsed.Sequence, $"line {i + 1} holds an entry the database does not have"));
                continue;
            }
            if (!string.Equals(AuditChain.Canonical(parsed, withHash: true), AuditChain.Canonical(entries[i], withHash: true), StringComparison.Ordinal))
            {
                findings.Add(new AuditFinding(ModelRegistryCodes.MirrorMismatch, "mirror", entries[i].Sequence, $"line {i + 1} differs from the database's entry {entries[i].Sequence} (edited, or a line deleted before it)"));
            }
            else if (matching == i)
            {
                matching++;
            }
        }
        // The mirror's own chain says how it was changed (an edit, a deletion).
        findings.AddRange(AuditChain.Verify(mirrored, "mirror").Where(f => !findings.Any(g => g.Sequence == f.Sequence && g.Code == f.Code)));
        return new State(matching, findings, torn);
    }

    /// <summary>
    /// Completes the mirror from the database when it is a prefix of it; returns how many entries were added (0 when it
    /// was complete, or when it differs and was left as evidence).
    /// </summary>
    public static async Task<int> RepairAsync(string path, IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken)
    {
        var state = await CompareAsync(path, entries, cancellationToken).ConfigureAwait(false);
        if (state.Findings.Count > 0) return 0;
        if (state.Matching == entries.Count && !state.TornLastLine) return 0;
        var text = new StringBuilder();
        foreach (var entry in entries) text.Append(AuditChain.Canonical(entry, withHash: true)).Append('\n');
        await StoreFiles.WriteAtomicAsync(path, text.ToString(), cancellationToken).ConfigureAwait(false);
        return entries.Count - state.Matching;
    }

    public static AuditEntry Parse(string line)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(line);
        }
        catch (JsonException ex)
        {
            throw new ModelRegistryException(ModelRegistryErrors.FileInvalid, ModelRegistryCodes.Syntax, null, $"not JSON: {ex.Message}", ErrorKind.InvalidData);
        }
        using (doc)
        {
            var findings = RegistrySchemas.AuditEntry.Validate(doc.RootElement);
            if (findings.Count > 0)
            {
                throw new ModelRegistryException(ModelRegistryErrors.FileInvalid, ModelRegistryCodes.Schema, null, string.Join("; ", findings.Select(f => f.Message)), ErrorKind.InvalidData) { Findings = findings };
            }
            var root = doc.RootElement;
            string? Text(string name) => root.GetProperty(name).ValueKind == JsonValueKind.Null ? null : root.GetProperty(name).GetString();
            return new AuditEntry
            {
                Sequence = root.GetProperty("sequence").GetInt64(),
                At = DateTimeOffset.Parse(root.GetProperty("at").GetString()!, System.Globalization.CultureInfo.InvariantCulture),
                Actor = root.GetProperty("actor").GetString()!,
                Action = root.GetProperty("action").GetString()!,
                Component = Text("component"),
                Version = Text("version"),
                Reason = Text("reason"),
                Details = AuditChain.ParseDetails(root.GetProperty("details").GetRawText()),
                PreviousHash = root.GetProperty("previousHash").GetString()!,
                Hash = root.GetProperty("hash").GetString()!,
            };
        }
    }
}
