namespace ModelRelease;

/// <summary>The verdict on a model card (<c>Test-ModelCard</c>): findings with stable codes (CARD_…), file and line.</summary>
public sealed record ModelCardValidation
{
    public required string? Path { get; init; }
    public required bool IsValid { get; init; }
    public required IReadOnlyList<Finding> Findings { get; init; }
    public string? RepoId { get; init; }

    /// <summary>The policy the card was judged by: <c>default</c>, <c>strict</c>, or the policy file's path.</summary>
    public string? Policy { get; init; }

    public int ErrorCount => Findings.Count(f => f.Severity == FindingSeverity.Error);
    public int WarningCount => Findings.Count(f => f.Severity == FindingSeverity.Warning);

    public override string ToString() => $"{(Path is null ? RepoId ?? "model card" : System.IO.Path.GetFileName(Path))}: {(IsValid ? "valid" : "INVALID")} ({ErrorCount} errors, {WarningCount} warnings)";
}
