using System.Text.Json;

namespace ModelRelease.Core.Releases.Registry;

/// <summary>A published JSON Schema embedded in ModelRelease.Core: its text and its validator, each read once.</summary>
internal sealed class EmbeddedSchema
{
    private readonly Lazy<string> _text;
    private readonly Lazy<JsonSchemaValidator> _validator;

    public EmbeddedSchema(string resourceName)
    {
        _text = new(() => ReadText(resourceName));
        _validator = new(() =>
        {
            using var doc = JsonDocument.Parse(_text.Value);
            return new JsonSchemaValidator(doc.RootElement);
        });
    }

    public string Text => _text.Value;

    public JsonSchemaValidator Validator => _validator.Value;

    /// <summary>The text of the embedded resource <paramref name="resourceName"/>.</summary>
    public static string ReadText(string resourceName)
    {
        using var stream = typeof(EmbeddedSchema).Assembly.GetManifestResourceStream(resourceName)
            ?? throw new InvalidOperationException($"{resourceName} is not embedded in ModelRelease.Core");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
