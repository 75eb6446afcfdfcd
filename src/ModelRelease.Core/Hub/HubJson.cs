using System.Globalization;
using System.Text.Json;

namespace ModelRelease.Core.Hub;

/// <summary>
/// Field access for the parses of the Hub's answers: a required field that is missing or of another type throws
/// <see cref="ShapeException"/>, which the client turns into <see cref="HubErrorIds.ResponseInvalid"/>; optional
/// fields of another type read as absent.
/// </summary>
internal static class HubJson
{
    internal sealed class ShapeException(string message) : Exception(message);

    private static bool TryGet(JsonElement e, string name, out JsonElement value)
    {
        value = default;
        return e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out value);
    }

    public static string String(JsonElement e, string name) =>
        TryGet(e, name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : throw new ShapeException($"'{name}' is missing or not a string");

    public static string? OptionalString(JsonElement e, string name) =>
        TryGet(e, name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    public static long Int64(JsonElement e, string name) =>
        TryGet(e, name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n) ? n : throw new ShapeException($"'{name}' is missing or not an integer");

    public static long? OptionalInt64(JsonElement e, string name) =>
        TryGet(e, name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n) ? n : null;

    public static bool IsTrue(JsonElement e, string name) => TryGet(e, name, out var v) && v.ValueKind == JsonValueKind.True;

    public static JsonElement? OptionalObject(JsonElement e, string name) =>
        TryGet(e, name, out var v) && v.ValueKind == JsonValueKind.Object ? v : null;

    public static bool Has(JsonElement e, string name) => TryGet(e, name, out _);

    /// <summary>The items of an array answer.</summary>
    public static IEnumerable<JsonElement> Items(JsonElement e) =>
        e.ValueKind == JsonValueKind.Array ? e.EnumerateArray() : throw new ShapeException($"an array was expected, not {e.ValueKind}");

    public static IEnumerable<JsonElement> Items(JsonElement e, string name) =>
        TryGet(e, name, out var v) ? Items(v) : throw new ShapeException($"'{name}' is missing");

    public static IEnumerable<JsonElement> OptionalItems(JsonElement e, string name) =>
        TryGet(e, name, out var v) && v.ValueKind == JsonValueKind.Array ? v.EnumerateArray() : [];

    public static DateTimeOffset? OptionalDate(JsonElement e, string name) =>
        OptionalString(e, name) is { } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date) ? date : null;

    /// <summary>An object's members as text (numbers and other values as their JSON).</summary>
    public static Dictionary<string, string> StringMap(JsonElement? e) =>
        e is { ValueKind: JsonValueKind.Object } o
            ? o.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText(), StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal);
}
