using ModelRelease.Core.Releases.Versions;

namespace ModelRelease.Core.Releases.Registry;

/// <summary>A weights registry as read and checked (<see cref="WeightsRegistryReader"/>): its models, and the text it was read from.</summary>
public sealed class WeightsRegistry
{
    internal WeightsRegistry(string? path, string text, string sha256, IReadOnlyList<RegistryModel> models)
    {
        Path = path;
        Text = text;
        Sha256 = sha256;
        Models = models;
    }

    /// <summary>The file it was read from (null for text read directly).</summary>
    public string? Path { get; }

    /// <summary>The text it was read from.</summary>
    public string Text { get; }

    /// <summary>SHA-256 of the text's UTF-8 bytes (a patch refuses to write over a file that changed since).</summary>
    public string Sha256 { get; }

    public IReadOnlyList<RegistryModel> Models { get; }

    /// <summary>The model named <paramref name="name"/> (exact name), or null.</summary>
    public RegistryModel? Find(string name) => Models.FirstOrDefault(m => string.Equals(m.Name, name, StringComparison.Ordinal));
}

/// <summary>A model of a weights registry: its repository and file, its latest version, its versions newest first.</summary>
public sealed record RegistryModel(string Name, string RepoId, string File, string Latest, IReadOnlyList<RegistryVersion> Versions)
{
    /// <summary>The latest version's entry.</summary>
    public RegistryVersion LatestVersion => Versions.First(v => v.Key == Latest);
}

/// <summary>One weights version of a model.</summary>
public sealed record RegistryVersion(string Key, SemanticVersion Version, string Tag, string Sha256, long Size, DateTimeOffset PublishedAt, PackageVersionRange PackageVersions);
