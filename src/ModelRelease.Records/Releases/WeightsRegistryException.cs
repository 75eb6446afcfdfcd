namespace ModelRelease;

/// <summary>
/// A weights registry that cannot be used, or a look-up it cannot answer: the stable <see cref="ErrorId"/>
/// (<see cref="RegistryInvalid"/> with every <see cref="Findings">finding</see> and its JSON path,
/// <see cref="RegistryNotFound"/>, <see cref="ModelNotFound"/>, <see cref="VersionNotFound"/>,
/// <see cref="VersionExists"/>, <see cref="RegistryChanged"/>, <see cref="RegistryUnwritable"/>) and the rule's <see cref="Code"/>.
/// </summary>
public sealed class WeightsRegistryException(string errorId, string code, string? file, string detail, ErrorKind kind = ErrorKind.InvalidData, Exception? innerException = null)
    : ModelReleaseException($"{file ?? "(registry)"}: {detail} [{code}]", innerException)
{
    public const string RegistryInvalid = "WeightsRegistryInvalid";
    public const string RegistryNotFound = "WeightsRegistryNotFound";
    public const string ModelNotFound = "WeightsModelNotFound";
    public const string VersionNotFound = "WeightsVersionNotFound";
    public const string VersionExists = "WeightsVersionExists";
    public const string RegistryChanged = "WeightsRegistryChanged";
    public const string RegistryUnwritable = "WeightsRegistryUnwritable";

    public override string ErrorId { get; } = errorId;
    public override ErrorKind Kind { get; } = kind;
    public override object? Target => File;

    public string Code { get; } = code;

    /// <summary>The registry file.</summary>
    public string? File { get; } = file;

    public string Detail { get; } = detail;

    /// <summary>Every problem found (schema and consistency), each with its JSON path.</summary>
    public IReadOnlyList<RegistryFinding> Findings { get; init; } = [];
}
