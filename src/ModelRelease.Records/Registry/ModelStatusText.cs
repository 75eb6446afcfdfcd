namespace ModelRelease;

/// <summary>The lifecycle statuses as the registry, the files and the CLI write them (<c>critical-issue</c>).</summary>
public static class ModelStatusText
{
    public static string Format(ModelStatus status) => status switch
    {
        ModelStatus.Development => "development",
        ModelStatus.Testing => "testing",
        ModelStatus.Staging => "staging",
        ModelStatus.Production => "production",
        ModelStatus.Deprecated => "deprecated",
        ModelStatus.Archived => "archived",
        ModelStatus.CriticalIssue => "critical-issue",
        _ => status.ToString().ToLowerInvariant(),
    };

    /// <summary>Reads <c>production</c>, <c>critical-issue</c>, <c>CriticalIssue</c> (any case).</summary>
    public static bool TryParse(string? text, out ModelStatus status)
    {
        var key = (text ?? "").Trim().Replace("-", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal);
        return Enum.TryParse(key, ignoreCase: true, out status) && Enum.IsDefined(status) && !int.TryParse(key, out _);
    }
}
