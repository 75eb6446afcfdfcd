using System.Text.Json;

namespace ModelRelease.Core.Releases.Registry;

/// <summary>The published weights-registry schema (schemas/weights-registry.schema.json, embedded) and its validator.</summary>
public static class RegistrySchema
{
    /// <summary>The name the schema is published under.</summary>
    public const string FileName = "weights-registry.schema.json";

    private static readonly Lazy<string> TextLazy = new(() =>
    {
        using var stream = typeof(RegistrySchema).Assembly.GetManifestResourceStream("ModelRelease.Core.Releases.Registry." + FileName)
            ?? throw new InvalidOperationException($"{FileName} is not embedded in ModelRelease.Core");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    private static readonly Lazy<JsonSchemaValidator> ValidatorLazy = new(() =>
    {
        using var doc = JsonDocument.Parse(TextLazy.Value);
        return new JsonSchemaValidator(doc.RootElement);
    });

    /// <summary>The schema's text.</summary>
    public static string Text => TextLazy.Value;

    internal static JsonSchemaValidator Validator => ValidatorLazy.Value;
}
