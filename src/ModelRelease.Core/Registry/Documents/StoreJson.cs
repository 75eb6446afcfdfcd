using System.Text;
using System.Text.Json;
using ModelRelease.Core.Releases.Registry;

namespace ModelRelease.Core.Registry.Documents;

/// <summary>Reads a JSON file of the store and checks it against its schema (MREG_SYNTAX, MREG_SCHEMA with every finding's JSON path).</summary>
internal static class StoreJson
{
    public const long MaxBytes = 16 * 1024 * 1024;

    public static readonly JsonSerializerOptions Write = new()
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The file's document, valid against <paramref name="schema"/> (the caller disposes it).</summary>
    public static async Task<JsonDocument> ReadAsync(string path, JsonSchemaValidator schema, string what, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            throw new ModelRegistryException(ModelRegistryErrors.FileNotFound, ModelRegistryCodes.NotFound, path, $"{path}: no {what} here", ErrorKind.NotFound);
        }
        var info = new FileInfo(path);
        if (info.Length > MaxBytes)
        {
            throw new ModelRegistryException(ModelRegistryErrors.FileInvalid, ModelRegistryCodes.Syntax, path, $"{path}: the {what} has {info.Length} bytes; at most {MaxBytes} are read", ErrorKind.InvalidData);
        }
        var bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        return Parse(bytes, path, schema, what);
    }

    public static JsonDocument Parse(ReadOnlyMemory<byte> bytes, string path, JsonSchemaValidator schema, string what)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = 32 });
        }
        catch (JsonException ex)
        {
            var at = ex.LineNumber is { } line ? $" (line {line + 1})" : "";
            throw new ModelRegistryException(ModelRegistryErrors.FileInvalid, ModelRegistryCodes.Syntax, path, $"{path}: the {what} is not JSON{at}: {ex.Message.Split('.')[0]}", ErrorKind.InvalidData);
        }
        var findings = schema.Validate(doc.RootElement).Select(f => f with { Path = path }).ToList();
        if (findings.Count > 0)
        {
            doc.Dispose();
            throw new ModelRegistryException(ModelRegistryErrors.FileInvalid, ModelRegistryCodes.Schema, path,
                $"{path}: the {what} does not follow its schema: {string.Join("; ", findings.Take(5).Select(f => f.Message))}{(findings.Count > 5 ? $"; and {findings.Count - 5} more" : "")}", ErrorKind.InvalidData)
            { Findings = findings };
        }
        return doc;
    }

    public static string Serialize(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            write(writer);
        }
        return Encoding.UTF8.GetString(buffer.ToArray()).Replace("\r\n", "\n", StringComparison.Ordinal) + "\n";
    }
}
