using System.Text.Json;
using ModelRelease.Core.Releases.Registry;

namespace ModelRelease.Core.Registry.Documents;

/// <summary>
/// The published schemas of the model store's JSON files (schemas/*.schema.json in the repository and the module
/// folder, embedded here): every file is checked against its schema when it is read.
/// </summary>
public static class RegistrySchemas
{
    public const string MetadataFile = "model-metadata.schema.json";
    public const string PerformanceFile = "model-performance.schema.json";
    public const string PolicyFile = "model-policy.schema.json";
    public const string ParametersFile = "model-parameters.schema.json";
    public const string AuditEntryFile = "model-audit-entry.schema.json";

    /// <summary>Every schema's file name.</summary>
    public static IReadOnlyList<string> All { get; } = [MetadataFile, PerformanceFile, PolicyFile, ParametersFile, AuditEntryFile];

    private static readonly Lazy<JsonSchemaValidator> MetadataLazy = new(() => Load(MetadataFile));
    private static readonly Lazy<JsonSchemaValidator> PerformanceLazy = new(() => Load(PerformanceFile));
    private static readonly Lazy<JsonSchemaValidator> PolicyLazy = new(() => Load(PolicyFile));
    private static readonly Lazy<JsonSchemaValidator> ParametersLazy = new(() => Load(ParametersFile));
    private static readonly Lazy<JsonSchemaValidator> AuditEntryLazy = new(() => Load(AuditEntryFile));

    internal static JsonSchemaValidator Metadata => MetadataLazy.Value;
    internal static JsonSchemaValidator Performance => PerformanceLazy.Value;
    internal static JsonSchemaValidator Policy => PolicyLazy.Value;
    internal static JsonSchemaValidator Parameters => ParametersLazy.Value;
    internal static JsonSchemaValidator AuditEntry => AuditEntryLazy.Value;

    /// <summary>A schema's text as published.</summary>
    public static string Text(string fileName) => EmbeddedSchema.ReadText("ModelRelease.Core.Registry.Schemas." + fileName);

    private static JsonSchemaValidator Load(string fileName)
    {
        using var doc = JsonDocument.Parse(Text(fileName));
        return new JsonSchemaValidator(doc.RootElement);
    }
}
