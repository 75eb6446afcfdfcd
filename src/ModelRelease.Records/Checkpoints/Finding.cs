namespace ModelRelease;

/// <summary>
/// One observation about a checkpoint: a stable <see cref="Code"/> (for example <c>ST_OFFSET</c>),
/// a message for people, and where it was seen (file, tensor, byte offset; for model cards, the line).
/// </summary>
public sealed record Finding(FindingSeverity Severity, string Code, string Message)
{
    /// <summary>The file the finding is about (a shard for sharded sets).</summary>
    public string? Path { get; init; }

    /// <summary>The tensor the finding is about, when there is one.</summary>
    public string? Tensor { get; init; }

    /// <summary>The archive record (zip entry) the finding is about, such as <c>archive/data/0</c> of a PyTorch zip, when there is one.</summary>
    public string? Record { get; init; }

    /// <summary>Absolute byte offset in <see cref="Path"/>, when known.</summary>
    public long? Offset { get; init; }

    /// <summary>The line in <see cref="Path"/> (text files: model cards), when known.</summary>
    public int? Line { get; init; }

    public override string ToString()
    {
        var where = (Record is null ? "" : $" record '{Record}'") + (Tensor is null ? "" : $" tensor '{Tensor}'");
        var at = Line is not null ? $" on line {Line}" : Offset is null ? "" : $" at offset {Offset}";
        return $"{Severity} {Code}{where}{at}: {Message}";
    }
}
