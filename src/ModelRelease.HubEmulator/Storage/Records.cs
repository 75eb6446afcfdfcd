namespace ModelRelease.HubEmulator.Storage;

public sealed record RepoRecord(string Type, string Id, string ObjectId, bool Private, string Owner, DateTimeOffset CreatedAt);

public sealed record LfsInfo(string Oid, long Size, int PointerSize);

/// <summary>A file in a commit: its git blob id (of the content, or of the LFS pointer), its size, and LFS details.</summary>
public sealed record FileEntry(string Path, string BlobId, long Size, LfsInfo? Lfs);

public sealed record CommitRecord(string Id, IReadOnlyList<string> Parents, string Title, string Message, string Author, DateTimeOffset Date, IReadOnlyList<FileEntry> Files);

public sealed record TagRecord(string Commit, string? Message);

public sealed record RefsRecord
{
    public Dictionary<string, string> Branches { get; init; } = new(StringComparer.Ordinal);
    public Dictionary<string, TagRecord> Tags { get; init; } = new(StringComparer.Ordinal);
    public Dictionary<int, string> PullRequests { get; init; } = [];
}

/// <summary>One operation of a commit.</summary>
public abstract record CommitOperation(string Path);
public sealed record AddRegularFile(string Path, byte[] Content) : CommitOperation(Path);
public sealed record AddLfsFile(string Path, string Oid, long? Size) : CommitOperation(Path);
public sealed record DeleteFile(string Path) : CommitOperation(Path);
public sealed record DeleteFolder(string Path) : CommitOperation(Path);
