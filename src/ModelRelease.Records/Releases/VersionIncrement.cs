namespace ModelRelease;

/// <summary>Which part of a version a bump increments.</summary>
public enum VersionIncrement
{
    /// <summary>1.2.3 → 1.2.4; a pre-release is released instead (1.2.4-rc.1 → 1.2.4).</summary>
    Patch,

    /// <summary>1.2.3 → 1.3.0; 1.3.0-rc.1 → 1.3.0.</summary>
    Minor,

    /// <summary>1.2.3 → 2.0.0; 2.0.0-rc.1 → 2.0.0.</summary>
    Major,

    /// <summary>1.2.3 → 1.2.4-rc.1; 1.2.4-rc.1 → 1.2.4-rc.2; 1.2.4-beta.3 → 1.2.4-rc.1 with the label rc.</summary>
    Prerelease,
}
