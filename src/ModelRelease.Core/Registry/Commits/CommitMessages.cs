using System.Text.RegularExpressions;

namespace ModelRelease.Core.Registry.Commits;

/// <summary>
/// The team's commit-message convention, for a commit-msg hook and for the commits the registry makes:
/// <code>
/// [COMPONENT] TYPE: Description
///
/// Body…
/// Performance impact: FID 11.8 -> 10.9 (better)
/// Reviewed-by: Alice Example
/// </code>
/// COMPONENT is upper-case (BASE, SUPER-RESOLUTION, ALL); TYPE one of <see cref="Types"/>; a <c>Performance impact:</c>
/// line (<c>none</c> is an answer) and at least one <c>Reviewed-by:</c> line are required. Lines starting with '#' (git's
/// comments) are ignored.
/// </summary>
public static partial class CommitMessages
{
    /// <summary>The types the convention knows.</summary>
    public static IReadOnlyList<string> Types { get; } = ["FEAT", "FIX", "PERF", "REFACTOR", "DOCS", "TEST", "CHORE", "MODEL", "PARAMS", "REVERT", "RELEASE"];

    [GeneratedRegex(@"^\[(?<component>[A-Z0-9]+(?:[-_.][A-Z0-9]+)*)\] (?<type>[A-Z]+): (?<description>\S.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex Subject();

    [GeneratedRegex(@"^Performance impact:\s*(?<impact>\S.*)$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Impact();

    [GeneratedRegex(@"^Reviewed-by:\s*(?<who>\S.*)$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Reviewed();

    public static CommitMessageCheck Check(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var lines = message.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').Where(l => !l.StartsWith('#')).Select(l => l.TrimEnd()).ToList();
        var findings = new List<Finding>();
        var subject = lines.FirstOrDefault(l => l.Length > 0) ?? "";
        var m = Subject().Match(subject);
        string? component = null, type = null, description = null;
        if (!m.Success)
        {
            findings.Add(new Finding(FindingSeverity.Error, ModelRegistryCodes.CommitSubject, $"the subject '{Core.PrintableText.Escape(subject)}' is not '[COMPONENT] TYPE: Description' (an upper-case component in brackets, a type, a colon and a description)") { Line = 1 });
        }
        else
        {
            component = m.Groups["component"].Value;
            type = m.Groups["type"].Value;
            description = m.Groups["description"].Value;
            if (!Types.Contains(type, StringComparer.Ordinal))
            {
                findings.Add(new Finding(FindingSeverity.Error, ModelRegistryCodes.CommitType, $"'{type}' is not a commit type: use one of {string.Join(", ", Types)}") { Line = 1 });
            }
        }
        string? impact = null;
        var reviewers = new List<string>();
        for (var i = 1; i < lines.Count; i++)
        {
            if (Impact().Match(lines[i]) is { Success: true } im) impact ??= im.Groups["impact"].Value.Trim();
            if (Reviewed().Match(lines[i]) is { Success: true } rm) reviewers.Add(rm.Groups["who"].Value.Trim());
        }
        if (impact is null) findings.Add(new Finding(FindingSeverity.Error, ModelRegistryCodes.CommitPerformance, "no 'Performance impact:' line (write 'Performance impact: none' when there is none)"));
        if (reviewers.Count == 0) findings.Add(new Finding(FindingSeverity.Error, ModelRegistryCodes.CommitReviewed, "no 'Reviewed-by:' line"));
        return new CommitMessageCheck
        {
            Message = message,
            IsValid = findings.Count == 0,
            Component = component,
            Type = type,
            Description = description,
            PerformanceImpact = impact,
            ReviewedBy = reviewers,
            Findings = findings,
        };
    }

    /// <summary>A message in the convention (what the registry writes for its own commits); it passes <see cref="Check"/>.</summary>
    public static string Format(string component, string type, string description, string performanceImpact, IReadOnlyList<string> reviewedBy, string? body = null)
    {
        var lines = new List<string> { $"[{component.ToUpperInvariant()}] {type.ToUpperInvariant()}: {description}", "" };
        if (!string.IsNullOrWhiteSpace(body)) lines.AddRange([body.Trim(), ""]);
        lines.Add($"Performance impact: {performanceImpact}");
        lines.AddRange(reviewedBy.Select(r => $"Reviewed-by: {r}"));
        return string.Join("\n", lines) + "\n";
    }
}
