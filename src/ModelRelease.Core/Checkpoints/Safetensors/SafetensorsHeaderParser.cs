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
    private readonly List<ulong> _numbers = [];
    private readonly ShapeInterner _shapes = new();
    private int _entryCount;

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
            // Sizes the collections, but never past what the header's bytes could hold as valid entries (each takes
            // at least 48 bytes), so a header of a million one-byte properties cannot reserve memory for a million entries.
            _entryCount = Math.Min(StrictJson.CheckSyntax(_json), _json.Length / 48 + 1);
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

        var seen = new HashSet<string>(_entryCount, StringComparer.Ordinal);
        var entries = new List<SafetensorsHeaderEntry>(_entryCount);
        Dictionary<string, string>? metadata = null;
        var sawMetadata = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var keyPosition = reader.TokenStartIndex;
            var key = reader.GetString()!;
            if (key == MetadataKey)
            {
                if (sawMetadata) throw Error(SafetensorsCodes.DuplicateKey, keyPosition, "the header has '__metadata__' twice");
                sawMetadata = true;
                reader.Read();
                metadata = ReadMetadata(ref reader);
                continue;
            }
            if (!seen.Add(key))
            {
                throw Error(SafetensorsCodes.DuplicateKey, keyPosition, $"the header names tensor '{key}' twice; each tensor name must appear once", key);
            }
            reader.Read();
            entries.Add(ReadEntry(ref reader, key, keyPosition, entries.Count));
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

    private SafetensorsHeaderEntry ReadEntry(ref Utf8JsonReader reader, string name, long namePosition, int index)
    {
        var entryPosition = reader.TokenStartIndex;
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw Error(SafetensorsCodes.HeaderJson, entryPosition, $"tensor entry must be an object with dtype, shape and data_offsets; found {StrictJson.Describe(reader.TokenType)}", name);
        }

        SafetensorsDType? dtype = null;
        long[]? shape = null;
        ulong begin = 0, end = 0;
        var hasOffsets = false;
        long shapePosition = entryPosition, offsetsPosition = entryPosition;
        HashSet<string>? unknownFields = null; // only allocated for entries that carry fields the format does not define
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var fieldPosition = reader.TokenStartIndex;
            if (reader.ValueTextEquals("dtype"u8))
            {
                if (dtype is not null) throw Error(SafetensorsCodes.DuplicateKey, fieldPosition, "tensor entry has the field 'dtype' twice", name);
                reader.Read();
                if (reader.TokenType != JsonTokenType.String)
                {
                    throw Error(SafetensorsCodes.HeaderJson, reader.TokenStartIndex, $"dtype must be a string such as \"F32\"; found {StrictJson.Describe(reader.TokenType)}", name);
                }
                dtype = FindDType(ref reader) ?? throw Error(SafetensorsCodes.UnknownDType, reader.TokenStartIndex,
                    $"unknown dtype '{Shorten(reader.GetString()!)}'; expected one of {string.Join(", ", SafetensorsDType.All.Select(d => d.Name))}", name);
            }
            else if (reader.ValueTextEquals("shape"u8))
            {
                if (shape is not null) throw Error(SafetensorsCodes.DuplicateKey, fieldPosition, "tensor entry has the field 'shape' twice", name);
                reader.Read();
                shapePosition = reader.TokenStartIndex;
                ReadUnsignedArray(ref reader, "shape", name);
                shape = _shapes.Intern(System.Runtime.InteropServices.MemoryMarshal.Cast<ulong, long>(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_numbers)));
            }
            else if (reader.ValueTextEquals("data_offsets"u8))
            {
                if (hasOffsets) throw Error(SafetensorsCodes.DuplicateKey, fieldPosition, "tensor entry has the field 'data_offsets' twice", name);
                reader.Read();
                offsetsPosition = reader.TokenStartIndex;
                ReadUnsignedArray(ref reader, "data_offsets", name);
                if (_numbers.Count != 2)
                {
                    throw Error(SafetensorsCodes.HeaderJson, offsetsPosition, $"data_offsets must be [BEGIN, END]; found {_numbers.Count} numbers", name);
                }
                (begin, end, hasOffsets) = (_numbers[0], _numbers[1], true);
            }
            else
            {
                var field = reader.GetString()!;
                unknownFields ??= new HashSet<string>(StringComparer.Ordinal);
                if (!unknownFields.Add(field))
                {
                    throw Error(SafetensorsCodes.DuplicateKey, fieldPosition, $"tensor entry has the field '{field}' twice", name);
                }
                if (unknownFields.Count == 1 && _entriesWithUnknownFields == 0)
                {
                    _firstUnknownField = field;
                    _firstUnknownFieldTensor = name;
                    _firstUnknownFieldPosition = _base + fieldPosition;
                }
                reader.Read();
                reader.Skip();
            }
        }

        if (unknownFields is not null) _entriesWithUnknownFields++;
        if (dtype is null) throw Error(SafetensorsCodes.HeaderJson, entryPosition, "tensor entry lacks 'dtype'", name);
        if (shape is null) throw Error(SafetensorsCodes.HeaderJson, entryPosition, "tensor entry lacks 'shape'", name);
        if (!hasOffsets) throw Error(SafetensorsCodes.HeaderJson, entryPosition, "tensor entry lacks 'data_offsets'", name);
        return new SafetensorsHeaderEntry(name, dtype, shape, begin, end, _base + namePosition, _base + shapePosition, _base + offsetsPosition, index);
    }

    private static SafetensorsDType? FindDType(ref Utf8JsonReader reader)
    {
        foreach (var d in SafetensorsDType.All)
        {
            if (reader.ValueTextEquals(d.NameUtf8)) return d;
        }
        return null;
    }

    /// <summary>Reads an array of unsigned 64-bit integers into <see cref="_numbers"/> (reused between calls).</summary>
    private void ReadUnsignedArray(ref Utf8JsonReader reader, string field, string tensor)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw Error(SafetensorsCodes.HeaderJson, reader.TokenStartIndex, $"{field} must be an array of non-negative integers; found {StrictJson.Describe(reader.TokenType)}", tensor);
        }
        _numbers.Clear();
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
            _numbers.Add(value);
        }
    }

    private static string Shorten(string s) => s.Length <= 40 ? s : s[..40] + "…";

    private CheckpointFormatException Error(string code, long position, string detail, string? tensor = null) =>
        CheckpointErrors.Invalid(code, _path, _base + position, detail, tensor);
}
