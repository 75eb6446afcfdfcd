using System.Text.RegularExpressions;

namespace ModelRelease.Core.Hub.Cache;

/// <summary>
/// The folder layout huggingface_hub and @huggingface/hub share (their <c>file_download.py</c> and
/// <c>cache-management.ts</c>): <c>{cache}/{type}s--{namespace}--{name}/</c> holding <c>blobs/{etag}</c> (the LFS
/// SHA-256, or the git blob id of a regular file), <c>snapshots/{commit}/{path}</c> (relative links to the blobs, or
/// copies where links are not allowed), <c>refs/{revision}</c> (the commit a branch or tag named, no newline), and
/// partial downloads as <c>blobs/{etag}.incomplete</c>; locks in <c>{cache}/.locks/{repo folder}/{etag}.lock</c>.
/// </summary>
public static partial class HfCacheLayout
{
    [GeneratedRegex("^[0-9a-f]{40}$", RegexOptions.CultureInvariant)]
    private static partial Regex CommitPattern();

    [GeneratedRegex("^([0-9a-f]{40}|[0-9a-f]{64})$", RegexOptions.CultureInvariant)]
    private static partial Regex EtagPattern();

    /// <summary><c>models--org--name</c>, <c>datasets--org--name</c>, <c>spaces--org--name</c>.</summary>
    public static string RepoFolderName(RepoRef repo) => $"{repo.Type}s--{repo.Id.Replace("/", "--", StringComparison.Ordinal)}";

    /// <summary>The repository a cache folder's name stands for, or null when the name is not one.</summary>
    public static RepoRef? ParseRepoFolderName(string name)
    {
        var parts = name.Split("--");
        if (parts.Length != 3) return null;
        var type = parts[0] switch { "models" => "model", "datasets" => "dataset", "spaces" => "space", _ => null };
        if (type is null) return null;
        try
        {
            return RepoRef.Parse(parts[1] + "/" + parts[2], type);
        }
        catch (HubException)
        {
            return null;
        }
    }

    /// <summary>A full commit id (40 lower-case hex digits): the name of a snapshot folder.</summary>
    public static bool IsCommit(string revision) => CommitPattern().IsMatch(revision);

    /// <summary>What a blob may be named: a git blob id (40 hex) or an LFS SHA-256 (64 hex).</summary>
    public static bool IsEtag(string name) => EtagPattern().IsMatch(name);

    /// <summary>The name of a ref file for <paramref name="revision"/>, or null when the revision cannot be one (it would leave refs/).</summary>
    public static string? RefRelativePath(string revision)
    {
        if (revision.Length == 0 || revision.Split('/').Any(s => s is "" or "." or ".." || s.Any(char.IsControl)) || revision.Contains('\\')) return null;
        return revision.Replace('/', Path.DirectorySeparatorChar);
    }
}
