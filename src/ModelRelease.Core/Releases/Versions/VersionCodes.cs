namespace ModelRelease.Core.Releases.Versions;

/// <summary>Stable codes of the version, range and tag-format rules (enumerated by a test: unique, prefixed).</summary>
public static class VersionCodes
{
    /// <summary>Nothing was given.</summary>
    public const string Empty = "VER_EMPTY";

    /// <summary>The text is not a version in any accepted form.</summary>
    public const string Syntax = "VER_SYNTAX";

    /// <summary>More than three release numbers (1.2.3.4).</summary>
    public const string Parts = "VER_PARTS";

    /// <summary>A number does not fit (above 2147483647).</summary>
    public const string Number = "VER_NUMBER";

    /// <summary>A PEP 440 form with no SemVer reading (an epoch 1!2.0, a development release of a post-release).</summary>
    public const string Unsupported = "VER_UNSUPPORTED";

    /// <summary>A bump that would go backwards (a beta after an rc) or has nothing to bump.</summary>
    public const string Bump = "VER_BUMP";

    /// <summary>A range that does not parse (unknown operator, stray characters, an unclosed interval).</summary>
    public const string RangeSyntax = "RANGE_SYNTAX";

    /// <summary>An operator this reader does not accept (=== arbitrary equality, a bare version).</summary>
    public const string RangeOperator = "RANGE_OPERATOR";

    /// <summary>A range's version that is not a version.</summary>
    public const string RangeVersion = "RANGE_VERSION";

    /// <summary>A range no version satisfies ((1.0,1.0), &gt;=2.0,&lt;1.0).</summary>
    public const string RangeEmpty = "RANGE_EMPTY";

    /// <summary>A tag template without a version placeholder, with an unknown placeholder, or that names an invalid tag.</summary>
    public const string TagTemplate = "TAG_TEMPLATE";

    /// <summary>A tag format name that is not known.</summary>
    public const string TagFormatUnknown = "TAG_FORMAT_UNKNOWN";

    /// <summary>An artifact name part (name, extension) that cannot be used.</summary>
    public const string ArtifactName = "ARTIFACT_NAME";
}
