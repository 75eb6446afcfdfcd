using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace ModelRelease.Cli.Output;

/// <summary>
/// The records as JSON: camelCase property names, enums by name, indented. Two rules keep the keys what scripts
/// expect: a dtype is <c>dtype</c> (<c>formatDtype</c>, <c>byDtype</c>, <c>referenceDtype</c> — never <c>dType</c>) and a
/// NaN count is <c>nanCount</c>; a duration is a number of seconds under its name plus <c>Seconds</c>
/// (<c>Elapsed</c> becomes <c>"elapsedSeconds": 1.23</c>), never a <c>"00:00:01.23"</c> string.
/// </summary>
public static class Json
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        PropertyNamingPolicy = new RecordNamingPolicy(),
        Converters = { new RuntimeTypeConverter() },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        TypeInfoResolver = CliJsonContext.Default.WithAddedModifier(DurationsInSeconds),
    };

    /// <summary>The value by its runtime type, from source-generated metadata (<see cref="CliJsonContext"/>): no reflection, so the native build prints the same.</summary>
    public static string Serialize<T>(T value) => JsonSerializer.Serialize<object?>(value, (System.Text.Json.Serialization.Metadata.JsonTypeInfo<object?>)Options.GetTypeInfo(typeof(object)));

    /// <summary>TimeSpan properties become <c>…Seconds</c> numbers.</summary>
    private static void DurationsInSeconds(JsonTypeInfo type)
    {
        if (type.Kind != JsonTypeInfoKind.Object) return;
        foreach (var property in type.Properties)
        {
            if (property.PropertyType == typeof(TimeSpan))
            {
                property.Name += "Seconds";
                property.CustomConverter = new SecondsConverter();
            }
            else if (property.PropertyType == typeof(TimeSpan?))
            {
                property.Name += "Seconds";
                property.CustomConverter = new NullableSecondsConverter();
            }
        }
    }

    /// <summary>camelCase, with <c>DType</c> read as one word (<c>dtype</c>, <c>formatDtype</c>) and <c>NaN</c> as one (<c>nanCount</c>).</summary>
    private sealed class RecordNamingPolicy : JsonNamingPolicy
    {
        public override string ConvertName(string name) =>
            CamelCase.ConvertName(name.Replace("DType", "Dtype", StringComparison.Ordinal).Replace("NaN", "Nan", StringComparison.Ordinal));
    }

    private sealed class SecondsConverter : JsonConverter<TimeSpan>
    {
        public override TimeSpan Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => TimeSpan.FromSeconds(reader.GetDouble());

        public override void Write(Utf8JsonWriter writer, TimeSpan value, JsonSerializerOptions options) => writer.WriteNumberValue(Math.Round(value.TotalSeconds, 3));
    }

    private sealed class NullableSecondsConverter : JsonConverter<TimeSpan?>
    {
        public override bool HandleNull => true;

        public override TimeSpan? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.Null ? null : TimeSpan.FromSeconds(reader.GetDouble());

        public override void Write(Utf8JsonWriter writer, TimeSpan? value, JsonSerializerOptions options)
        {
            if (value is { } v) writer.WriteNumberValue(Math.Round(v.TotalSeconds, 3));
            else writer.WriteNullValue();
        }
    }
}
