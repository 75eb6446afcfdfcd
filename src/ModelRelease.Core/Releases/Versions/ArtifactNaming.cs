using System.Globalization;
using System.Text.RegularExpressions;

namespace ModelRelease.Core.Releases.Versions;

/// <summary>
/// Versioned artifact names: <c>{name}-v{version}.{ext}</c> when the commit is tagged with a version,
/// <c>{name}-{yyyyMMdd-HHmmss}.{ext}</c> when it is not (the timestamp as given: pass UTC for names that sort
/// across machines). The extension may have several parts (<c>tar.gz</c>).
/// </summary>
public static partial class ArtifactNaming
{
    public const string TimestampFormat = "yyyyMMdd-HHmmss";

    [GeneratedRegex(@"^[A-Za-z0-9_.]+(?:-[A-Za-z0-9_.]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();

    [GeneratedRegex(@"^[A-Za-z0-9]+(?:\.[A-Za-z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex ExtensionPattern();

    [GeneratedRegex(@"^(?<name>.+)-(?:v(?<version>[0-9]+\.[0-9]+\.[0-9]+(?:-[0-9A-Za-z.-]+)?)|(?<stamp>[0-9]{8}-[0-9]{6}))$", RegexOptions.CultureInvariant)]
    private static partial Regex Suffix();

    /// <summary>The artifact's file name.</summary>
    public static string Name(string name, string extension, SemanticVersion? version, DateTime timestamp)
    {
        Check(name, extension);
        var suffix = version is null ? timestamp.ToString(TimestampFormat, CultureInfo.InvariantCulture) : "v" + new SemanticVersion(version.Major, version.Minor, version.Patch, version.Prerelease);
        return $"{name}-{suffix}.{extension.TrimStart('.')}";
    }

    /// <summary>The name, version (when tagged) and timestamp (when not) of an artifact file name; null when it has neither suffix.</summary>
    public static (string Name, SemanticVersion? Version, DateTime? Timestamp)? Parse(string fileName, string extension)
    {
        var ext = "." + extension.TrimStart('.');
        if (!fileName.EndsWith(ext, StringComparison.Ordinal)) return null;
        var m = Suffix().Match(fileName[..^ext.Length]);
        if (!m.Success) return null;
        if (m.Groups["version"].Success) return (m.Groups["name"].Value, VersionParser.Parse(m.Groups["version"].Value).Version, null);
        return DateTime.TryParseExact(m.Groups["stamp"].Value, TimestampFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var t)
            ? (m.Groups["name"].Value, null, t)
            : null;
    }

    private static void Check(string name, string extension)
    {
        if (!NamePattern().IsMatch(name)) throw new VersionException(VersionException.VersionInvalid, VersionCodes.ArtifactName, name, "an artifact name is words of letters, digits, '_' and '.' joined by '-'");
        if (!ExtensionPattern().IsMatch(extension.TrimStart('.'))) throw new VersionException(VersionException.VersionInvalid, VersionCodes.ArtifactName, extension, "an extension is letters and digits, with '.' between parts (tar.gz)");
    }
}
