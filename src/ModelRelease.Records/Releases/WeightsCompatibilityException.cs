namespace ModelRelease;

/// <summary>
/// No weights in the registry can be loaded by the package version (error id <c>WeightsCompatibility</c>). Says
/// which way to move (<see cref="Change"/>), to which version (<see cref="SuggestedPackageVersion"/>), and which
/// weights that gets (<see cref="WeightsVersion"/>, whose range is <see cref="RequiredRange"/>).
/// </summary>
public sealed class WeightsCompatibilityException(string model, string packageVersion, string detail, PackageChange change, string? suggestedPackageVersion, string? weightsVersion, string? requiredRange)
    : ModelReleaseException($"{model}: {detail} [REG_INCOMPATIBLE]")
{
    public const string Id = "WeightsCompatibility";

    public override string ErrorId => Id;
    public override ErrorKind Kind => ErrorKind.InvalidOperation;
    public override object? Target => Model;

    public string Model { get; } = model;

    /// <summary>The package version asked about (canonical).</summary>
    public string PackageVersion { get; } = packageVersion;

    public string Detail { get; } = detail;

    public PackageChange Change { get; } = change;

    /// <summary>The package version to move to (the lowest that loads the suggested weights for an upgrade; the bound to go under or to for a downgrade).</summary>
    public string? SuggestedPackageVersion { get; } = suggestedPackageVersion;

    /// <summary>The weights version the suggestion loads.</summary>
    public string? WeightsVersion { get; } = weightsVersion;

    /// <summary>The package range of those weights.</summary>
    public string? RequiredRange { get; } = requiredRange;
}
