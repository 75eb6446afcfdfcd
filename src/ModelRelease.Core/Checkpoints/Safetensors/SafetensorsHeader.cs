namespace ModelRelease.Core.Checkpoints.Safetensors;

/// <summary>The parsed JSON header of a safetensors file: tensor entries in header order and <c>__metadata__</c>.</summary>
internal sealed record SafetensorsHeader(
    IReadOnlyList<SafetensorsHeaderEntry> Entries,
    IReadOnlyDictionary<string, string>? Metadata);
