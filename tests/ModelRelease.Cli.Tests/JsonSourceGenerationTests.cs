using System.Collections;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using ModelRelease.Cli.Output;

namespace ModelRelease.Cli.Tests;

/// <summary>
/// The CLI's JSON is source-generated (the native build has no reflection); it must print what the reflection-based
/// serializer printed with the same options, byte for byte, for every public record (filled in every property) and
/// for the object-typed values metadata holds (primitives, GGUF arrays, nested maps, NaN).
/// </summary>
public class JsonSourceGenerationTests
{
    public static TheoryData<string> RecordTypes() => JsonShapeTests.RecordTypes();

    [Theory]
    [MemberData(nameof(RecordTypes))]
    public void Every_record_prints_as_the_reflection_serializer_printed_it(string typeName)
    {
        var type = typeof(Checkpoint).Assembly.GetType(typeName, throwOnError: true)!;
        var value = Build(type, 0);
        Assert.Equal(JsonSerializer.Serialize(value, type, Reflection), Json.Serialize(value));
    }

    [Fact]
    public void Metadata_values_and_lists_print_as_before()
    {
        var checkpoint = (Checkpoint)Build(typeof(Checkpoint), 0);
        checkpoint = checkpoint with
        {
            Metadata = new Dictionary<string, object?>
            {
                ["s"] = "é\"<", ["b"] = true, ["u8"] = (byte)1, ["i8"] = (sbyte)-1, ["u16"] = (ushort)2, ["i16"] = (short)-2, ["u32"] = 3u, ["i32"] = -3,
                ["u64"] = ulong.MaxValue, ["i64"] = long.MinValue, ["f32"] = float.NaN, ["f64"] = double.PositiveInfinity, ["d"] = 0.1, ["none"] = null,
                ["when"] = new DateTime(2025, 1, 2, 3, 4, 5, DateTimeKind.Utc), ["ints"] = new[] { 1, 2 }, ["floats"] = new[] { 1.5f, float.NegativeInfinity },
                ["strings"] = new[] { "a", "b" }, ["nested"] = new object?[] { new long[] { 1 }, "x", null },
                ["map"] = new Dictionary<string, object?> { ["k"] = new List<object?> { 1L, 2.5, "z", false } },
            },
        };
        Assert.Equal(JsonSerializer.Serialize<object>(checkpoint, Reflection), Json.Serialize(checkpoint));
        var list = new List<Checkpoint> { checkpoint, checkpoint };
        Assert.Equal(JsonSerializer.Serialize(list, Reflection), Json.Serialize(list));
        IReadOnlyList<TensorInfo> tensors = [new TensorInfo { Name = "w", DType = "F32", Shape = [2], ElementCount = 2 }];
        Assert.Equal(JsonSerializer.Serialize(tensors, Reflection), Json.Serialize(tensors));
    }

    /// <summary>Today's options with the reflection resolver: what the CLI printed before its JSON was source-generated.</summary>
    private static readonly JsonSerializerOptions Reflection = new(Json.Options)
    {
        TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { DurationsInSeconds } },
        Converters = { new JsonStringEnumConverter() },
    };

    static JsonSourceGenerationTests() => Reflection.Converters.Remove(Reflection.Converters.First(c => c.GetType().Name == "RuntimeTypeConverter"));

    private static void DurationsInSeconds(JsonTypeInfo type)
    {
        if (type.Kind != JsonTypeInfoKind.Object) return;
        foreach (var property in type.Properties)
        {
            if ((Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType) != typeof(TimeSpan)) continue;
            property.Name += "Seconds";
            property.CustomConverter = property.PropertyType == typeof(TimeSpan) ? new Seconds() : new NullableSeconds();
        }
    }

    private sealed class Seconds : JsonConverter<TimeSpan>
    {
        public override TimeSpan Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => throw new NotSupportedException();

        public override void Write(Utf8JsonWriter writer, TimeSpan value, JsonSerializerOptions options) => writer.WriteNumberValue(Math.Round(value.TotalSeconds, 3));
    }

    private sealed class NullableSeconds : JsonConverter<TimeSpan?>
    {
        public override bool HandleNull => true;

        public override TimeSpan? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => throw new NotSupportedException();

        public override void Write(Utf8JsonWriter writer, TimeSpan? value, JsonSerializerOptions options)
        {
            if (value is { } v) writer.WriteNumberValue(Math.Round(v.TotalSeconds, 3));
            else writer.WriteNullValue();
        }
    }

    private static object Build(Type type, int depth)
    {
        var instance = RuntimeHelpers.GetUninitializedObject(type);
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite && p.GetIndexParameters().Length == 0))
        {
            property.SetValue(instance, Sample(property.PropertyType, depth + 1));
        }
        return instance;
    }

    private static object? Sample(Type type, int depth)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string)) return "x\u00e9";
        if (type == typeof(object)) return 1.5;
        if (type == typeof(TimeSpan)) return TimeSpan.FromSeconds(1.2345);
        if (type == typeof(DateTimeOffset)) return new DateTimeOffset(2025, 9, 15, 12, 0, 0, TimeSpan.FromHours(2));
        if (type == typeof(DateTime)) return new DateTime(2025, 9, 15, 12, 0, 0, DateTimeKind.Utc);
        if (type == typeof(Uri)) return new Uri("https://example.org/a?b=c");
        if (type == typeof(Guid)) return Guid.Empty;
        if (type == typeof(bool)) return true;
        if (type == typeof(double)) return double.NaN;
        if (type == typeof(float)) return float.PositiveInfinity;
        if (type.IsEnum) return Enum.GetValues(type).GetValue(Enum.GetValues(type).Length - 1);
        if (type.IsPrimitive || type == typeof(decimal)) return Convert.ChangeType(7, type, System.Globalization.CultureInfo.InvariantCulture);
        if (type.IsArray) return List(type.GetElementType()!, depth, array: true);
        if (type.IsGenericType)
        {
            var args = type.GetGenericArguments();
            if (args.Length == 2 && type.Name.Contains("Dictionary", StringComparison.Ordinal))
            {
                var map = (IDictionary)Activator.CreateInstance(typeof(Dictionary<,>).MakeGenericType(args))!;
                if (depth < 4 && Sample(args[0], depth) is { } key) map[key] = Sample(args[1], depth);
                return map;
            }
            if (args.Length == 1 && typeof(IEnumerable).IsAssignableFrom(type)) return List(args[0], depth, array: false);
        }
        if (type.IsClass && type.Assembly == typeof(Checkpoint).Assembly && !type.IsAbstract && depth < 4) return Build(type, depth);
        return null;
    }

    private static object List(Type element, int depth, bool array)
    {
        var list = (IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(element))!;
        if (depth < 4) list.Add(Sample(element, depth));
        if (!array) return list;
        var result = Array.CreateInstance(element, list.Count);
        list.CopyTo(result, 0);
        return result;
    }
}
