using System.Collections;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.RegularExpressions;
using ModelRelease.Cli.Output;

namespace ModelRelease.Cli.Tests;

/// <summary>
/// Every public record the CLI can print, serialised as <c>--json</c> prints it: dtypes under <c>dtype</c>-spelled keys
/// (never <c>dType</c>), NaN counts as <c>nanCount</c>, durations as numbers of seconds under <c>…Seconds</c> (never a
/// <c>"00:00:01.23"</c> string). Each record is filled with a sample value in every property it can be given.
/// </summary>
public class JsonShapeTests
{
    public static TheoryData<string> RecordTypes()
    {
        var data = new TheoryData<string>();
        foreach (var type in PublicRecords()) data.Add(type.FullName!);
        return data;
    }

    private static IEnumerable<Type> PublicRecords() => typeof(Checkpoint).Assembly.GetExportedTypes()
        .Where(t => t.IsClass && !t.IsAbstract && !t.IsGenericTypeDefinition && !typeof(Exception).IsAssignableFrom(t) && !typeof(Delegate).IsAssignableFrom(t))
        .Where(t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance).Any(p => p.CanWrite))
        .OrderBy(t => t.FullName, StringComparer.Ordinal);

    [Fact]
    public void The_records_assembly_has_the_records_the_pipeline_prints()
    {
        var names = PublicRecords().Select(t => t.Name).ToHashSet();
        foreach (var expected in new[] { "Checkpoint", "TensorInfo", "TensorScan", "ParameterReport", "CheckpointComparison", "TensorChange", "PublishResult", "ReleaseReport" })
        {
            Assert.Contains(expected, names);
        }
    }

    [Theory]
    [MemberData(nameof(RecordTypes))]
    public void Every_record_prints_dtype_keys_and_durations_in_seconds(string typeName)
    {
        var type = typeof(Checkpoint).Assembly.GetType(typeName, throwOnError: true)!;
        var json = Json.Serialize(Build(type, 0));
        using var doc = JsonDocument.Parse(json);
        var keys = new List<string>();
        var strings = new List<string>();
        Walk(doc.RootElement, keys, strings);
        Assert.DoesNotContain(keys, k => Regex.IsMatch(k, "dType|DType|naN|NaN"));
        Assert.All(keys.Where(k => k.Contains("type", StringComparison.OrdinalIgnoreCase) && k.Contains('d')), k => Assert.DoesNotContain("dT", k));
        Assert.DoesNotContain(strings, s => Regex.IsMatch(s, @"^-?(\d+\.)?\d{2}:\d{2}:\d{2}"));
        foreach (var property in Properties(type).Where(p => Unwrap(p.PropertyType) == typeof(TimeSpan)))
        {
            var name = JsonNamingPolicy.CamelCase.ConvertName(property.Name) + "Seconds";
            Assert.True(doc.RootElement.TryGetProperty(name, out var value), $"{type.Name}.{property.Name} is not printed as {name}");
            Assert.Equal(1.23, value.GetDouble());
        }
    }

    [Fact]
    public void A_tensor_prints_dtype_and_formatDtype_and_a_scan_nanCount()
    {
        var tensor = new TensorInfo { Name = "w", DType = "F32", FormatDType = "float32", Shape = [2], ElementCount = 2 };
        using (var doc = JsonDocument.Parse(Json.Serialize(tensor)))
        {
            Assert.Equal("F32", doc.RootElement.GetProperty("dtype").GetString());
            Assert.Equal("float32", doc.RootElement.GetProperty("formatDtype").GetString());
        }
        using (var doc = JsonDocument.Parse(Json.Serialize(new TensorScan("w", "F32", 2) { NaNCount = 1, FormatDType = "FLOAT" })))
        {
            Assert.Equal(1, doc.RootElement.GetProperty("nanCount").GetInt64());
            Assert.Equal("FLOAT", doc.RootElement.GetProperty("formatDtype").GetString());
        }
        var report = new ParameterReport { Path = "p", Format = CheckpointFormat.PyTorch, Total = 2, Unique = 2, TensorCount = 1, ByDType = new Dictionary<string, long> { ["F32"] = 2 }, ByGroup = new Dictionary<string, long>() };
        using (var doc = JsonDocument.Parse(Json.Serialize(report)))
        {
            Assert.Equal(2, doc.RootElement.GetProperty("byDtype").GetProperty("F32").GetInt64()); // keys as they are: canonical dtype names
        }
    }

    private static void Walk(JsonElement e, List<string> keys, List<string> strings)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var p in e.EnumerateObject())
                {
                    keys.Add(p.Name);
                    Walk(p.Value, keys, strings);
                }
                break;
            case JsonValueKind.Array:
                foreach (var item in e.EnumerateArray()) Walk(item, keys, strings);
                break;
            case JsonValueKind.String:
                strings.Add(e.GetString()!);
                break;
        }
    }

    private static IEnumerable<PropertyInfo> Properties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0);

    private static Type Unwrap(Type type) => Nullable.GetUnderlyingType(type) ?? type;

    /// <summary>An instance of <paramref name="type"/> with a sample value in every property it can be given.</summary>
    private static object Build(Type type, int depth)
    {
        var instance = RuntimeHelpers.GetUninitializedObject(type);
        foreach (var property in Properties(type).Where(p => p.CanWrite))
        {
            property.SetValue(instance, Sample(property.PropertyType, depth + 1));
        }
        return instance;
    }

    private static object? Sample(Type type, int depth)
    {
        type = Unwrap(type);
        if (type == typeof(string) || type == typeof(object)) return "x";
        if (type == typeof(TimeSpan)) return TimeSpan.FromSeconds(1.23);
        if (type == typeof(DateTimeOffset)) return new DateTimeOffset(2025, 9, 15, 12, 0, 0, TimeSpan.Zero);
        if (type == typeof(DateTime)) return new DateTime(2025, 9, 15, 12, 0, 0, DateTimeKind.Utc);
        if (type == typeof(Uri)) return new Uri("https://example.org/");
        if (type == typeof(Guid)) return Guid.Empty;
        if (type == typeof(bool)) return true;
        if (type.IsEnum) return Enum.GetValues(type).GetValue(0);
        if (type.IsPrimitive || type == typeof(decimal)) return Convert.ChangeType(1, type, System.Globalization.CultureInfo.InvariantCulture);
        if (type.IsArray) return MakeList(type.GetElementType()!, depth, array: true);
        if (type.IsGenericType)
        {
            var definition = type.GetGenericTypeDefinition();
            var args = type.GetGenericArguments();
            if (args.Length == 2 && (definition == typeof(IReadOnlyDictionary<,>) || definition == typeof(IDictionary<,>) || definition == typeof(Dictionary<,>)))
            {
                var map = (IDictionary)Activator.CreateInstance(typeof(Dictionary<,>).MakeGenericType(args))!;
                if (depth < 4 && Sample(args[0], depth) is { } key) map[key] = Sample(args[1], depth);
                return map;
            }
            if (args.Length == 1 && typeof(IEnumerable).IsAssignableFrom(type)) return MakeList(args[0], depth, array: false);
        }
        if (type.IsClass && type.Assembly == typeof(Checkpoint).Assembly && depth < 4) return Build(type, depth);
        return null;
    }

    private static object MakeList(Type element, int depth, bool array)
    {
        var list = (IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(element))!;
        if (depth < 4) list.Add(Sample(element, depth));
        if (!array) return list;
        var result = Array.CreateInstance(element, list.Count);
        list.CopyTo(result, 0);
        return result;
    }
}
