using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace ModelRelease.Core.Registry.Audit;

/// <summary>
/// The audit log's hash chain. An entry's hash is the SHA-256 (lower-case hex) of its canonical JSON: the fields
/// sequence, at, actor, action, component, version, reason, details (sorted by name) and previousHash, in that order,
/// without whitespace; the first entry's previous hash is 64 zeros. The same text, with the hash added, is the
/// entry's line in <c>audit.jsonl</c>.
/// </summary>
public static class AuditChain
{
    public const string GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000";

    /// <summary>The canonical form of <paramref name="entry"/>'s time (UTC, 7 fractional digits, Z).</summary>
    public static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    public static DateTimeOffset ParseTime(string text) =>
        DateTimeOffset.ParseExact(text, "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    /// <summary>The entry with its hash computed.</summary>
    public static AuditEntry Seal(AuditEntry entry) => entry with { Hash = ComputeHash(entry) };

    public static string ComputeHash(AuditEntry entry)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes(Canonical(entry, withHash: false)));
        return Convert.ToHexString(bytes).ToLowerInvariant();
    }

    /// <summary>The entry's canonical JSON; with its hash, the line of the mirror file.</summary>
    public static string Canonical(AuditEntry entry, bool withHash)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = false, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteNumber("sequence", entry.Sequence);
            writer.WriteString("at", Time(entry.At));
            writer.WriteString("actor", entry.Actor);
            writer.WriteString("action", entry.Action);
            WriteNullable(writer, "component", entry.Component);
            WriteNullable(writer, "version", entry.Version);
            WriteNullable(writer, "reason", entry.Reason);
            writer.WriteStartObject("details");
            foreach (var (key, value) in entry.Details.OrderBy(d => d.Key, StringComparer.Ordinal)) writer.WriteString(key, value);
            writer.WriteEndObject();
            writer.WriteString("previousHash", entry.PreviousHash);
            if (withHash) writer.WriteString("hash", entry.Hash);
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteNullable(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is null) writer.WriteNull(name);
        else writer.WriteString(name, value);
    }

    /// <summary>The details as the database stores them (canonical JSON object).</summary>
    public static string DetailsJson(IReadOnlyDictionary<string, string> details)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            foreach (var (key, value) in details.OrderBy(d => d.Key, StringComparer.Ordinal)) writer.WriteString(key, value);
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    public static IReadOnlyDictionary<string, string> ParseDetails(string json)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        using var doc = JsonDocument.Parse(json);
        foreach (var p in doc.RootElement.EnumerateObject()) result[p.Name] = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText();
        return result;
    }

    /// <summary>
    /// Checks a run of entries: each hash against its content, each previous hash against the entry before, the sequence
    /// without gaps from 1, and (when given) the last entry against the head the registry recorded.
    /// </summary>
    public static List<AuditFinding> Verify(IReadOnlyList<AuditEntry> entries, string source, (long Sequence, string Hash)? head = null)
    {
        var findings = new List<AuditFinding>();
        var previous = GenesisHash;
        long expected = 1;
        foreach (var entry in entries)
        {
            if (entry.Sequence != expected)
            {
                findings.Add(new AuditFinding(ModelRegistryCodes.AuditChain, source, entry.Sequence,
                    entry.Sequence > expected ? $"entries {expected}..{entry.Sequence - 1} are missing (deleted)" : $"sequence {entry.Sequence} where {expected} was expected"));
                expected = entry.Sequence;
            }
            if (!string.Equals(ComputeHash(entry), entry.Hash, StringComparison.Ordinal))
            {
                findings.Add(new AuditFinding(ModelRegistryCodes.AuditHash, source, entry.Sequence, "the entry's content does not match its hash (edited)"));
            }
            if (!string.Equals(entry.PreviousHash, previous, StringComparison.Ordinal))
            {
                findings.Add(new AuditFinding(ModelRegistryCodes.AuditChain, source, entry.Sequence, "the entry's previous hash is not the hash of the entry before it (an entry before it was edited or deleted)"));
            }
            previous = entry.Hash;
            expected++;
        }
        if (head is { } h)
        {
            var last = entries.Count == 0 ? (0L, GenesisHash) : (entries[^1].Sequence, entries[^1].Hash);
            if (last.Item1 != h.Sequence || !string.Equals(last.Item2, h.Hash, StringComparison.Ordinal))
            {
                findings.Add(new AuditFinding(ModelRegistryCodes.AuditHead, source, h.Sequence,
                    $"the registry recorded entry {h.Sequence} as the last, but the log ends at entry {last.Item1} (entries deleted or edited at the end)"));
            }
        }
        return findings;
    }
}
