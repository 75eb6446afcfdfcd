using System.Security.Cryptography;
using System.Text;

namespace ModelRelease.HubEmulator.Git;

/// <summary>
/// Git object ids as the Hub reports them: blob ids (sha1 of "blob N\0" + bytes) of regular files and of
/// LFS pointer files, tree ids, and commit ids computed from real git commit objects.
/// </summary>
public static class GitObjects
{
    public static string BlobId(ReadOnlySpan<byte> content)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
        sha.AppendData(Encoding.ASCII.GetBytes($"blob {content.Length}\0"));
        sha.AppendData(content);
        return Convert.ToHexString(sha.GetHashAndReset()).ToLowerInvariant();
    }

    /// <summary>The LFS pointer file git stores for an LFS object.</summary>
    public static string LfsPointer(string oid, long size) =>
        $"version https://git-lfs.github.com/spec/v1\noid sha256:{oid}\nsize {size}\n";

    /// <summary>Tree id of a set of files (path → blob id), with nested folders as git builds them.</summary>
    public static string TreeId(IEnumerable<KeyValuePair<string, string>> files)
    {
        var root = new Folder();
        foreach (var (path, blob) in files)
        {
            var parts = path.Split('/');
            var folder = root;
            for (var i = 0; i < parts.Length - 1; i++)
            {
                if (!folder.Folders.TryGetValue(parts[i], out var sub)) folder.Folders[parts[i]] = sub = new Folder();
                folder = sub;
            }
            folder.Files[parts[^1]] = blob;
        }
        return Hash(root);
    }

    private sealed class Folder
    {
        public SortedDictionary<string, Folder> Folders { get; } = new(StringComparer.Ordinal);
        public SortedDictionary<string, string> Files { get; } = new(StringComparer.Ordinal);
    }

    private static string Hash(Folder folder)
    {
        // Git sorts entries by name, a folder comparing as its name followed by '/'.
        var entries = folder.Files.Select(f => (Sort: f.Key, Mode: "100644", Name: f.Key, Id: f.Value))
            .Concat(folder.Folders.Select(d => (Sort: d.Key + "/", Mode: "40000", Name: d.Key, Id: Hash(d.Value))))
            .OrderBy(e => e.Sort, StringComparer.Ordinal);
        using var body = new MemoryStream();
        foreach (var e in entries)
        {
            body.Write(Encoding.UTF8.GetBytes($"{e.Mode} {e.Name}\0"));
            body.Write(Convert.FromHexString(e.Id));
        }
        return ObjectId("tree", body.ToArray());
    }

    public static string CommitId(string tree, IReadOnlyList<string> parents, string author, DateTimeOffset date, string message)
    {
        var sb = new StringBuilder();
        sb.Append("tree ").Append(tree).Append('\n');
        foreach (var p in parents) sb.Append("parent ").Append(p).Append('\n');
        var who = $"{author} <{author}@users.noreply.huggingface.co> {date.ToUnixTimeSeconds()} +0000";
        sb.Append("author ").Append(who).Append('\n').Append("committer ").Append(who).Append("\n\n").Append(message).Append('\n');
        return ObjectId("commit", Encoding.UTF8.GetBytes(sb.ToString()));
    }

    private static string ObjectId(string type, byte[] body)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
        sha.AppendData(Encoding.ASCII.GetBytes($"{type} {body.Length}\0"));
        sha.AppendData(body);
        return Convert.ToHexString(sha.GetHashAndReset()).ToLowerInvariant();
    }
}
