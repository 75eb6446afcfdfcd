namespace ModelRelease;

/// <summary>
/// A version as the user gave it and as ModelRelease reads it. <see cref="Note"/> says how a loose form was read
/// (<c>v1.1</c> → 1.1.0, <c>2.0.0rc1</c> → 2.0.0-rc.1, <c>1.2.0.post1</c> → 1.2.0+post.1); it is null when the input
/// was already canonical SemVer 2, so a face can report every normalisation and stay silent otherwise.
/// </summary>
public sealed record ParsedVersion
{
    /// <summary>The text as given.</summary>
    public required string Input { get; init; }

    /// <summary>The version it names.</summary>
    public required SemanticVersion Version { get; init; }

    /// <summary>How the input was normalised (null when it was canonical).</summary>
    public string? Note { get; init; }

    /// <summary>True when the input was written exactly as <see cref="Version"/> prints.</summary>
    public bool IsCanonical => Note is null;

    public override string ToString() => Version.ToString();
}
