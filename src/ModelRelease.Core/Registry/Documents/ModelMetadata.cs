using System.Globalization;
using System.Text.Json;

namespace ModelRelease.Core.Registry.Documents;

/// <summary>One weights file of a version, as metadata.json lists it.</summary>
public sealed record ModelFileEntry(string Name, string Format, long Size, string Sha256, long ParameterCount);

/// <summary>
/// A version's <c>metadata.json</c> (schemas/model-metadata.schema.json): the model id, description, architecture with
/// the parameter count taken from the checkpoint, training, performance, dependencies, authors, approval and changelog.
/// </summary>
public sealed record ModelMetadata
{
    public required string ModelId { get; init; }
    public required string Component { get; init; }
    public required string Version { get; init; }
    public required string Description { get; init; }
    public required string Architecture { get; init; }
    public required long ParameterCount { get; init; }
    public required IReadOnlyList<ModelFileEntry> Files { get; init; }
    public required IReadOnlyDictionary<string, object> Training { get; init; }
    public required IReadOnlyDictionary<string, double> Performance { get; init; }
    public required IReadOnlyDictionary<string, string> Dependencies { get; init; }
    public required IReadOnlyList<string> Authors { get; init; }
    public required int RequiredApprovals { get; init; }
    public required IReadOnlyList<string> Approvers { get; init; }
    public required string Changelog { get; init; }
    public required DateTimeOffset RegisteredAt { get; init; }
    public required string RegisteredBy { get; init; }

    public string ToJson() => StoreJson.Serialize(w =>
    {
        w.WriteStartObject();
        w.WriteNumber("schemaVersion", 1);
        w.WriteString("modelId", ModelId);
        w.WriteString("component", Component);
        w.WriteString("version", Version);
        w.WriteString("description", Description);
        w.WriteStartObject("architecture");
        w.WriteString("name", Architecture);
        w.WriteNumber("parameterCount", ParameterCount);
        w.WriteStartArray("files");
        foreach (var f in Files)
        {
            w.WriteStartObject();
            w.WriteString("name", f.Name);
            w.WriteString("format", f.Format);
            w.WriteNumber("size", f.Size);
            w.WriteString("sha256", f.Sha256);
            w.WriteNumber("parameterCount", f.ParameterCount);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteStartObject("training");
        foreach (var (key, value) in Training)
        {
            switch (value)
            {
                case bool b: w.WriteBoolean(key, b); break;
                case double d: w.WriteNumber(key, d); break;
                case long l: w.WriteNumber(key, l); break;
                default: w.WriteString(key, Convert.ToString(value, CultureInfo.InvariantCulture)); break;
            }
        }
        w.WriteEndObject();
        w.WriteStartObject("performance");
        foreach (var (key, value) in Performance) w.WriteNumber(key, value);
        w.WriteEndObject();
        w.WriteStartObject("dependencies");
        foreach (var (key, value) in Dependencies) w.WriteString(key, value);
        w.WriteEndObject();
        w.WriteStartArray("authors");
        foreach (var a in Authors) w.WriteStringValue(a);
        w.WriteEndArray();
        w.WriteStartObject("approval");
        w.WriteNumber("requiredApprovals", RequiredApprovals);
        w.WriteStartArray("approvers");
        foreach (var a in Approvers) w.WriteStringValue(a);
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteString("changelog", Changelog);
        w.WriteString("registeredAt", Audit.AuditChain.Time(RegisteredAt));
        w.WriteString("registeredBy", RegisteredBy);
        w.WriteEndObject();
    });

    /// <summary>Reads and checks a version's metadata.json.</summary>
    public static async Task<ModelMetadata> ReadAsync(string path, CancellationToken cancellationToken)
    {
        using var doc = await StoreJson.ReadAsync(path, RegistrySchemas.Metadata, "metadata file", cancellationToken).ConfigureAwait(false);
        var root = doc.RootElement;
        var architecture = root.GetProperty("architecture");
        var approval = root.GetProperty("approval");
        return new ModelMetadata
        {
            ModelId = root.GetProperty("modelId").GetString()!,
            Component = root.GetProperty("component").GetString()!,
            Version = root.GetProperty("version").GetString()!,
            Description = root.GetProperty("description").GetString()!,
            Architecture = architecture.GetProperty("name").GetString()!,
            ParameterCount = architecture.GetProperty("parameterCount").GetInt64(),
            Files = architecture.GetProperty("files").EnumerateArray().Select(f => new ModelFileEntry(f.GetProperty("name").GetString()!, f.GetProperty("format").GetString()!,
                f.GetProperty("size").GetInt64(), f.GetProperty("sha256").GetString()!, f.GetProperty("parameterCount").GetInt64())).ToList(),
            Training = root.GetProperty("training").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ValueKind switch
            {
                JsonValueKind.Number => (object)p.Value.GetDouble(),
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => p.Value.GetString()!,
            }, StringComparer.Ordinal),
            Performance = root.GetProperty("performance").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble(), StringComparer.Ordinal),
            Dependencies = root.GetProperty("dependencies").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal),
            Authors = root.GetProperty("authors").EnumerateArray().Select(a => a.GetString()!).ToList(),
            RequiredApprovals = approval.GetProperty("requiredApprovals").GetInt32(),
            Approvers = approval.GetProperty("approvers").EnumerateArray().Select(a => a.GetString()!).ToList(),
            Changelog = root.GetProperty("changelog").GetString()!,
            RegisteredAt = DateTimeOffset.Parse(root.GetProperty("registeredAt").GetString()!, CultureInfo.InvariantCulture),
            RegisteredBy = root.GetProperty("registeredBy").GetString()!,
        };
    }
}
