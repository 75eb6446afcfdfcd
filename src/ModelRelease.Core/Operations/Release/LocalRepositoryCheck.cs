namespace ModelRelease.Core.Operations.Release;

/// <summary>Reads a local git repository with the git command: is it one, and is its work tree clean.</summary>
public static class LocalRepositoryCheck
{
    /// <summary>Null when <paramref name="folder"/> is a clean git repository; otherwise the finding code and why.</summary>
    public static async Task<(string Code, string Message)?> ProblemAsync(string folder, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(folder)) return (ReleaseCodes.LocalRepositoryNotFound, "not a folder");
        var (ok, output) = await Git.RunAsync(folder, cancellationToken, "rev-parse", "--verify", "HEAD^{commit}").ConfigureAwait(false);
        if (!ok) return (ReleaseCodes.LocalRepositoryNotFound, "not a git repository with a commit: " + output.Trim());
        (ok, output) = await Git.RunAsync(folder, cancellationToken, "status", "--porcelain", "--untracked-files=no").ConfigureAwait(false);
        if (!ok) return (ReleaseCodes.LocalRepositoryNotFound, "git status failed: " + output.Trim());
        var changed = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return changed.Length == 0 ? null : (ReleaseCodes.LocalRepositoryDirty,
            $"{changed.Length} uncommitted change(s) ({string.Join(", ", changed.Take(5).Select(l => l.Trim()))}{(changed.Length > 5 ? ", …" : "")}): its HEAD is not what you are releasing; commit or stash them first");
    }
}
