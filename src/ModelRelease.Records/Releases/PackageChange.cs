namespace ModelRelease;

/// <summary>Which way a package must move to load weights.</summary>
public enum PackageChange
{
    /// <summary>No package version can load them (the registry's ranges leave it out); nothing to suggest.</summary>
    None,
    Upgrade,
    Downgrade,
}
