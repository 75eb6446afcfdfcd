using System.Text.Json;
using ModelRelease.Core.Checkpoints.Common;

namespace ModelRelease.Core.Checkpoints.Safetensors;

/// <summary>
/// Strict walk over <c>*.safetensors.index.json</c>: <c>{"metadata": {...}, "weight_map": {"tensor": "shard", ...}}</c>.
/// Duplicate keys are errors; shard names are checked for safety here, before any file is opened.
/// </summary>
internal sealed class SafetensorsIndexParser
{
    private readonly byte[] _json;
    private readonly string _path;
    private readonly List<Finding> _findings;

    private SafetensorsIndexParser(byte[] json, string path, List<Finding> findings)
    {
        _json = json;
        _path = path;
        _findings = findings;
    }

    public static SafetensorsIndex Parse(byte[] json, string path, List<Finding> findings) =>
        new SafetensorsIndexParser(json, path, findings).ParseCore();

    private SafetensorsIndex ParseCore()
    {
        var bad = StrictJson.FindInvalidUtf8(_json);
        if (bad >= 0) throw Error(SafetensorsCodes.IndexJson, bad, "the index is not valid UTF-8");
        try
        {
            StrictJson.CheckSyntax(_json);
        }
        catch (JsonException ex)
        {
            throw Error(SafetensorsCodes.IndexJson, StrictJson.ErrorPosition(_json, ex), "invalid JSON in index: " + StrictJson.CleanMessage(ex));
        }
        var reader = new Utf8JsonReader(_json, StrictJson.Options);
        try
        {
            return Walk(ref reader);
        }
        catch (JsonException ex)
        {
            throw Error(SafetensorsCodes.IndexJson, StrictJson.ErrorPosition(_json, ex), "invalid JSON in index: " + StrictJson.CleanMessage(ex));
        }
        catch (InvalidOperationException ex)
        {
            throw Error(SafetensorsCodes.IndexJson, reader.TokenStartIndex, "invalid JSON string in index: " + ex.Message);
        }
    }

    private SafetensorsIndex Walk(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw Error(SafetensorsCodes.IndexJson, reader.TokenStartIndex, $"the index must be a JSON object with 'weight_map' (and usually 'metadata'); found {StrictJson.Describe(reader.TokenType)}");
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var metadata = new Dictionary<string, object?>(StringComparer.Ordinal);
        long? totalSize = null;
        long totalSizePosition = 0;
        List<SafetensorsIndexEntry>? weightMap = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var keyPosition = reader.TokenStartIndex;
            var key = reader.GetString()!;
            if (!seen.Add(key)) throw Error(SafetensorsCodes.DuplicateKey, keyPosition, $"the index has the key '{key}' twice");
            reader.Read();
            switch (key)
            {
                case "metadata":
                    if (reader.TokenType == JsonTokenType.Null) break;
                    if (reader.TokenType != JsonTokenType.StartObject)
                    {
                        throw Error(SafetensorsCodes.IndexJson, reader.TokenStartIndex, $"'metadata' must be an object; found {StrictJson.Describe(reader.TokenType)}");
                    }
                    while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                    {
                        var mPosition = reader.TokenStartIndex;
                        var mKey = reader.GetString()!;
                        if (metadata.ContainsKey(mKey)) throw Error(SafetensorsCodes.DuplicateKey, mPosition, $"'metadata' has the key '{mKey}' twice");
                        reader.Read();
                        var valuePosition = reader.TokenStartIndex;
                        using var element = JsonDocument.ParseValue(ref reader);
                        var value = Convert(element.RootElement);
                        metadata[mKey] = value;
                        if (mKey == "total_size")
                        {
                            totalSizePosition = valuePosition;
                            if (value is long size && size >= 0) totalSize = size;
                            else
                            {
                                _findings.Add(new Finding(FindingSeverity.Warning, SafetensorsCodes.IndexTotalSize,
                                    $"metadata.total_size should be a non-negative integer (bytes of tensor data); found {element.RootElement.GetRawText()}")
                                { Path = _path, Offset = valuePosition });
                            }
                        }
                    }
                    break;
                case "weight_map":
                    weightMap = ReadWeightMap(ref reader);
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }
        if (weightMap is null) throw Error(SafetensorsCodes.IndexJson, 0, "the index has no 'weight_map' object mapping tensor names to shard files");
        return new SafetensorsIndex(metadata, totalSize, totalSizePosition, weightMap);
    }

    private List<SafetensorsIndexEntry> ReadWeightMap(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw Error(SafetensorsCodes.IndexJson, reader.TokenStartIndex, $"'weight_map' must be an object mapping tensor names to shard file names; found {StrictJson.Describe(reader.TokenType)}");
        }
        var entries = new List<SafetensorsIndexEntry>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var position = reader.TokenStartIndex;
            var tensor = reader.GetString()!;
            if (!seen.Add(tensor))
            {
                throw CheckpointErrors.Invalid(SafetensorsCodes.DuplicateKey, _path, position, "'weight_map' names the tensor twice", tensor);
            }
            reader.Read();
            if (reader.TokenType != JsonTokenType.String)
            {
                throw CheckpointErrors.Invalid(SafetensorsCodes.IndexJson, _path, reader.TokenStartIndex,
                    $"'weight_map' values must be shard file names (strings); found {StrictJson.Describe(reader.TokenType)}", tensor);
            }
            var shard = reader.GetString()!;
            var problem = SafetensorsShardName.Problem(shard);
            if (problem is not null)
            {
                throw CheckpointErrors.Unsafe(SafetensorsCodes.IndexUnsafeName, _path, reader.TokenStartIndex,
                    $"{problem}: '{Printable(shard)}' (tensor '{tensor}'); shards must be plain file names beside the index");
            }
            entries.Add(new SafetensorsIndexEntry(tensor, shard, position));
        }
        return entries;
    }

    /// <summary>JSON metadata values as .NET values: strings, long (or ulong/double when out of range), bool, null; objects and arrays as their JSON text.</summary>
    private static object? Convert(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => e.GetString(),
        JsonValueKind.Number when e.TryGetInt64(out var l) => l,
        JsonValueKind.Number when e.TryGetUInt64(out var u) => u,
        JsonValueKind.Number => e.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Null => null,
        _ => e.GetRawText(),
    };

    private static string Printable(string s)
    {
        var cleaned = new string(s.Select(c => char.IsControl(c) ? '?' : c).ToArray());
        return cleaned.Length <= 80 ? cleaned : cleaned[..80] + "…";
    }

    private CheckpointFormatException Error(string code, long position, string detail) =>
        CheckpointErrors.Invalid(code, _path, position, detail);
}
