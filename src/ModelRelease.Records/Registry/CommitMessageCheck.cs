namespace ModelRelease;

/// <summary>
/// A commit message checked against the team's convention (<c>Test-CommitMessage</c>): a subject
/// <c>[COMPONENT] TYPE: Description</c>, a <c>Performance impact:</c> line and at least one <c>Reviewed-by:</c> line.
/// </summary>
public sealed record CommitMessageCheck
{
    public required string Message { get; init; }

    public required bool IsValid { get; init; }

    public string? Component { get; init; }

    public string? Type { get; init; }

    public string? Description { get; init; }

    public string? PerformanceImpact { get; init; }

    public IReadOnlyList<string> ReviewedBy { get; init; } = [];

    public IReadOnlyList<Finding> Findings { get; init; } = [];

    public override string ToString() => IsValid ? $"valid: [{Component}] {Type}: {Description}" : $"invalid: {string.Join("; ", Findings.Select(f => f.Code))}";
}
