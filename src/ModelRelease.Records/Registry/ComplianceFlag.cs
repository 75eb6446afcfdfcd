namespace ModelRelease;

/// <summary>A compliance problem an audit report flags: a move that skipped its gate, a parameter file changed by hand.</summary>
public sealed record ComplianceFlag(string Code, string Message)
{
    public string? Component { get; init; }

    public string? Version { get; init; }

    /// <summary>The audit entry, when the flag is about one.</summary>
    public long? Sequence { get; init; }

    /// <summary>The file, when the flag is about one.</summary>
    public string? Path { get; init; }

    public override string ToString() => $"{Code}: {Message}";
}
