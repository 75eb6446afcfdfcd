namespace ModelRelease.Core.Operations.Cache;

/// <summary>Which revisions of the shared cache to list or prune: by repository (wildcards), revision and age.</summary>
public sealed record CacheFilter
{
    /// <summary>Repository ids, with * and ? wildcards (namespace/name); all when empty.</summary>
    public IReadOnlyList<string> RepoIds { get; init; } = [];

    /// <summary>A ref the revision has (main, v1.0) or its commit (at least 7 leading hex digits); any when null.</summary>
    public string? Revision { get; init; }

    /// <summary>Only revisions not accessed for at least this long.</summary>
    public TimeSpan? OlderThan { get; init; }

    /// <summary>model, dataset or space; any when null.</summary>
    public string? RepoType { get; init; }

    public bool Matches(CachedRevision r, DateTimeOffset now)
    {
        if (RepoType is { } type && r.RepoType != type) return false;
        if (RepoIds.Count > 0 && !RepoIds.Any(p => Wildcard(p).IsMatch(r.RepoId))) return false;
        if (Revision is { } rev && !(r.Refs.Contains(rev, StringComparer.Ordinal) || (rev.Length >= 7 && r.CommitOid.StartsWith(rev.ToLowerInvariant(), StringComparison.Ordinal)))) return false;
        return OlderThan is not { } age || now - r.LastAccessed >= age;
    }

    private static System.Text.RegularExpressions.Regex Wildcard(string pattern) =>
        new("^" + System.Text.RegularExpressions.Regex.Escape(pattern).Replace("\\*", ".*", StringComparison.Ordinal).Replace("\\?", ".", StringComparison.Ordinal) + "$",
            System.Text.RegularExpressions.RegexOptions.CultureInvariant | System.Text.RegularExpressions.RegexOptions.IgnoreCase);

    /// <summary>Reads an age written like 30d, 12h, 90m, 2w (days by default: 30 is 30 days).</summary>
    public static bool TryParseAge(string text, out TimeSpan age)
    {
        age = default;
        var t = text.Trim().ToLowerInvariant();
        if (t.Length == 0) return false;
        var unit = char.IsLetter(t[^1]) ? t[^1] : 'd';
        var number = char.IsLetter(t[^1]) ? t[..^1] : t;
        if (!double.TryParse(number, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var n) || n < 0 || double.IsInfinity(n)) return false;
        var days = unit switch { 'w' => n * 7, 'd' => n, 'h' => n / 24, 'm' => n / 1440, 's' => n / 86400, _ => double.NaN };
        if (double.IsNaN(days) || days > 36500) return false;
        age = TimeSpan.FromDays(days);
        return true;
    }
}
