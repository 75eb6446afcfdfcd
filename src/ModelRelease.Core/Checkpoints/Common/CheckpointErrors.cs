namespace ModelRelease.Core.Checkpoints.Common;

/// <summary>Factories for the errors every reader raises, so codes and wording stay uniform.</summary>
public static class CheckpointErrors
{
    public static CheckpointFormatException Truncated(string path, long offset, string detail, string? tensor = null) =>
        new(CheckpointErrorKind.Truncated, "CKPT_TRUNCATED", path, detail, offset, tensor);

    public static CheckpointFormatException Invalid(string code, string path, long? offset, string detail, string? tensor = null) =>
        new(CheckpointErrorKind.Invalid, code, path, detail, offset, tensor);

    public static CheckpointFormatException Unsupported(string code, string path, long? offset, string detail) =>
        new(CheckpointErrorKind.Unsupported, code, path, detail, offset);

    public static CheckpointFormatException Unsafe(string code, string path, long? offset, string detail) =>
        new(CheckpointErrorKind.Unsafe, code, path, detail, offset);
}
