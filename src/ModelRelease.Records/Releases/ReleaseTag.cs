namespace ModelRelease;

/// <summary>A release tag on the Hub (<c>New-ReleaseTag</c>, <c>Get-ReleaseTag</c>).</summary>
public sealed record ReleaseTag
{
    public required string RepoId { get; init; }
    public required string Name { get; init; }

    /// <summary>The version the tag names (null for tags that name none).</summary>
    public string? Version { get; init; }

    /// <summary>The tag family it was read as (v, model-v, export-v, weights-v, a template's prefix, empty for a bare version).</summary>
    public string? Family { get; init; }

    /// <summary>The tag format that read the version (model-v{version}); null when the tag names none.</summary>
    public string? Format { get; init; }

    /// <summary>Why the tag names no version (latest-stable); null when it names one.</summary>
    public string? Reason { get; init; }

    /// <summary>How a loose version in the tag was read (v1.1 as 1.1.0); null when it was canonical.</summary>
    public string? Note { get; init; }

    /// <summary>The date of the commit the tag names (Get-ReleaseTag), when the Hub says.</summary>
    public DateTimeOffset? Date { get; init; }

    public required string CommitOid { get; init; }
    public string? Message { get; init; }

    /// <summary>New-ReleaseTag: false when the tag already named this commit (nothing was done).</summary>
    public bool Created { get; init; }

    /// <summary>New-ReleaseTag -Force: true when an existing tag was moved to this commit.</summary>
    public bool Moved { get; init; }

    /// <summary>The local git repository also tagged (-LocalRepository), if any.</summary>
    public string? LocalRepository { get; init; }

    public override string ToString() => $"{RepoId}:{Name} → {CommitOid[..Math.Min(12, CommitOid.Length)]}";
}
