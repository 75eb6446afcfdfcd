using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;
using ModelRelease.HubEmulator.Git;
using ModelRelease.HubEmulator.Http;

namespace ModelRelease.HubEmulator.Storage;

/// <summary>
/// The emulator's disk: content-addressed LFS objects (sha256) and regular blobs (git sha1), and per
/// repository its record, refs and commits (each a full snapshot of the tree). Every write is atomic;
/// commits and ref changes to one repository are serialised, so the parent check and the ref update are
/// one step.
/// </summary>
public sealed class HubStore
{
    private readonly string _root;
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _locks = new(StringComparer.Ordinal);

    public HubStore(string root)
    {
        _root = Path.GetFullPath(root);
        Directory.CreateDirectory(_root);
        Directory.CreateDirectory(Path.Combine(_root, "objects", "lfs"));
        Directory.CreateDirectory(Path.Combine(_root, "objects", "blobs"));
        Directory.CreateDirectory(UploadsDirectory);
    }

    public string UploadsDirectory => Path.Combine(_root, "uploads");

    public string SecretPath => Path.Combine(_root, "secret.key");

    // ---------- objects ----------

    /// <summary>Where an LFS object lives; only a 64-hex oid names one (anything else is a 400, never a path).</summary>
    public string LfsObjectPath(string oid)
    {
        GitNames.RequireSha256(oid);
        return Path.Combine(_root, "objects", "lfs", oid[..2], oid);
    }

    public bool HasLfsObject(string oid, out long size)
    {
        var path = LfsObjectPath(oid);
        var exists = File.Exists(path);
        size = exists ? new FileInfo(path).Length : -1;
        return exists;
    }

    /// <summary>Moves a verified upload into the object store (a no-op when another upload got there first).</summary>
    public void AddLfsObject(string oid, string verifiedTempFile)
    {
        var path = LfsObjectPath(oid);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        if (File.Exists(path))
        {
            File.Delete(verifiedTempFile);
            return;
        }
        File.Move(verifiedTempFile, path, overwrite: true);
    }

    private string BlobPath(string id)
    {
        GitNames.RequireSha1(id);
        return Path.Combine(_root, "objects", "blobs", id[..2], id);
    }

    public string StoreBlob(byte[] content)
    {
        var id = GitObjects.BlobId(content);
        var path = BlobPath(id);
        // Not flushed to disk, as LFS objects are not: the rename makes it whole for a restarted process. A flush per
        // blob cost 3.7 ms each here (a 1,600-file commit spent 5.9 s in it), which made a release of many small files
        // measure the disk's flush latency, not the clients.
        if (!File.Exists(path)) AtomicFile.WriteAllBytes(path, content, durable: false);
        return id;
    }

    public byte[] ReadBlob(string id) => File.ReadAllBytes(BlobPath(id));

    public string BlobFilePath(string id) => BlobPath(id);

    // ---------- repositories ----------

    /// <summary>A repository's folder. Every caller passes through here, so an id the Hub would refuse never becomes a path.</summary>
    private string RepoDir(string type, string id)
    {
        if (type is not ("model" or "dataset" or "space")) throw HubError.BadRequest($"Invalid repo type '{GitNames.Printable(type)}'");
        if (!IsValidRepoId(id)) throw HubError.BadRequest($"Invalid repo id '{GitNames.Printable(id)}': use namespace/name with letters, digits, '-', '_' and '.'");
        return Path.Combine(_root, "repos", type, id.Replace('/', Path.DirectorySeparatorChar));
    }

    private static readonly Regex NamePart = new("^[A-Za-z0-9][A-Za-z0-9._-]{0,95}$", RegexOptions.CultureInvariant);

    /// <summary>A user or organisation name, or a repository name: the Hub's characters, no "..", no ".git" ending.</summary>
    public static bool IsValidNamespace(string part) =>
        NamePart.IsMatch(part) && !part.Contains("..", StringComparison.Ordinal) && !part.Contains("--", StringComparison.Ordinal)
        && !part.EndsWith(".git", StringComparison.Ordinal) && !part.EndsWith('-') && !part.EndsWith('.');

    public static bool IsValidRepoId(string id)
    {
        var parts = id.Split('/');
        return parts.Length == 2 && parts.All(IsValidNamespace);
    }

    public RepoRecord? GetRepo(string type, string id) =>
        IsValidRepoId(id) && type is "model" or "dataset" or "space" ? AtomicFile.ReadJson<RepoRecord>(Path.Combine(RepoDir(type, id), "repo.json")) : null;

    public async Task<(bool Created, RepoRecord Repo)> CreateRepoAsync(string type, string id, bool isPrivate, string owner, CancellationToken ct)
    {
        if (!IsValidRepoId(id)) throw HubError.BadRequest($"Invalid repo name '{id}': use namespace/name with letters, digits, '-', '_' and '.'");
        var gate = Lock(type, id);
        await gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (GetRepo(type, id) is { } existing) return (false, existing);
            var repo = new RepoRecord(type, id, Guid.NewGuid().ToString("N")[..24], isPrivate, owner, DateTimeOffset.UtcNow);
            var attributes = Encoding.UTF8.GetBytes(GitAttributes.Default);
            var blob = StoreBlob(attributes);
            var files = new List<FileEntry> { new(".gitattributes", blob, attributes.Length, null) };
            var commit = NewCommit([], "initial commit", "", "system", files);
            SaveCommit(type, id, commit);
            SaveRefs(type, id, new RefsRecord { Branches = { ["main"] = commit.Id } });
            AtomicFile.WriteJson(Path.Combine(RepoDir(type, id), "repo.json"), repo);
            return (true, repo);
        }
        finally
        {
            gate.Release();
        }
    }

    public async Task<bool> DeleteRepoAsync(string type, string id, CancellationToken ct)
    {
        var gate = Lock(type, id);
        await gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var dir = RepoDir(type, id);
            if (!File.Exists(Path.Combine(dir, "repo.json"))) return false;
            var trash = dir + ".deleted-" + Guid.NewGuid().ToString("N");
            Directory.Move(dir, trash);
            Directory.Delete(trash, recursive: true);
            return true;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Makes the repository private or public (its settings).</summary>
    public async Task SetPrivateAsync(string type, string id, bool isPrivate, CancellationToken ct)
    {
        var gate = Lock(type, id);
        await gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var repo = GetRepo(type, id) ?? throw HubError.RepoNotFound(id);
            AtomicFile.WriteJson(Path.Combine(RepoDir(type, id), "repo.json"), repo with { Private = isPrivate });
        }
        finally
        {
            gate.Release();
        }
    }

    private SemaphoreSlim Lock(string type, string id) => _locks.GetOrAdd(type + "/" + id, _ => new SemaphoreSlim(1, 1));

    // ---------- refs and commits ----------

    public RefsRecord GetRefs(string type, string id) => AtomicFile.ReadJson<RefsRecord>(Path.Combine(RepoDir(type, id), "refs.json")) ?? new RefsRecord();

    private void SaveRefs(string type, string id, RefsRecord refs) => AtomicFile.WriteJson(Path.Combine(RepoDir(type, id), "refs.json"), refs);

    public CommitRecord? GetCommit(string type, string id, string commitId) =>
        Regex.IsMatch(commitId, "^[0-9a-f]{40}$") ? AtomicFile.ReadJson<CommitRecord>(Path.Combine(RepoDir(type, id), "commits", commitId + ".json")) : null;

    private void SaveCommit(string type, string id, CommitRecord commit) =>
        AtomicFile.WriteJson(Path.Combine(RepoDir(type, id), "commits", commit.Id + ".json"), commit);

    /// <summary>What a revision names: a branch, a tag, refs/heads/…, refs/tags/…, refs/pr/N, or a full or short (≥ 7) commit id.</summary>
    public (CommitRecord Commit, string? Branch)? Resolve(string type, string id, string rev)
    {
        var refs = GetRefs(type, id);
        string? branch = null;
        string? commitId = null;
        if (rev.StartsWith("refs/heads/", StringComparison.Ordinal)) rev = rev["refs/heads/".Length..];
        if (rev.StartsWith("refs/tags/", StringComparison.Ordinal))
        {
            if (refs.Tags.TryGetValue(rev["refs/tags/".Length..], out var t)) commitId = t.Commit;
        }
        else if (rev.StartsWith("refs/pr/", StringComparison.Ordinal) && int.TryParse(rev["refs/pr/".Length..], out var pr) && refs.PullRequests.TryGetValue(pr, out var prHead))
        {
            commitId = prHead;
            branch = rev;
        }
        else if (refs.Branches.TryGetValue(rev, out var head))
        {
            commitId = head;
            branch = rev;
        }
        else if (refs.Tags.TryGetValue(rev, out var tag))
        {
            commitId = tag.Commit;
        }
        else if (Regex.IsMatch(rev, "^[0-9a-f]{7,40}$"))
        {
            var dir = Path.Combine(RepoDir(type, id), "commits");
            var matches = Directory.Exists(dir) ? Directory.GetFiles(dir, rev + "*.json") : [];
            if (matches.Length == 1) commitId = Path.GetFileNameWithoutExtension(matches[0]);
        }
        if (commitId is null) return null;
        var commit = GetCommit(type, id, commitId);
        return commit is null ? null : (commit, branch);
    }

    /// <summary>
    /// Applies a commit to a branch (or a new pull request): checks the parent, applies the operations,
    /// records the commit and moves the ref, all under the repository's lock.
    /// </summary>
    public async Task<(CommitRecord Commit, int? PullRequest)> CommitAsync(
        string type, string id, string branch, string? parentCommit, IReadOnlyList<CommitOperation> operations,
        string title, string message, string author, bool createPullRequest, CancellationToken ct)
    {
        var gate = Lock(type, id);
        await gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var refs = GetRefs(type, id);
            var resolved = Resolve(type, id, branch);
            if (resolved is null || (resolved.Value.Branch is null && !createPullRequest))
            {
                throw HubError.RevisionNotFound(branch);
            }
            var head = resolved.Value.Commit;
            if (parentCommit is not null && !head.Id.StartsWith(parentCommit, StringComparison.Ordinal))
            {
                throw new HubError(412, "A commit has happened since. Please refresh and try again.", "PreconditionFailed");
            }
            var files = head.Files.ToDictionary(f => f.Path, StringComparer.Ordinal);
            var lfsAdded = new List<string>();
            foreach (var op in operations)
            {
                switch (op)
                {
                    case AddRegularFile add:
                        if (add.Content.Length > 10 << 20)
                        {
                            throw HubError.BadRequest($"Your push was rejected because it contains files larger than 10 MiB. Offending file: - {add.Path}");
                        }
                        files[add.Path] = new FileEntry(add.Path, StoreBlob(add.Content), add.Content.Length, null);
                        break;
                    case AddLfsFile lfs:
                        GitNames.RequireSha256(lfs.Oid);
                        if (!HasLfsObject(lfs.Oid, out var size) || (lfs.Size is { } s && s != size))
                        {
                            throw HubError.BadRequest($"Your push was rejected because an LFS pointer pointed to a file that does not exist. Offending file: - {lfs.Path}");
                        }
                        var pointer = Encoding.UTF8.GetBytes(GitObjects.LfsPointer(lfs.Oid, size));
                        files[lfs.Path] = new FileEntry(lfs.Path, GitObjects.BlobId(pointer), size, new LfsInfo(lfs.Oid, size, pointer.Length));
                        lfsAdded.Add(lfs.Path);
                        break;
                    case DeleteFile del:
                        if (!files.Remove(del.Path)) throw HubError.EntryNotFound(del.Path);
                        break;
                    case DeleteFolder folder:
                        var prefix = folder.Path.TrimEnd('/') + "/";
                        var removed = files.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).ToList();
                        if (removed.Count == 0) throw HubError.EntryNotFound(folder.Path);
                        foreach (var k in removed) files.Remove(k);
                        break;
                }
            }
            // A path cannot be a file and a folder at once (dir and dir/file): git cannot hold that tree.
            var folders = new HashSet<string>(StringComparer.Ordinal);
            foreach (var path in files.Keys)
            {
                for (var slash = path.IndexOf('/'); slash > 0; slash = path.IndexOf('/', slash + 1)) folders.Add(path[..slash]);
            }
            if (files.Keys.FirstOrDefault(folders.Contains) is { } clash)
            {
                throw HubError.BadRequest($"Your push was rejected: '{GitNames.Printable(clash)}' would be both a file and a folder");
            }
            // New LFS paths not covered by .gitattributes get a rule of their own, as the Hub does.
            if (lfsAdded.Count > 0)
            {
                var current = files.TryGetValue(".gitattributes", out var ga) && ga.Lfs is null ? Encoding.UTF8.GetString(ReadBlob(ga.BlobId)) : "";
                var attributes = new GitAttributes(current);
                var missing = lfsAdded.Where(p => !attributes.IsLfs(p)).ToList();
                if (missing.Count > 0)
                {
                    var text = current.Length == 0 || current.EndsWith('\n') ? current : current + "\n";
                    text += string.Concat(missing.Select(p => GitAttributes.RuleFor(p) + "\n"));
                    var bytes = Encoding.UTF8.GetBytes(text);
                    files[".gitattributes"] = new FileEntry(".gitattributes", StoreBlob(bytes), bytes.Length, null);
                }
            }
            var commit = NewCommit([head.Id], title, message, author, files.Values.OrderBy(f => f.Path, StringComparer.Ordinal).ToList());
            SaveCommit(type, id, commit);
            int? pr = null;
            if (createPullRequest)
            {
                pr = refs.PullRequests.Count == 0 ? 1 : refs.PullRequests.Keys.Max() + 1;
                refs.PullRequests[pr.Value] = commit.Id;
            }
            else if (resolved.Value.Branch!.StartsWith("refs/pr/", StringComparison.Ordinal))
            {
                refs.PullRequests[int.Parse(resolved.Value.Branch["refs/pr/".Length..], System.Globalization.CultureInfo.InvariantCulture)] = commit.Id;
            }
            else
            {
                refs.Branches[resolved.Value.Branch] = commit.Id;
            }
            SaveRefs(type, id, refs);
            return (commit, pr);
        }
        finally
        {
            gate.Release();
        }
    }

    private static CommitRecord NewCommit(IReadOnlyList<string> parents, string title, string message, string author, IReadOnlyList<FileEntry> files)
    {
        var date = DateTimeOffset.UtcNow;
        var tree = GitObjects.TreeId(files.Select(f => new KeyValuePair<string, string>(f.Path, f.BlobId)));
        var full = string.IsNullOrEmpty(message) ? title : title + "\n\n" + message;
        var id = GitObjects.CommitId(tree, parents, author, date, full);
        return new CommitRecord(id, parents, title, message, author, date, files);
    }

    public async Task<bool> CreateTagAsync(string type, string id, string tag, string commit, string? message, bool overwrite, CancellationToken ct)
    {
        var gate = Lock(type, id);
        await gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var refs = GetRefs(type, id);
            if (GitNames.TagProblem(tag, refs.Branches.Keys) is { } problem) throw HubError.BadRequest($"Invalid tag name '{GitNames.Printable(tag)}': {problem}");
            GitNames.RequireSha1(commit);
            if (refs.Tags.TryGetValue(tag, out var existing) && !overwrite)
            {
                if (existing.Commit == commit) return false;
                throw new HubError(409, $"Tag {tag} already exists", "TagAlreadyExists");
            }
            refs.Tags[tag] = new TagRecord(commit, message);
            SaveRefs(type, id, refs);
            return true;
        }
        finally
        {
            gate.Release();
        }
    }

    public async Task DeleteRefAsync(string type, string id, string name, bool tag, CancellationToken ct)
    {
        var gate = Lock(type, id);
        await gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var refs = GetRefs(type, id);
            var removed = tag ? refs.Tags.Remove(name) : name != "main" && refs.Branches.Remove(name);
            if (!removed) throw name == "main" && !tag ? new HubError(403, "The main branch cannot be deleted", "Forbidden") : HubError.RevisionNotFound(name);
            SaveRefs(type, id, refs);
        }
        finally
        {
            gate.Release();
        }
    }

    public async Task CreateBranchAsync(string type, string id, string branch, string commit, CancellationToken ct)
    {
        if (GitNames.RefProblem(branch) is not null || System.Text.RegularExpressions.Regex.IsMatch(branch, "^[0-9a-fA-F]{7,40}$"))
        {
            throw HubError.BadRequest($"Invalid branch name '{GitNames.Printable(branch)}': {GitNames.RefProblem(branch) ?? "it looks like a commit id (7 to 40 hex digits)"}");
        }
        var gate = Lock(type, id);
        await gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var refs = GetRefs(type, id);
            if (refs.Branches.ContainsKey(branch)) throw new HubError(409, $"Reference already exists: refs/heads/{branch}", "BranchAlreadyExists");
            refs.Branches[branch] = commit;
            SaveRefs(type, id, refs);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Commits reachable from <paramref name="head"/>, newest first (first parents).</summary>
    public IEnumerable<CommitRecord> History(string type, string id, CommitRecord head)
    {
        for (var c = head; c is not null; c = c.Parents.Count == 0 ? null : GetCommit(type, id, c.Parents[0]))
        {
            yield return c;
        }
    }
}
