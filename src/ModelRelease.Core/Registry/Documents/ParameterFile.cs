using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ModelRelease.Core.Registry.Documents;

/// <summary>
/// <c>config/parameters/{kind}_parameters.json</c> (schemas/model-parameters.schema.json): the history of one kind of
/// parameters, appended to and never rewritten. An entry's canonical JSON is what the registry stores beside it, so a
/// file entry that differs from the registry's (changed by hand) is found by comparing texts.
/// </summary>
internal static class ParameterFile
{
    /// <summary>An entry's canonical JSON (the registry's copy).</summary>
    public static string Canonical(ModelParameterSet set)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            Write(w, set);
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>The canonical form of an entry as the file holds it (properties re-ordered and re-written the registry's way).</summary>
    public static string Canonical(JsonElement entry) => Canonical(FromJson(entry, "?"));

    public static void Write(Utf8JsonWriter w, ModelParameterSet set)
    {
        w.WriteStartObject();
        w.WriteString("parameterId", set.ParameterId);
        w.WriteStartObject("values");
        foreach (var (k, v) in set.Values) w.WriteNumber(k, v);
        w.WriteEndObject();
        w.WriteString("effectiveDate", set.EffectiveDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        w.WriteString("approvedBy", set.ApprovedBy);
        w.WriteStartObject("metrics");
        foreach (var (k, v) in set.Metrics) w.WriteNumber(k, v);
        w.WriteEndObject();
        w.WriteStartArray("scenarios");
        foreach (var s in set.Scenarios) w.WriteStringValue(s);
        w.WriteEndArray();
        if (set.Notes is { } notes) w.WriteString("notes", notes);
        w.WriteString("recordedAt", Audit.AuditChain.Time(set.RecordedAt));
        w.WriteString("recordedBy", set.RecordedBy);
        w.WriteEndObject();
    }

    public static ModelParameterSet FromJson(JsonElement e, string kind) => new()
    {
        Kind = kind,
        ParameterId = e.GetProperty("parameterId").GetString()!,
        Values = e.GetProperty("values").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble(), StringComparer.Ordinal),
        EffectiveDate = DateTime.ParseExact(e.GetProperty("effectiveDate").GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture),
        ApprovedBy = e.GetProperty("approvedBy").GetString()!,
        Metrics = e.GetProperty("metrics").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble(), StringComparer.Ordinal),
        Scenarios = e.GetProperty("scenarios").EnumerateArray().Select(s => s.GetString()!).ToList(),
        Notes = e.TryGetProperty("notes", out var n) ? n.GetString() : null,
        RecordedAt = DateTimeOffset.Parse(e.GetProperty("recordedAt").GetString()!, CultureInfo.InvariantCulture),
        RecordedBy = e.GetProperty("recordedBy").GetString()!,
    };

    /// <summary>The file's entries (their canonical texts, in file order); empty when there is no file. Checks the schema.</summary>
    public static async Task<List<(string ParameterId, string Canonical)>> ReadAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path)) return [];
        using var doc = await StoreJson.ReadAsync(path, RegistrySchemas.Parameters, "parameter file", cancellationToken).ConfigureAwait(false);
        return doc.RootElement.GetProperty("history").EnumerateArray().Select(e => (e.GetProperty("parameterId").GetString()!, Canonical(e))).ToList();
    }

    /// <summary>
    /// Appends <paramref name="missing"/> (canonical entries the registry has and the file lacks) to the file's history,
    /// keeping every entry already there as it is (a change by hand stays visible), and writes the file atomically.
    /// </summary>
    public static async Task AppendAsync(string path, string kind, IReadOnlyList<string> missing, CancellationToken cancellationToken)
    {
        JsonObject root;
        if (File.Exists(path))
        {
            using (var check = await StoreJson.ReadAsync(path, RegistrySchemas.Parameters, "parameter file", cancellationToken).ConfigureAwait(false)) { }
            root = JsonNode.Parse(await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false))!.AsObject();
        }
        else
        {
            root = new JsonObject { ["schemaVersion"] = 1, ["kind"] = kind, ["history"] = new JsonArray() };
        }
        var history = root["history"]!.AsArray();
        foreach (var entry in missing) history.Add(JsonNode.Parse(entry));
        var text = root.ToJsonString(StoreJson.Write).Replace("\r\n", "\n", StringComparison.Ordinal) + "\n";
        await StoreFiles.WriteAtomicAsync(path, text, cancellationToken).ConfigureAwait(false);
    }
}
