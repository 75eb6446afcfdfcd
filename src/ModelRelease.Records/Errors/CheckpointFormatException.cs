namespace ModelRelease;

/// <summary>
/// A checkpoint that cannot be read. Names the file, the byte offset and the tensor where the
/// first bad byte was found, the stable <see cref="Code"/> (for example <c>ST_OFFSET</c>,
/// <c>GGUF_DIMS</c>, <c>PT_UNSAFE_GLOBAL</c>) and what was expected.
/// </summary>
public sealed class CheckpointFormatException : ModelReleaseException
{
    public CheckpointFormatException(
        CheckpointErrorKind errorKind,
        string code,
        string filePath,
        string detail,
        long? offset = null,
        string? tensor = null,
        Exception? innerException = null)
        : base(Compose(code, filePath, detail, offset, tensor), innerException)
    {
        CheckpointErrorKind = errorKind;
        Code = code;
        FilePath = filePath;
        Detail = detail;
        Offset = offset;
        Tensor = tensor;
    }

    public CheckpointErrorKind CheckpointErrorKind { get; }

    /// <summary>Stable machine-readable code of the rule that failed.</summary>
    public string Code { get; }

    public string FilePath { get; }

    /// <summary>The message without the file/offset prefix.</summary>
    public string Detail { get; }

    public long? Offset { get; }

    public string? Tensor { get; }

    public override string ErrorId => "Checkpoint" + CheckpointErrorKind;

    public override ErrorKind Kind => CheckpointErrorKind switch
    {
        CheckpointErrorKind.Unsupported => ErrorKind.NotSupported,
        CheckpointErrorKind.Unsafe => ErrorKind.Security,
        CheckpointErrorKind.NotFound => ErrorKind.NotFound,
        _ => ErrorKind.InvalidData,
    };

    public override object? Target => FilePath;

    /// <summary>The same failure as a finding of severity Error.</summary>
    public Finding ToFinding() => new(FindingSeverity.Error, Code, Detail) { Path = FilePath, Offset = Offset, Tensor = Tensor };

    private static string Compose(string code, string path, string detail, long? offset, string? tensor)
    {
        var at = offset is null ? "" : $" at offset {offset}";
        var t = tensor is null ? "" : $" (tensor '{tensor}')";
        return $"{path}{at}{t}: {detail} [{code}]";
    }
}
