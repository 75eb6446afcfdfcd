namespace ModelRelease;

/// <summary>
/// A release manifest (<c>release.yaml</c>) that cannot be used: the stable <see cref="ErrorId"/>
/// (<see cref="ManifestInvalid"/> with every <see cref="Findings">finding</see>, its JSON path and line;
/// <see cref="ManifestNotFound"/>) and the rule's <see cref="Code"/> (<c>MAN_SCHEMA_ADDITIONAL</c>, <c>MAN_COUNT</c>, …).
/// </summary>
public sealed class ReleaseManifestException(string errorId, string code, string? file, string detail, ErrorKind kind = ErrorKind.InvalidData, Exception? innerException = null)
    : ModelReleaseException($"{file ?? "(manifest)"}: {detail} [{code}]", innerException)
{
    public const string ManifestInvalid = "ReleaseManifestInvalid";
    public const string ManifestNotFound = "ReleaseManifestNotFound";

    public override string ErrorId { get; } = errorId;
    public override ErrorKind Kind { get; } = kind;
    public override object? Target => File;

    public string Code { get; } = code;

    /// <summary>The manifest file.</summary>
    public string? File { get; } = file;

    public string Detail { get; } = detail;

    /// <summary>Every problem found, each with its JSON path and line.</summary>
    public IReadOnlyList<ManifestFinding> Findings { get; init; } = [];
}

/// <summary>A problem in a release manifest: a stable <see cref="Code"/>, where (the JSON path of the value, <c>$.variants[1].checkpiont</c>, and its line) and what is wrong.</summary>
public sealed record ManifestFinding(FindingSeverity Severity, string Code, string JsonPath, string Message)
{
    /// <summary>The manifest file.</summary>
    public string? Path { get; init; }

    /// <summary>The line of the value in the file, when known.</summary>
    public int? Line { get; init; }

    public override string ToString() => $"{Severity} {Code} at {JsonPath}{(Line is null ? "" : $" (line {Line})")}: {Message}";
}
