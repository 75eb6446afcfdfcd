namespace ModelRelease;

/// <summary>What a publish would do (<c>-WhatIf</c>) or did: each file with its action, and the totals.</summary>
public sealed record PublishPlan
{
    public required string RepoId { get; init; }
    public required string RepoType { get; init; }
    public required string Revision { get; init; }

    /// <summary>False when the publish creates the repository.</summary>
    public required bool RepoExists { get; init; }

    /// <summary>The commit the publish builds on (the guard against a concurrent commit); null for a new repository.</summary>
    public string? ParentCommit { get; init; }

    public required IReadOnlyList<PublishFile> Files { get; init; }

    /// <summary>Paths in the repository the commit deletes (they match a delete pattern and are not among the files).</summary>
    public IReadOnlyList<string> Deleted { get; init; } = [];

    public long BytesToCommit => Files.Where(f => f.Action != PublishAction.Unchanged).Sum(f => f.Size);

    public long BytesUnchanged => Files.Where(f => f.Action == PublishAction.Unchanged).Sum(f => f.Size);

    public bool HasChanges => Deleted.Count > 0 || Files.Any(f => f.Action != PublishAction.Unchanged);
}
