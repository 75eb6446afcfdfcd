namespace ModelRelease;

/// <summary>
/// A model card: the README.md of a Hub repository — YAML front matter (<see cref="Metadata"/>) and a
/// Markdown <see cref="Body"/>. <see cref="Text"/> is the whole file as it is (or will be) written; a card
/// read and written back unchanged is the same bytes. Carries <see cref="RepoId"/> and <see cref="Path"/> so
/// it binds downstream by property name; Publish-HfModel takes it as the repository's README.md.
/// </summary>
public sealed record ModelCard
{
    /// <summary>The front matter as plain values: strings, numbers, booleans, lists and dictionaries, in file order.</summary>
    public required IReadOnlyDictionary<string, object?> Metadata { get; init; }

    /// <summary>Everything after the front matter, byte for byte.</summary>
    public required string Body { get; init; }

    /// <summary>The whole card.</summary>
    public required string Text { get; init; }

    /// <summary>The sections of <see cref="Body"/>, in order, with the file line of each heading (the same list <c>Test-ModelCard</c> judges).</summary>
    public IReadOnlyList<CardSection> Sections { get; init; } = [];

    /// <summary>The file the card was read from or written to.</summary>
    public string? Path { get; init; }

    public string? RepoId { get; init; }
    public string? Variant { get; init; }
    public string? Version { get; init; }

    public override string ToString() => $"{RepoId ?? System.IO.Path.GetFileName(Path) ?? "model card"} ({Metadata.Count} metadata keys, {Body.Length} characters)";
}
