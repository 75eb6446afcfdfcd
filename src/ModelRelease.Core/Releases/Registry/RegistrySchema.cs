namespace ModelRelease.Core.Releases.Registry;

/// <summary>The published weights-registry schema (schemas/weights-registry.schema.json, embedded) and its validator.</summary>
public static class RegistrySchema
{
    /// <summary>The name the schema is published under.</summary>
    public const string FileName = "weights-registry.schema.json";

    private static readonly EmbeddedSchema Schema = new("ModelRelease.Core.Releases.Registry." + FileName);

    /// <summary>The schema's text.</summary>
    public static string Text => Schema.Text;

    internal static JsonSchemaValidator Validator => Schema.Validator;
}
