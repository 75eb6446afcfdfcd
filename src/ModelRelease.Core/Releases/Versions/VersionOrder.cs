using NuGet.Versioning;

namespace ModelRelease.Core.Releases.Versions;

/// <summary>
/// SemVer 2 precedence (build metadata ignored), computed by NuGet.Versioning. The parser writes pre-release labels
/// in lower case, where NuGet's case-blind label order and SemVer's ASCII order agree.
/// </summary>
public sealed class VersionOrder : IComparer<SemanticVersion?>
{
    /// <summary>The one instance.</summary>
    public static readonly VersionOrder Instance = new();

    private VersionOrder()
    {
    }

    public int Compare(SemanticVersion? x, SemanticVersion? y)
    {
        if (ReferenceEquals(x, y)) return 0;
        if (x is null) return -1;
        if (y is null) return 1;
        return VersionComparer.Default.Compare(ToNuGet(x), ToNuGet(y));
    }

    /// <summary>True when <paramref name="a"/> and <paramref name="b"/> have the same precedence.</summary>
    public static bool Same(SemanticVersion a, SemanticVersion b) => Instance.Compare(a, b) == 0;

    internal static NuGetVersion ToNuGet(SemanticVersion v) =>
        new(v.Major, v.Minor, v.Patch, v.Prerelease is null ? [] : v.Prerelease.Split('.'), v.Build);
}
