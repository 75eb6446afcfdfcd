using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace ModelRelease.Core.Releases.Registry;

/// <summary>
/// Validates JSON against the subset of JSON Schema 2020-12 that ModelRelease's published schemas use: <c>type</c>,
/// <c>properties</c>, <c>required</c>, <c>additionalProperties</c>, <c>propertyNames</c>, <c>minProperties</c>,
/// <c>items</c>, <c>minItems</c>, <c>pattern</c>, <c>minLength</c>, <c>maxLength</c>, <c>minimum</c>, <c>maximum</c>,
/// <c>enum</c>, <c>const</c>, <c>format</c> (<c>date-time</c>) and local <c>$ref</c>s into <c>$defs</c>; the annotations
/// <c>$schema</c>, <c>$id</c>, <c>$comment</c>, <c>title</c>, <c>description</c> are skipped. A schema with any other
/// keyword is refused when the validator is made, so the published schema and what is checked cannot drift apart.
/// Each finding names the JSON path of the value (<c>$.models['cser-detector'].versions['1.1'].sha256</c>).
/// </summary>
public sealed partial class JsonSchemaValidator
{
    private static readonly HashSet<string> Keywords =
    [
        "$schema", "$id", "$comment", "$defs", "$ref", "title", "description", "type", "properties", "required",
        "additionalProperties", "propertyNames", "minProperties", "items", "minItems", "pattern", "minLength",
        "maxLength", "minimum", "maximum", "enum", "const", "format",
    ];

    private static readonly TimeSpan PatternTimeout = TimeSpan.FromSeconds(1);

    private readonly JsonElement _root;
    private readonly Dictionary<string, Regex> _patterns = new(StringComparer.Ordinal);

    /// <summary>A validator for <paramref name="schema"/>; throws <see cref="ArgumentException"/> when it uses a keyword this validator does not apply.</summary>
    public JsonSchemaValidator(JsonElement schema)
    {
        _root = schema.Clone();
        CheckSchema(_root, "#");
    }

    private void CheckSchema(JsonElement schema, string where)
    {
        if (schema.ValueKind == JsonValueKind.True || schema.ValueKind == JsonValueKind.False) return;
        if (schema.ValueKind != JsonValueKind.Object) throw new ArgumentException($"schema at {where} is not an object or a boolean");
        foreach (var p in schema.EnumerateObject())
        {
            if (!Keywords.Contains(p.Name)) throw new ArgumentException($"schema at {where} uses '{p.Name}', which this validator does not apply");
            switch (p.Name)
            {
                case "properties" or "$defs":
                    foreach (var child in p.Value.EnumerateObject()) CheckSchema(child.Value, $"{where}/{p.Name}/{child.Name}");
                    break;
                case "additionalProperties" or "propertyNames" or "items":
                    CheckSchema(p.Value, $"{where}/{p.Name}");
                    break;
                case "pattern":
                    _patterns[p.Value.GetString()!] = new Regex(p.Value.GetString()!, RegexOptions.CultureInvariant, PatternTimeout);
                    break;
                case "$ref":
                    Resolve(p.Value.GetString()!, where);
                    break;
            }
        }
    }

    /// <summary>Every way <paramref name="document"/> breaks the schema.</summary>
    public IReadOnlyList<RegistryFinding> Validate(JsonElement document)
    {
        var findings = new List<RegistryFinding>();
        Check(document, _root, "$", findings);
        return findings;
    }

    private JsonElement Resolve(string reference, string where)
    {
        if (!reference.StartsWith("#/$defs/", StringComparison.Ordinal)) throw new ArgumentException($"schema at {where}: only local references into $defs are applied, not '{reference}'");
        var name = reference["#/$defs/".Length..];
        if (!_root.TryGetProperty("$defs", out var defs) || !defs.TryGetProperty(name, out var target)) throw new ArgumentException($"schema at {where}: '{reference}' names no definition");
        return target;
    }

    private void Check(JsonElement value, JsonElement schema, string path, List<RegistryFinding> findings)
    {
        if (schema.ValueKind == JsonValueKind.True) return;
        if (schema.ValueKind == JsonValueKind.False)
        {
            findings.Add(Finding(RegistryCodes.SchemaAdditional, path, "is not allowed here"));
            return;
        }
        if (schema.TryGetProperty("$ref", out var reference))
        {
            Check(value, Resolve(reference.GetString()!, path), path, findings);
        }
        if (schema.TryGetProperty("type", out var type) && !TypeMatches(value, type))
        {
            findings.Add(Finding(RegistryCodes.SchemaType, path, $"is {Describe(value)}; expected {TypeText(type)}"));
            return;
        }
        if (schema.TryGetProperty("const", out var constant) && !JsonEquals(value, constant))
        {
            findings.Add(Finding(RegistryCodes.SchemaValue, path, $"is {Shown(value)}; expected {constant.GetRawText()}"));
        }
        if (schema.TryGetProperty("enum", out var options) && !options.EnumerateArray().Any(o => JsonEquals(value, o)))
        {
            findings.Add(Finding(RegistryCodes.SchemaValue, path, $"is {Shown(value)}; expected one of {string.Join(", ", options.EnumerateArray().Select(o => o.GetRawText()))}"));
        }
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                CheckObject(value, schema, path, findings);
                break;
            case JsonValueKind.Array:
                if (schema.TryGetProperty("minItems", out var minItems) && value.GetArrayLength() < minItems.GetInt32())
                {
                    findings.Add(Finding(RegistryCodes.SchemaSize, path, $"has {value.GetArrayLength()} items; at least {minItems.GetInt32()} expected"));
                }
                if (schema.TryGetProperty("items", out var items))
                {
                    var i = 0;
                    foreach (var item in value.EnumerateArray()) Check(item, items, $"{path}[{i++}]", findings);
                }
                break;
            case JsonValueKind.String:
                CheckString(value.GetString()!, schema, path, findings, what: "");
                break;
            case JsonValueKind.Number:
                if (schema.TryGetProperty("minimum", out var min) && value.GetDouble() < min.GetDouble())
                {
                    findings.Add(Finding(RegistryCodes.SchemaRange, path, $"is {value.GetRawText()}; at least {min.GetRawText()} expected"));
                }
                if (schema.TryGetProperty("maximum", out var max) && value.GetDouble() > max.GetDouble())
                {
                    findings.Add(Finding(RegistryCodes.SchemaRange, path, $"is {value.GetRawText()}; at most {max.GetRawText()} expected"));
                }
                break;
        }
    }

    private void CheckObject(JsonElement value, JsonElement schema, string path, List<RegistryFinding> findings)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var p in value.EnumerateObject())
        {
            if (!seen.Add(p.Name)) findings.Add(Finding(RegistryCodes.DuplicateKey, JsonPath.Child(path, p.Name), "appears more than once in its object (a JSON reader keeps only one of them)"));
        }
        if (schema.TryGetProperty("required", out var required))
        {
            foreach (var name in required.EnumerateArray().Select(r => r.GetString()!))
            {
                if (!seen.Contains(name)) findings.Add(Finding(RegistryCodes.SchemaRequired, JsonPath.Child(path, name), "is missing; it is required"));
            }
        }
        if (schema.TryGetProperty("minProperties", out var minProperties) && seen.Count < minProperties.GetInt32())
        {
            findings.Add(Finding(RegistryCodes.SchemaSize, path, $"has {seen.Count} entries; at least {minProperties.GetInt32()} expected"));
        }
        schema.TryGetProperty("properties", out var properties);
        var hasAdditional = schema.TryGetProperty("additionalProperties", out var additional);
        var hasNames = schema.TryGetProperty("propertyNames", out var names);
        foreach (var p in value.EnumerateObject())
        {
            var childPath = JsonPath.Child(path, p.Name);
            if (hasNames) CheckString(p.Name, names, childPath, findings, what: "the name ");
            if (properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty(p.Name, out var propertySchema))
            {
                Check(p.Value, propertySchema, childPath, findings);
            }
            else if (hasAdditional)
            {
                if (additional.ValueKind == JsonValueKind.False)
                {
                    var known = properties.ValueKind == JsonValueKind.Object ? string.Join(", ", properties.EnumerateObject().Select(x => x.Name)) : "";
                    findings.Add(Finding(RegistryCodes.SchemaAdditional, childPath, $"is not a known field{(known.Length == 0 ? "" : $" (known: {known})")}"));
                }
                else
                {
                    Check(p.Value, additional, childPath, findings);
                }
            }
        }
    }

    private void CheckString(string text, JsonElement schema, string path, List<RegistryFinding> findings, string what)
    {
        if (schema.ValueKind != JsonValueKind.Object) return;
        var length = text.EnumerateRunes().Count();
        if (schema.TryGetProperty("minLength", out var minLength) && length < minLength.GetInt32())
        {
            findings.Add(Finding(RegistryCodes.SchemaLength, path, $"{what}is {(length == 0 ? "empty" : $"{length} characters long")}; at least {minLength.GetInt32()} expected"));
        }
        if (schema.TryGetProperty("maxLength", out var maxLength) && length > maxLength.GetInt32())
        {
            findings.Add(Finding(RegistryCodes.SchemaLength, path, $"{what}is {length} characters long; at most {maxLength.GetInt32()} expected"));
        }
        if (schema.TryGetProperty("pattern", out var pattern))
        {
            bool matches;
            try
            {
                matches = _patterns[pattern.GetString()!].IsMatch(text);
            }
            catch (RegexMatchTimeoutException)
            {
                matches = false;
            }
            if (!matches) findings.Add(Finding(RegistryCodes.SchemaPattern, path, $"{what}'{Printable(text)}' does not match {pattern.GetString()}"));
        }
        if (schema.TryGetProperty("format", out var format) && format.GetString() == "date-time" && !IsDateTime(text))
        {
            findings.Add(Finding(RegistryCodes.SchemaFormat, path, $"{what}'{Printable(text)}' is not an RFC 3339 date-time (2025-09-15T12:40:51Z)"));
        }
    }

    [GeneratedRegex(@"^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]+)?(?:[Zz]|[+-][0-9]{2}:[0-9]{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex Rfc3339();

    internal static bool IsDateTime(string text) =>
        Rfc3339().IsMatch(text) && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

    private static bool TypeMatches(JsonElement value, JsonElement type) => type.ValueKind == JsonValueKind.Array
        ? type.EnumerateArray().Any(t => TypeMatches(value, t.GetString()!))
        : TypeMatches(value, type.GetString()!);

    private static bool TypeMatches(JsonElement value, string type) => type switch
    {
        "object" => value.ValueKind == JsonValueKind.Object,
        "array" => value.ValueKind == JsonValueKind.Array,
        "string" => value.ValueKind == JsonValueKind.String,
        "number" => value.ValueKind == JsonValueKind.Number,
        "integer" => value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var d) && d == decimal.Truncate(d),
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "null" => value.ValueKind == JsonValueKind.Null,
        _ => false,
    };

    private static string TypeText(JsonElement type) => type.ValueKind == JsonValueKind.Array
        ? string.Join(" or ", type.EnumerateArray().Select(t => t.GetString()))
        : type.GetString()!;

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => $"the string {Shown(value)}",
        JsonValueKind.Number => $"the number {value.GetRawText()}",
        JsonValueKind.True or JsonValueKind.False => $"the boolean {value.GetRawText()}",
        _ => "null",
    };

    private static string Shown(JsonElement value)
    {
        var raw = value.GetRawText();
        return raw.Length > 80 ? raw[..80] + "…" : raw;
    }

    internal static string Printable(string text) =>
        string.Concat(text.Take(80).Select(c => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString())) + (text.Length > 80 ? "…" : "");

    private static RegistryFinding Finding(string code, string path, string message) => new(FindingSeverity.Error, code, path, $"{path} {message}");

    /// <summary>Equality of JSON scalars as const and enum compare them (strings by value, numbers by value, arrays and objects by their text).</summary>
    private static bool JsonEquals(JsonElement a, JsonElement b) => (a.ValueKind, b.ValueKind) switch
    {
        (JsonValueKind.String, JsonValueKind.String) => a.GetString() == b.GetString(),
        (JsonValueKind.Number, JsonValueKind.Number) => a.TryGetDecimal(out var x) && b.TryGetDecimal(out var y) ? x == y : a.GetRawText() == b.GetRawText(),
        _ when a.ValueKind != b.ValueKind => false,
        (JsonValueKind.True or JsonValueKind.False or JsonValueKind.Null, _) => true,
        _ => a.GetRawText() == b.GetRawText(),
    };
}
