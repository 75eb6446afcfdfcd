using ModelRelease.Core.Releases.Versions;

namespace ModelRelease.Core.Releases.Registry;

/// <summary>
/// Which weights a package loads. <c>latest</c> (the default) is the registry's latest version or, for a package
/// version, the newest version not newer than latest whose range holds the package version; a named version
/// (<c>1.1</c>, <c>1.1.0</c> or its tag <c>weights-v1.1</c>) is that version, checked against the package version.
/// When nothing loads, the <see cref="WeightsCompatibilityException"/> says what to do: upgrade to the lowest package
/// version that loads the newest weights above it, else downgrade under the bound of the newest weights below it.
/// The Python module of <see cref="PythonExporter"/> resolves with the same rules.
/// </summary>
public static class WeightsResolver
{
    public const string Latest = "latest";

    /// <summary>The entry for <paramref name="model"/> at <paramref name="version"/>, for <paramref name="packageVersion"/> when given.</summary>
    public static WeightsEntry Resolve(WeightsRegistry registry, string model, string? version = Latest, string? packageVersion = null)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(model);
        var m = registry.Find(model) ?? throw new WeightsRegistryException(WeightsRegistryException.ModelNotFound, RegistryCodes.ModelUnknown, registry.Path,
            $"the registry has no model '{JsonSchemaValidator.Printable(model)}'" + (registry.Models.Count == 0 ? " (it has none)" : $"; it has {string.Join(", ", registry.Models.Select(x => x.Name))}"), ErrorKind.NotFound);
        var notes = new List<string>();
        ParsedVersion? package = null;
        if (!string.IsNullOrWhiteSpace(packageVersion))
        {
            package = VersionParser.Parse(packageVersion);
            if (package.Note is not null) notes.Add("package version " + package.Note);
        }
        var latest = m.LatestVersion;
        if (string.IsNullOrWhiteSpace(version) || string.Equals(version.Trim(), Latest, StringComparison.OrdinalIgnoreCase))
        {
            if (package is null) return Entry(registry, m, latest, null, notes);
            var candidates = m.Versions.Where(v => VersionOrder.Instance.Compare(v.Version, latest.Version) <= 0).ToList();
            var found = candidates.FirstOrDefault(v => v.PackageVersions.Contains(package.Version));
            return found is not null ? Entry(registry, m, found, package, notes) : throw Incompatible(m, package.Version, candidates, named: false);
        }
        var wanted = FindVersion(m, version.Trim()) ?? throw new WeightsRegistryException(WeightsRegistryException.VersionNotFound, RegistryCodes.VersionUnknown, registry.Path,
            $"{model} has no weights version '{JsonSchemaValidator.Printable(version)}'; it has {string.Join(", ", m.Versions.Select(v => v.Key))}", ErrorKind.NotFound);
        if (package is not null && !wanted.PackageVersions.Contains(package.Version)) throw Incompatible(m, package.Version, [wanted], named: true);
        return Entry(registry, m, wanted, package, notes);
    }

    private static RegistryVersion? FindVersion(RegistryModel model, string version)
    {
        var exact = model.Versions.FirstOrDefault(v => v.Key == version || v.Tag == version);
        if (exact is not null) return exact;
        return VersionParser.TryParse(version, out var parsed, out _)
            ? model.Versions.FirstOrDefault(v => VersionOrder.Same(v.Version, parsed.Version))
            : null;
    }

    private static WeightsCompatibilityException Incompatible(RegistryModel model, SemanticVersion package, IReadOnlyList<RegistryVersion> candidates, bool named)
    {
        var order = VersionOrder.Instance;
        var what = named ? $"weights {candidates[0].Key} of {model.Name} need {candidates[0].PackageVersions.Text}" : $"no weights of {model.Name} load in package version {package}";
        var upgrade = candidates.FirstOrDefault(v => v.PackageVersions.Lower is { } low && (order.Compare(package, low.Version) < 0 || (order.Compare(package, low.Version) == 0 && !low.Inclusive)));
        if (upgrade is not null)
        {
            var low = upgrade.PackageVersions.Lower!;
            var to = low.Inclusive ? $"{low.Version} or newer" : $"a version above {low.Version}";
            var detail = named ? $"{what}: upgrade the package to {to}" : $"{what}; weights {upgrade.Key} need {upgrade.PackageVersions.Text}: upgrade the package to {to}";
            return new WeightsCompatibilityException(model.Name, package.ToString(), detail, PackageChange.Upgrade, low.Version.ToString(), upgrade.Key, upgrade.PackageVersions.Text)
            {
                RecommendedAction = $"Upgrade the package to {to} (it loads weights {upgrade.Key}).",
            };
        }
        var downgrade = candidates.FirstOrDefault(v => v.PackageVersions.Upper is { } high && (order.Compare(package, high.Version) > 0 || (order.Compare(package, high.Version) == 0 && !high.Inclusive)));
        if (downgrade is not null)
        {
            var high = downgrade.PackageVersions.Upper!;
            var to = high.Inclusive ? $"{high.Version} or older" : $"a version below {high.Version}";
            var detail = named ? $"{what}: downgrade the package to {to}" : $"{what}; weights {downgrade.Key} need {downgrade.PackageVersions.Text}: downgrade the package to {to}, or register weights for {package}";
            return new WeightsCompatibilityException(model.Name, package.ToString(), detail, PackageChange.Downgrade, high.Version.ToString(), downgrade.Key, downgrade.PackageVersions.Text)
            {
                RecommendedAction = $"Downgrade the package to {to} (it loads weights {downgrade.Key}), or register weights that this version loads.",
            };
        }
        var ranges = string.Join("; ", candidates.Select(v => $"{v.Key}: {v.PackageVersions.Text}"));
        return new WeightsCompatibilityException(model.Name, package.ToString(), $"{what} (ranges: {ranges}), and no other package version is nearer", PackageChange.None, null, null, null)
        {
            RecommendedAction = "Register weights whose range holds this package version.",
        };
    }

    /// <summary>The record of <paramref name="version"/>.</summary>
    public static WeightsEntry Entry(WeightsRegistry registry, RegistryModel model, RegistryVersion version, ParsedVersion? package, IReadOnlyList<string> notes) => new()
    {
        Model = model.Name,
        Version = version.Key,
        Tag = version.Tag,
        RepoId = model.RepoId,
        File = model.File,
        Sha256 = version.Sha256,
        Size = version.Size,
        PublishedAt = version.PublishedAt,
        PackageVersions = version.PackageVersions.Text,
        IsLatest = version.Key == model.Latest,
        PackageVersion = package?.Version.ToString(),
        Registry = registry.Path,
        Notes = notes,
    };
}
