using System.Text.Json;
using ModelRelease.Core.Releases.Registry;

namespace ModelRelease.Core.Releases.Manifests;

/// <summary>The published release-manifest schema (schemas/release-manifest.schema.json, embedded) and its validator.</summary>
public static class ManifestSchema
{
    /// <summary>The name the schema is published under.</summary>
    public const string FileName = "release-manifest.schema.json";

    private static readonly Lazy<string> TextLazy = new(() =>
    {
        using var stream = typeof(ManifestSchema).Assembly.GetManifestResourceStream("ModelRelease.Core.Releases.Manifests." + FileName)
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
