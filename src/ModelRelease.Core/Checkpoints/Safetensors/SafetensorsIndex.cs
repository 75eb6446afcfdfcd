namespace ModelRelease.Core.Checkpoints.Safetensors;

/// <summary>A parsed <c>*.safetensors.index.json</c>: its <c>metadata</c> object and its <c>weight_map</c> in file order.</summary>
internal sealed record SafetensorsIndex(
    IReadOnlyDictionary<string, object?> Metadata,
    long? TotalSize,
    long TotalSizePosition,
    IReadOnlyList<SafetensorsIndexEntry> WeightMap);
