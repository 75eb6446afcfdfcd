using ModelRelease.Core.Hub.Publishing;

namespace ModelRelease.Core.Hub.Download;

/// <summary>
/// Which files of a revision a download takes, as <c>hf download</c> picks them: the named files or folders (all
/// when none), then the include globs (any may match), then the exclude globs (none may match). Globs are matched
/// against the path in the repository (<c>*</c> within a folder, <c>**</c> across folders; a pattern without '/'
/// matches the file name in any folder).
/// </summary>
public sealed record DownloadSelection(IReadOnlyList<string> Paths, IReadOnlyList<string> Include, IReadOnlyList<string> Exclude)
{
    public static DownloadSelection All { get; } = new([], [], []);

    /// <summary>True when it takes a single named file (no globs): its path is what a download prints.</summary>
    public bool IsSingleFile => Paths.Count == 1 && Include.Count == 0 && Exclude.Count == 0;

    /// <summary>The files of <paramref name="all"/> it picks; a named path that matches nothing is <see cref="HubErrorIds.EntryNotFound"/>.</summary>
    public IReadOnlyList<HubRepoFile> Apply(IReadOnlyList<HubRepoFile> all, RepoRef repo)
    {
        var result = new List<HubRepoFile>();
        if (Paths.Count == 0) result.AddRange(all);
        foreach (var p in Paths.Select(p => p.Replace('\\', '/').Trim('/')))
        {
            var matches = all.Where(f => f.Path == p || f.Path.StartsWith(p + "/", StringComparison.Ordinal)).ToList();
            if (matches.Count == 0) throw new HubException(HubErrorIds.EntryNotFound, ErrorKind.NotFound, $"{repo} has no file or folder '{RepoPath.Printable(p)}'", p);
            result.AddRange(matches.Where(m => !result.Contains(m)));
        }
        var includes = Include.Select(PublishInputs.Glob).ToList();
        var excludes = Exclude.Select(PublishInputs.Glob).ToList();
        return result.Where(f => (includes.Count == 0 || includes.Any(g => g.IsMatch(f.Path))) && !excludes.Any(g => g.IsMatch(f.Path))).ToList();
    }

    /// <summary>Whether the path passes the globs (for files found in the cache, where the named paths were checked already).</summary>
    public bool Matches(string path)
    {
        var p = path.Replace('\\', '/');
        if (Paths.Count > 0 && !Paths.Select(x => x.Replace('\\', '/').Trim('/')).Any(x => p == x || p.StartsWith(x + "/", StringComparison.Ordinal))) return false;
        if (Include.Count > 0 && !Include.Any(g => PublishInputs.Glob(g).IsMatch(p))) return false;
        return !Exclude.Any(g => PublishInputs.Glob(g).IsMatch(p));
    }
}
