namespace ModelRelease;

/// <summary>
/// What changed between two checkpoints, in any two formats (dtypes are compared by their canonical names, contents
/// as elements in row-major order, little-endian), and the version bump that implies: a tensor removed, reshaped or
/// re-typed breaks what used the old one (major); a tensor added is new capability with the old outputs unchanged,
/// such as a new output head (minor); the same layout with other values is a minor change; the same tensors in
/// another format or with other metadata are a patch. Produced by <c>Compare-Checkpoint</c> / <c>modelrelease compare</c>.
/// </summary>
public sealed record CheckpointComparison
{
    public required string ReferencePath { get; init; }
    public required string DifferencePath { get; init; }

    /// <summary>The reference's format.</summary>
    public CheckpointFormat ReferenceFormat { get; init; }

    /// <summary>The difference's format.</summary>
    public CheckpointFormat DifferenceFormat { get; init; }

    public required IReadOnlyList<string> Added { get; init; }
    public required IReadOnlyList<string> Removed { get; init; }
    public required IReadOnlyList<TensorChange> Reshaped { get; init; }

    /// <summary>Tensors whose canonical dtype differs (a <c>float32</c> and an <c>F32</c> tensor are the same type).</summary>
    public required IReadOnlyList<TensorChange> Retyped { get; init; }

    /// <summary>Same name, dtype and shape, different elements. Only filled when content was compared.</summary>
    public required IReadOnlyList<TensorChange> ContentChanged { get; init; }

    /// <summary>With a content comparison: tensors of the same layout whose elements could not be read in place (a
    /// compressed PyTorch record, ONNX values in typed fields, a strided view of a type without a fixed element size),
    /// so their values were not compared.</summary>
    public IReadOnlyList<string> ContentNotCompared { get; init; } = [];

    /// <summary>Metadata keys present on one side only or with other values (safetensors <c>__metadata__</c>, GGUF
    /// key/values, ONNX metadata_props, PyTorch non-tensor leaves), in ordinal order.</summary>
    public IReadOnlyList<string> MetadataChanged { get; init; } = [];

    public required int UnchangedCount { get; init; }

    /// <summary>True when per-tensor fingerprints were compared (<c>-Content</c>).</summary>
    public required bool ContentCompared { get; init; }

    /// <summary>Major for a tensor removed, reshaped or re-typed; else Minor for a tensor added or other values; else
    /// Patch for another format or other metadata; else None.</summary>
    public required VersionBump ImpliedBump { get; init; }

    /// <summary>True when both checkpoints hold the same tensors (names, dtypes, shapes and, when compared, contents);
    /// the format and metadata may differ.</summary>
    public bool IsIdentical => Added.Count == 0 && Removed.Count == 0 && Reshaped.Count == 0 && Retyped.Count == 0 && ContentChanged.Count == 0;

    /// <summary>True when the two checkpoints are in different formats.</summary>
    public bool FormatChanged => ReferenceFormat != DifferenceFormat;
}
