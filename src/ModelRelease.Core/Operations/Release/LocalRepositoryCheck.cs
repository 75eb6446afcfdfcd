using System.Diagnostics;

namespace ModelRelease.Core.Operations.Release;

/// <summary>Reads a local git repository with the git command: is it one, and is its work tree clean.</summary>
public static class LocalRepositoryCheck
{
    /// <summary>Null when <paramref name="folder"/> is a clean git repository; otherwise the finding code and why.</summary>
    public static async Task<(string Code, string Message)?> ProblemAsync(string folder, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(folder)) return (ReleaseCodes.LocalRepositoryNotFound, "not a folder");
        var (ok, output) = await GitAsync(folder, cancellationToken, "rev-parse", "--verify", "HEAD^{commit}").ConfigureAwait(false);
        if (!ok) return (ReleaseCodes.LocalRepositoryNotFound, "not a git repository with a commit: " + output.Trim());
        (ok, output) = await GitAsync(folder, cancellationToken, "status", "--porcelain", "--untracked-files=no").ConfigureAwait(false);
        if (!ok) return (ReleaseCodes.LocalRepositoryNotFound, "git status failed: " + output.Trim());
        var changed = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return changed.Length == 0 ? null : (ReleaseCodes.LocalRepositoryDirty,
            $"{changed.Length} uncommitted change(s) ({string.Join(", ", changed.Take(5).Select(l => l.Trim()))}{(changed.Length > 5 ? ", …" : "")}): its HEAD is not what you are releasing; commit or stash them first");
    }

    private static async Task<(bool Ok, string Output)> GitAsync(string folder, CancellationToken ct, params string[] args)
    {
        var psi = new ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = folder };
        psi.ArgumentList.Add("-C");
        psi.ArgumentList.Add(folder);
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["GIT_TERMINAL_PROMPT"] = "0";
        try
        {
            using var process = Process.Start(psi)!;
            var stdout = process.StandardOutput.ReadToEndAsync(ct);
            var stderr = process.StandardError.ReadToEndAsync(ct);
            await process.WaitForExitAsync(ct).ConfigureAwait(false);
            return (process.ExitCode == 0, process.ExitCode == 0 ? await stdout.ConfigureAwait(false) : await stderr.ConfigureAwait(false));
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return (false, "the git command could not be started: " + ex.Message);
        }
    }
}
