namespace ModelRelease.Core.Checkpoints.Gguf;

/// <summary>Everything read from one GGUF file's header (one split of a set, or a whole model).</summary>
internal sealed class GgufHeader
{
    public required string Path { get; init; }
    public required long Length { get; init; }
    public required uint Version { get; init; }
    public required bool BigEndian { get; init; }
    public required long Alignment { get; init; }
    public required IReadOnlyDictionary<string, object?> Metadata { get; init; }
    public required IReadOnlyDictionary<string, GgufValueType> Types { get; init; }

    /// <summary>Absolute offset of each key's value.</summary>
    public required IReadOnlyDictionary<string, long> ValuePositions { get; init; }

    public required IReadOnlyList<GgufTensorEntry> Tensors { get; init; }

    /// <summary>Absolute start of the data section: end of the tensor infos rounded up to the alignment.</summary>
    public required long DataOffset { get; init; }

    /// <summary>Bytes each tensor spans: exact for known types; for unknown types the span up to the next tensor (or the end of the file).</summary>
    public required IReadOnlyList<long> ByteLengths { get; init; }

    public required List<Finding> Findings { get; init; }

    public long? SplitNo { get; init; }
    public long? SplitCount { get; init; }
    public long? SplitTensorsCount { get; init; }

    public long? PositionOf(string key) => ValuePositions.TryGetValue(key, out var p) ? p : null;
}
