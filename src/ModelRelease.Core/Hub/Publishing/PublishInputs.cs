using System.Text;
using System.Text.RegularExpressions;

namespace ModelRelease.Core.Hub.Publishing;

/// <summary>
/// Turns what the user gave — files, folders, checkpoints — into (local file, path in repository) pairs:
/// folders recursively with include and exclude globs (<c>*</c>, <c>**</c>, <c>?</c> on the path relative to
/// the folder), an optional <c>PathInRepo</c> prefix, <c>.git/</c> and <c>.cache/</c> always left out, and
/// two inputs landing on one path refused.
/// </summary>
public static class PublishInputs
{
    public static IReadOnlyList<PublishSource> Collect(IEnumerable<string> paths, string? pathInRepo = null, IReadOnlyList<string>? include = null, IReadOnlyList<string>? exclude = null)
    {
        var prefix = NormalizePrefix(pathInRepo);
        var includes = (include ?? []).Select(Glob).ToList();
        var excludes = (exclude ?? []).Select(Glob).Concat([Glob(".git/**"), Glob("**/.git/**"), Glob(".cache/**"), Glob("**/.cache/**")]).ToList();
        var result = new List<PublishSource>();
        foreach (var path in paths)
        {
            var full = Path.GetFullPath(path);
            if (Directory.Exists(full))
            {
                foreach (var file in Directory.EnumerateFiles(full, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint }).Order(StringComparer.Ordinal))
                {
                    var relative = Path.GetRelativePath(full, file).Replace('\\', '/');
                    if (includes.Count > 0 && !includes.Any(g => g.IsMatch(relative))) continue;
                    if (excludes.Any(g => g.IsMatch(relative))) continue;
                    result.Add(new PublishSource(file, prefix + relative));
                }
            }
            else if (File.Exists(full))
            {
                var name = Path.GetFileName(full);
                if (includes.Count > 0 && !includes.Any(g => g.IsMatch(name))) continue;
                if (excludes.Any(g => g.IsMatch(name))) continue;
                result.Add(new PublishSource(full, prefix + name));
            }
            else
            {
                throw new HubException(HubErrorIds.PublishInputNotFound, ErrorKind.NotFound, $"'{full}' does not exist", full);
            }
        }
        return Deduplicate(result);
    }

    /// <summary>The files that make up a checkpoint: the file itself and its shards or external data.</summary>
    public static IReadOnlyList<string> FilesOf(Checkpoint checkpoint) =>
        new[] { checkpoint.Path }.Concat(checkpoint.Shards.Select(s => s.Path)).Concat(checkpoint.Tensors.Select(t => t.File).OfType<string>())
            .Select(Path.GetFullPath).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>Files of several checkpoints (and plain paths), each placed under <paramref name="pathInRepo"/> by file name, except sharded sets that keep their folder layout.</summary>
    public static IReadOnlyList<PublishSource> FromFiles(IEnumerable<string> files, string? pathInRepo) =>
        Deduplicate(files.Select(f => new PublishSource(Path.GetFullPath(f), NormalizePrefix(pathInRepo) + Path.GetFileName(f))).ToList());

    private static IReadOnlyList<PublishSource> Deduplicate(List<PublishSource> sources)
    {
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        var result = new List<PublishSource>();
        foreach (var s in sources)
        {
            ValidatePathInRepo(s.PathInRepo);
            if (seen.TryGetValue(s.PathInRepo, out var other))
            {
                if (string.Equals(other, s.LocalPath, StringComparison.Ordinal)) continue;
                throw new HubException(HubErrorIds.PublishPathConflict, ErrorKind.InvalidArgument, $"'{s.LocalPath}' and '{other}' would both be published as '{s.PathInRepo}'", s.PathInRepo)
                {
                    RecommendedAction = "Publish them under different -PathInRepo folders, or exclude one.",
                    CliRecommendedAction = "Publish them under different --path-in-repo folders, or exclude one.",
                };
            }
            seen[s.PathInRepo] = s.LocalPath;
            result.Add(s);
        }
        return result;
    }

    private static string NormalizePrefix(string? pathInRepo)
    {
        if (string.IsNullOrWhiteSpace(pathInRepo)) return "";
        var p = pathInRepo.Replace('\\', '/').Trim('/');
        ValidatePathInRepo(p);
        return p + "/";
    }

    /// <summary>The Hub refuses what <see cref="RepoPath.Problem"/> names; so do we, before anything is sent.</summary>
    public static void ValidatePathInRepo(string path)
    {
        if (RepoPath.Problem(path) is { } problem)
        {
            throw new HubException(HubErrorIds.PublishPathInvalid, ErrorKind.InvalidArgument, $"'{RepoPath.Printable(path)}' is not a valid path in a repository: {problem}", RepoPath.Printable(path));
        }
    }

    /// <summary>A glob over '/'-separated relative paths: <c>**</c> any folders, <c>*</c> within one segment, <c>?</c> one character.
    /// A pattern without '/' also matches the file name anywhere.</summary>
    public static Regex Glob(string pattern)
    {
        var p = pattern.Replace('\\', '/');
        var sb = new StringBuilder(p.Contains('/') ? "^" : "(^|/)");
        for (var i = 0; i < p.Length; i++)
        {
            var c = p[i];
            if (c == '*' && i + 1 < p.Length && p[i + 1] == '*')
            {
                i++;
                if (i + 1 < p.Length && p[i + 1] == '/')
                {
                    i++;
                    sb.Append("(.*/)?");
                }
                else
                {
                    sb.Append(".*");
                }
            }
            else if (c == '*') sb.Append("[^/]*");
            else if (c == '?') sb.Append("[^/]");
            else sb.Append(Regex.Escape(c.ToString()));
        }
        return new Regex(sb.Append('$').ToString(), RegexOptions.CultureInvariant);
    }
}
