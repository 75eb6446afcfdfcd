using ModelRelease.Core.Releases.Registry;

namespace ModelRelease.Core.Releases.Manifests;

/// <summary>The published release-manifest schema (schemas/release-manifest.schema.json, embedded) and its validator.</summary>
public static class ManifestSchema
{
    /// <summary>The name the schema is published under.</summary>
    public const string FileName = "release-manifest.schema.json";

    private static readonly EmbeddedSchema Schema = new("ModelRelease.Core.Releases.Manifests." + FileName);

    /// <summary>The schema's text.</summary>
    public static string Text => Schema.Text;

    internal static JsonSchemaValidator Validator => Schema.Validator;
}
