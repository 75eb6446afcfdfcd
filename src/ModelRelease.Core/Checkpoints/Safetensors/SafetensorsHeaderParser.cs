using System.Text.Json;
using ModelRelease.Core.Checkpoints.Common;

namespace ModelRelease.Core.Checkpoints.Safetensors;

/// <summary>
/// Strict walk over a safetensors JSON header (reference rules 6 of §1.5, plus duplicate keys).
/// Two passes: the whole text is first checked as JSON (serde reads the whole document before it
/// looks at types), then walked token by token so every key is seen — duplicates are errors — and
/// integers are read exactly as unsigned 64-bit (floats, negatives and exponents are refused).
/// </summary>
internal sealed class SafetensorsHeaderParser
{
    private const string MetadataKey = "__metadata__";

    private readonly byte[] _json;
    private readonly long _base;
    private readonly string _path;
    private readonly List<Finding> _findings;
    private int _entriesWithUnknownFields;
    private string? _firstUnknownField;
    private string? _firstUnknownFieldTensor;
    private long _firstUnknownFieldPosition;

    private SafetensorsHeaderParser(byte[] json, long baseOffset, string path, List<Finding> findings)
    {
        _json = json;
        _base = baseOffset;
        _path = path;
        _findings = findings;
    }

    /// <summary>Parses <paramref name="json"/> (the header bytes, already checked to be UTF-8) found at <paramref name="baseOffset"/> in the file.</summary>
    public static SafetensorsHeader Parse(byte[] json, long baseOffset, string path, List<Finding> findings) =>
        new SafetensorsHeaderParser(json, baseOffset, path, findings).ParseCore();

    private SafetensorsHeader ParseCore()
    {
        try
        {
            StrictJson.CheckSyntax(_json);
        }
        catch (JsonException ex)
        {
            throw Error(SafetensorsCodes.HeaderJson, StrictJson.ErrorPosition(_json, ex), "invalid JSON in header: " + StrictJson.CleanMessage(ex));
        }

        var reader = new Utf8JsonReader(_json, StrictJson.Options);
        try
        {
            var header = Walk(ref reader);
            if (_entriesWithUnknownFields > 0)
            {
                var more = _entriesWithUnknownFields > 1 ? $" ({_entriesWithUnknownFields} tensor entries carry such fields)" : "";
                _findings.Add(new Finding(FindingSeverity.Warning, SafetensorsCodes.UnknownField,
                    $"tensor entry has the field '{_firstUnknownField}' that the format does not define (only dtype, shape, data_offsets); the reference reader ignores it{more}")
                {
                    Path = _path,
                    Tensor = _firstUnknownFieldTensor,
                    Offset = _firstUnknownFieldPosition,
                });
            }
            return header;
        }
        catch (JsonException ex)
        {
            throw Error(SafetensorsCodes.HeaderJson, StrictJson.ErrorPosition(_json, ex), "invalid JSON in header: " + StrictJson.CleanMessage(ex));
        }
        catch (InvalidOperationException ex)
        {
            // Utf8JsonReader.GetString on an escaped lone surrogate (serde rejects those too).
            throw Error(SafetensorsCodes.HeaderJson, reader.TokenStartIndex, "invalid JSON string in header: " + ex.Message);
        }
    }

    private SafetensorsHeader Walk(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw Error(SafetensorsCodes.HeaderJson, reader.TokenStartIndex, $"the header must be a JSON object of tensor entries; found {StrictJson.Describe(reader.TokenType)}");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var entries = new List<SafetensorsHeaderEntry>();
        Dictionary<string, string>? metadata = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var keyPosition = reader.TokenStartIndex;
            var key = reader.GetString()!;
            if (!seen.Add(key))
            {
                throw key == MetadataKey
                    ? Error(SafetensorsCodes.DuplicateKey, keyPosition, "the header has '__metadata__' twice")
                    : Error(SafetensorsCodes.DuplicateKey, keyPosition, $"the header names tensor '{key}' twice; each tensor name must appear once", key);
            }
            reader.Read();
            if (key == MetadataKey)
            {
                metadata = ReadMetadata(ref reader);
            }
            else
            {
                entries.Add(ReadEntry(ref reader, key, keyPosition) with { HeaderIndex = entries.Count });
            }
        }
        return new SafetensorsHeader(entries, metadata);
    }

    private Dictionary<string, string>? ReadMetadata(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null) return null; // serde Option: null reads as absent
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw Error(SafetensorsCodes.HeaderJson, reader.TokenStartIndex, $"'__metadata__' must be an object mapping strings to strings (or null); found {StrictJson.Describe(reader.TokenType)}");
        }
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var keyPosition = reader.TokenStartIndex;
            var key = reader.GetString()!;
            if (map.ContainsKey(key))
            {
                throw Error(SafetensorsCodes.DuplicateKey, keyPosition, $"'__metadata__' has the key '{key}' twice");
            }
            reader.Read();
            if (reader.TokenType != JsonTokenType.String)
            {
                throw Error(SafetensorsCodes.HeaderJson, reader.TokenStartIndex, $"'__metadata__' value of '{key}' must be a string (all metadata values are strings); found {StrictJson.Describe(reader.TokenType)}");
            }
            map[key] = reader.GetString()!;
        }
        return map;
    }

    private SafetensorsHeaderEntry ReadEntry(ref Utf8JsonReader reader, string name, long namePosition)
    {
        var entryPosition = reader.TokenStartIndex;
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw Error(SafetensorsCodes.HeaderJson, entryPosition, $"tensor entry must be an object with dtype, shape and data_offsets; found {StrictJson.Describe(reader.TokenType)}", name);
        }

        SafetensorsDType? dtype = null;
        List<ulong>? shape = null;
        List<ulong>? offsets = null;
        long shapePosition = entryPosition, offsetsPosition = entryPosition;
        var fields = new HashSet<string>(StringComparer.Ordinal);
        var hasUnknownField = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var fieldPosition = reader.TokenStartIndex;
            var field = reader.GetString()!;
            if (!fields.Add(field))
            {
                throw Error(SafetensorsCodes.DuplicateKey, fieldPosition, $"tensor entry has the field '{field}' twice", name);
            }
            reader.Read();
            switch (field)
            {
                case "dtype":
                    if (reader.TokenType != JsonTokenType.String)
                    {
                        throw Error(SafetensorsCodes.HeaderJson, reader.TokenStartIndex, $"dtype must be a string such as \"F32\"; found {StrictJson.Describe(reader.TokenType)}", name);
                    }
                    var dtypeName = reader.GetString()!;
                    dtype = SafetensorsDType.Find(dtypeName) ?? throw Error(SafetensorsCodes.UnknownDType, reader.TokenStartIndex,
                        $"unknown dtype '{Shorten(dtypeName)}'; expected one of {string.Join(", ", SafetensorsDType.All.Select(d => d.Name))}", name);
                    break;
                case "shape":
                    shapePosition = reader.TokenStartIndex;
                    shape = ReadUnsignedArray(ref reader, "shape", name);
                    break;
                case "data_offsets":
                    offsetsPosition = reader.TokenStartIndex;
                    offsets = ReadUnsignedArray(ref reader, "data_offsets", name);
                    if (offsets.Count != 2)
                    {
                        throw Error(SafetensorsCodes.HeaderJson, offsetsPosition, $"data_offsets must be [BEGIN, END]; found {offsets.Count} numbers", name);
                    }
                    break;
                default:
                    if (!hasUnknownField && _entriesWithUnknownFields == 0)
                    {
                        _firstUnknownField = field;
                        _firstUnknownFieldTensor = name;
                        _firstUnknownFieldPosition = _base + fieldPosition;
                    }
                    hasUnknownField = true;
                    reader.Skip();
                    break;
            }
        }

        if (hasUnknownField) _entriesWithUnknownFields++;
        if (dtype is null) throw Error(SafetensorsCodes.HeaderJson, entryPosition, "tensor entry lacks 'dtype'", name);
        if (shape is null) throw Error(SafetensorsCodes.HeaderJson, entryPosition, "tensor entry lacks 'shape'", name);
        if (offsets is null) throw Error(SafetensorsCodes.HeaderJson, entryPosition, "tensor entry lacks 'data_offsets'", name);
        return new SafetensorsHeaderEntry(name, dtype, shape, offsets[0], offsets[1], _base + namePosition, _base + shapePosition, _base + offsetsPosition);
    }

    private List<ulong> ReadUnsignedArray(ref Utf8JsonReader reader, string field, string tensor)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw Error(SafetensorsCodes.HeaderJson, reader.TokenStartIndex, $"{field} must be an array of non-negative integers; found {StrictJson.Describe(reader.TokenType)}", tensor);
        }
        var values = new List<ulong>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.Number)
            {
                throw Error(SafetensorsCodes.HeaderJson, reader.TokenStartIndex, $"{field} must hold non-negative integers; found {StrictJson.Describe(reader.TokenType)}", tensor);
            }
            if (!reader.TryGetUInt64(out var value))
            {
                throw Error(SafetensorsCodes.HeaderJson, reader.TokenStartIndex,
                    $"{field} must hold non-negative integers below 2^64 written without fraction or exponent; found {StrictJson.Excerpt(reader.ValueSpan)}", tensor);
            }
            values.Add(value);
        }
        return values;
    }

    private static string Shorten(string s) => s.Length <= 40 ? s : s[..40] + "…";

    private CheckpointFormatException Error(string code, long position, string detail, string? tensor = null) =>
        CheckpointErrors.Invalid(code, _path, _base + position, detail, tensor);
}
