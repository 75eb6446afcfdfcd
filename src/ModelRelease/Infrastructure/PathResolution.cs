using System.Management.Automation;
using ModelRelease.Core.Checkpoints;

namespace ModelRelease.Infrastructure;

/// <summary>
/// Resolves -Path (wildcards) and -LiteralPath through the session's provider APIs, relative to $PWD,
/// refusing anything that is not a FileSystem path.
/// </summary>
public static class PathResolution
{
    /// <summary>
    /// Full file-system paths for the inputs. Each input that resolves to nothing is written as a non-terminating
    /// error naming it, and <paramref name="failed"/> is called: a path that does not exist or a wildcard that
    /// matches nothing (PathNotFound, as Resolve-Path says), a path on another provider (PathNotFileSystem).
    /// </summary>
    public static List<string> Resolve(PSCmdlet cmdlet, IEnumerable<string> paths, bool literal, Action? failed = null)
    {
        var result = new List<string>();
        foreach (var path in paths)
        {
            try
            {
                if (literal)
                {
                    var full = cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out var provider, out _);
                    RequireFileSystem(provider, path);
                    if (!File.Exists(full) && !Directory.Exists(full))
                    {
                        throw new ItemNotFoundException($"Cannot find path '{full}' because it does not exist.");
                    }
                    result.Add(full);
                }
                else
                {
                    var resolved = cmdlet.GetResolvedProviderPathFromPSPath(path, out var provider);
                    RequireFileSystem(provider, path);
                    if (resolved.Count == 0) throw new ItemNotFoundException($"No file matches '{path}'.");
                    result.AddRange(resolved);
                }
            }
            catch (InputException ex)
            {
                failed?.Invoke();
                cmdlet.WriteError(ErrorRecords.From(ex));
            }
            catch (Exception ex) when (ex is ItemNotFoundException or System.Management.Automation.DriveNotFoundException or ProviderNotFoundException or PSArgumentException)
            {
                failed?.Invoke();
                cmdlet.WriteError(new ErrorRecord(ex, "PathNotFound", ErrorCategory.ObjectNotFound, path));
            }
        }
        return result;
    }

    /// <summary>
    /// The checkpoint files the inputs name (<see cref="Resolve"/>, then a folder as the checkpoint files in it).
    /// A folder that holds none is a non-terminating error (CheckpointNotFound, CKPT_NO_CHECKPOINTS) naming it.
    /// </summary>
    public static List<string> ResolveCheckpointFiles(ModelReleaseCmdlet cmdlet, IEnumerable<string> paths, bool literal, Action? failed = null)
    {
        var files = new List<string>();
        foreach (var path in Resolve(cmdlet, paths, literal, failed))
        {
            try
            {
                var expanded = CheckpointFiles.ExpandOne(path);
                if (Directory.Exists(path)) cmdlet.WriteVerboseLine($"{path}: a folder with {expanded.Count} checkpoint file(s): {string.Join(", ", expanded.Select(System.IO.Path.GetFileName))}");
                files.AddRange(expanded);
            }
            catch (CheckpointFormatException ex)
            {
                failed?.Invoke();
                cmdlet.WriteError(ErrorRecords.From(ex));
            }
        }
        return files;
    }

    /// <summary>Resolves an output path that may not exist yet.</summary>
    /// <exception cref="InputException">The path is on another provider (PathNotFileSystem).</exception>
    public static string ResolveOutput(PSCmdlet cmdlet, string path)
    {
        var full = cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out var provider, out _);
        RequireFileSystem(provider, path);
        return full;
    }

    /// <summary>Resolves a path given to a parameter (no wildcards) through the session state of a transformation.</summary>
    /// <exception cref="InputException">The path is on another provider (PathNotFileSystem).</exception>
    public static string ResolveOutput(SessionState session, string path)
    {
        var full = session.Path.GetUnresolvedProviderPathFromPSPath(path, out var provider, out _);
        RequireFileSystem(provider, path);
        return full;
    }

    private static void RequireFileSystem(ProviderInfo provider, string path)
    {
        if (!string.Equals(provider.Name, "FileSystem", StringComparison.OrdinalIgnoreCase))
        {
            throw new InputException(InputException.PathNotFileSystem,
                $"'{path}' is on the {provider.Name} provider; ModelRelease reads and writes files only: give a file-system path.", path);
        }
    }
}
