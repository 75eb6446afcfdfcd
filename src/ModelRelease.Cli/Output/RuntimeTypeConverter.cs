using System.Collections;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ModelRelease.Cli.Output;

/// <summary>
/// Writes a value declared <c>object</c> (the root of every print, metadata values, name fields) by its runtime type,
/// as the reflection serializer did, from the source-generated metadata: a type the context knows through it, any
/// other map as an object of its entries and any other sequence (a list of records, a GGUF array) as an array.
/// </summary>
internal sealed class RuntimeTypeConverter : JsonConverter<object>
{
    public override object Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("The CLI's JSON is written, never read.");

    public override void Write(Utf8JsonWriter writer, object value, JsonSerializerOptions options)
    {
        var type = value.GetType();
        if (type == typeof(object))
        {
            writer.WriteStartObject();
            writer.WriteEndObject();
        }
        else if (options.TryGetTypeInfo(type, out var info))
        {
            JsonSerializer.Serialize(writer, value, info);
        }
        else if (value is IDictionary map)
        {
            writer.WriteStartObject();
            foreach (DictionaryEntry entry in map)
            {
                writer.WritePropertyName(Convert.ToString(entry.Key, CultureInfo.InvariantCulture)!);
                WriteItem(writer, entry.Value, options);
            }
            writer.WriteEndObject();
        }
        else if (value is IEnumerable sequence)
        {
            writer.WriteStartArray();
            foreach (var item in sequence) WriteItem(writer, item, options);
            writer.WriteEndArray();
        }
        else
        {
            throw new NotSupportedException($"{type} has no source-generated JSON metadata: add it to {nameof(CliJsonContext)}.");
        }
    }

    private void WriteItem(Utf8JsonWriter writer, object? item, JsonSerializerOptions options)
    {
        if (item is null) writer.WriteNullValue();
        else Write(writer, item, options);
    }
}
