namespace ModelRelease;

/// <summary>What pruning the shared cache did to one revision (<c>Remove-HfCache</c>, <c>modelrelease cache rm</c>).</summary>
public sealed record CacheRemoval
{
    public required string RepoId { get; init; }
    public required string RepoType { get; init; }
    public required string CommitOid { get; init; }

    /// <summary>The refs that named the revision (removed with it).</summary>
    public required IReadOnlyList<string> Refs { get; init; }

    /// <summary>The snapshot folder that was (or, under -WhatIf / --dry-run, would be) removed.</summary>
    public required string Path { get; init; }

    /// <summary>Bytes of blobs that no remaining revision uses, deleted with it.</summary>
    public required long FreedBytes { get; init; }

    /// <summary>False under -WhatIf or --dry-run, or when the removal was declined.</summary>
    public required bool Removed { get; init; }

    public override string ToString() => $"{RepoId}@{CommitOid[..Math.Min(12, CommitOid.Length)]}: {ByteSizeText.Format(FreedBytes)}{(Removed ? " freed" : " would be freed")}";
}
