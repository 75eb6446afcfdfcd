namespace ModelRelease;

/// <summary>
/// A problem in a weights registry file: a stable <see cref="Code"/> (<c>REG_SCHEMA_REQUIRED</c>, <c>REG_RANGE</c>, …),
/// the message, and where: the file and the JSON path of the value (<c>$.models['cser-detector'].versions['1.1'].sha256</c>).
/// </summary>
public sealed record RegistryFinding(FindingSeverity Severity, string Code, string JsonPath, string Message)
{
    /// <summary>The registry file.</summary>
    public string? Path { get; init; }

    /// <summary>The line in the file, when the JSON reader knows it.</summary>
    public int? Line { get; init; }

    public override string ToString() => $"{Severity} {Code} at {JsonPath}: {Message}";
}
