using System.Globalization;
using System.Text.RegularExpressions;

namespace ModelRelease.Core.Releases.Versions;

/// <summary>
/// The next version after a release. Build metadata is dropped. A pre-release is finished before it is passed:
/// <list type="bullet">
/// <item>Patch: 1.2.3 → 1.2.4; 1.2.4-rc.1 → 1.2.4.</item>
/// <item>Minor: 1.2.3 → 1.3.0; 1.3.0-rc.1 → 1.3.0 (a pre-release of x.y.0); 1.2.4-rc.1 → 1.3.0.</item>
/// <item>Major: 1.2.3 → 2.0.0; 2.0.0-rc.1 → 2.0.0 (a pre-release of x.0.0); 2.1.0-rc.1 → 3.0.0.</item>
/// <item>Prerelease: 1.2.3 → 1.2.4-rc.1 (the label defaults to rc, or the current one); 1.2.4-rc.1 → 1.2.4-rc.2 (the last
/// number counts up; a label without one gets .1); a later label starts at 1 (1.2.4-beta.3 → 1.2.4-rc.1 with rc); an
/// earlier label is refused (VER_BUMP).</item>
/// </list>
/// </summary>
public static partial class VersionBumper
{
    [GeneratedRegex("^[a-z][a-z0-9-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex LabelPattern();

    /// <summary>The version after <paramref name="current"/>.</summary>
    public static SemanticVersion Next(SemanticVersion current, VersionIncrement increment, string? label = null)
    {
        ArgumentNullException.ThrowIfNull(current);
        var pre = current.Prerelease;
        switch (increment)
        {
            case VersionIncrement.Patch:
                return pre is null ? new(current.Major, current.Minor, Checked(current.Patch, current)) : new(current.Major, current.Minor, current.Patch);
            case VersionIncrement.Minor:
                return pre is not null && current.Patch == 0 ? new(current.Major, current.Minor, 0) : new(current.Major, Checked(current.Minor, current), 0);
            case VersionIncrement.Major:
                return pre is not null && current.Minor == 0 && current.Patch == 0 ? new(current.Major, 0, 0) : new(Checked(current.Major, current), 0, 0);
            case VersionIncrement.Prerelease:
                return NextPrerelease(current, label);
            default:
                throw new ArgumentOutOfRangeException(nameof(increment));
        }
    }

    /// <summary>The version after <paramref name="current"/> for the bump a comparison implies (None is refused: nothing changed).</summary>
    public static SemanticVersion Next(SemanticVersion current, VersionBump bump) => bump switch
    {
        VersionBump.Patch => Next(current, VersionIncrement.Patch),
        VersionBump.Minor => Next(current, VersionIncrement.Minor),
        VersionBump.Major => Next(current, VersionIncrement.Major),
        _ => throw Error(current, "the comparison implies no bump: nothing changed"),
    };

    private static SemanticVersion NextPrerelease(SemanticVersion current, string? label)
    {
        if (label is not null)
        {
            label = label.Trim().ToLowerInvariant();
            if (!LabelPattern().IsMatch(label)) throw Error(current, $"'{VersionTextFor.Shown(label)}' is not a pre-release label (letters, digits and '-', starting with a letter: alpha, beta, rc)");
        }
        if (current.Prerelease is null)
        {
            return new(current.Major, current.Minor, Checked(current.Patch, current), $"{label ?? "rc"}.1");
        }
        var ids = current.Prerelease.Split('.');
        var currentLabel = ids[0].All(char.IsAsciiDigit) ? null : ids[0];
        if (label is null || label == currentLabel)
        {
            var last = Array.FindLastIndex(ids, id => id.All(char.IsAsciiDigit));
            if (last < 0) return new(current.Major, current.Minor, current.Patch, current.Prerelease + ".1");
            if (!long.TryParse(ids[last], NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n >= int.MaxValue) throw Error(current, "the pre-release number cannot grow any further");
            ids[last] = (n + 1).ToString(CultureInfo.InvariantCulture);
            return new(current.Major, current.Minor, current.Patch, string.Join('.', ids));
        }
        if (currentLabel is null || string.CompareOrdinal(label, currentLabel) > 0)
        {
            return new(current.Major, current.Minor, current.Patch, $"{label}.1");
        }
        throw Error(current, $"'{label}' sorts before '{currentLabel}': {current.Major}.{current.Minor}.{current.Patch}-{label}.1 would be older than {current}");
    }

    private static int Checked(int value, SemanticVersion current) =>
        value < int.MaxValue ? value + 1 : throw Error(current, "the number cannot grow any further");

    private static VersionException Error(SemanticVersion current, string detail) =>
        new(VersionException.VersionInvalid, VersionCodes.Bump, current.ToString(), detail);
}
