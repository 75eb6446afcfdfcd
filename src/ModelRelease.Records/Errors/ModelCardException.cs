namespace ModelRelease;

/// <summary>
/// A card, template, config, metrics or policy file that cannot be used, naming the file and the line.
/// Error ids: ModelCardInvalid, ModelCardNotFound, ModelCardTemplateInvalid, ModelCardConfigInvalid,
/// ModelCardMetricsInvalid, ModelCardPolicyInvalid, ModelCardVariantInvalid, ModelCardCheckpointMissing,
/// ModelCardMetadataInvalid, ModelCardValueInvalid, ModelCardExists, ModelCardUnreadable, ModelCardUnwritable.
/// </summary>
public sealed class ModelCardException(string errorId, string code, string? file, int? line, string detail, ErrorKind kind = ErrorKind.InvalidData, Exception? innerException = null)
    : ModelReleaseException($"{file ?? "(card)"}{(line is null ? "" : $":{line}")}: {detail} [{code}]", innerException)
{
    public override string ErrorId { get; } = errorId;
    public override ErrorKind Kind { get; } = kind;
    public override object? Target => File;
    public string Code { get; } = code;
    public string? File { get; } = file;
    public int? Line { get; } = line;
    public string Detail { get; } = detail;
}
