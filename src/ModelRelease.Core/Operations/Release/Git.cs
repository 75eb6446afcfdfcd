using System.Diagnostics;
using ModelRelease.Core.Hub;

namespace ModelRelease.Core.Operations.Release;

/// <summary>The git command in a local repository: exit status and output (standard error when it failed), never a prompt.</summary>
internal static class Git
{
    public static async Task<(bool Ok, string Output)> RunAsync(string folder, CancellationToken ct, params string[] args)
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

    /// <summary>Runs git and returns its output; a failure is LocalGitFailed.</summary>
    public static async Task<string> RequireAsync(string folder, CancellationToken ct, params string[] args)
    {
        var (ok, output) = await RunAsync(folder, ct, args).ConfigureAwait(false);
        return ok ? output : throw new HubException(HubErrorIds.LocalGitFailed, ErrorKind.InvalidOperation, $"git {string.Join(' ', args.Take(3))} failed in '{folder}': {output.Trim()}", folder);
    }
}
