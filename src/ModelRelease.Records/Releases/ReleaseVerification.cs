namespace ModelRelease;

/// <summary>The release downloaded back by its tag, each file verified against the Hub's hash and compared byte for byte with the local file.</summary>
public sealed record ReleaseVerification
{
    public required string Revision { get; init; }
    public required int FileCount { get; init; }
    public required long Bytes { get; init; }

    /// <summary>Paths in the repository whose downloaded bytes differ from the local file (empty when the release is identical).</summary>
    public required IReadOnlyList<string> Mismatched { get; init; }

    public bool Identical => Mismatched.Count == 0;

    public override string ToString() => $"{FileCount} file(s) of {Revision}: {(Identical ? "identical" : "DIFFERENT: " + string.Join(", ", Mismatched))}";
}
