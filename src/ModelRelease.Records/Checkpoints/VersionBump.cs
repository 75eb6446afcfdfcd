namespace ModelRelease;

/// <summary>The semantic-version bump a change implies.</summary>
public enum VersionBump
{
    None,
    Patch,
    Minor,
    Major,
}
