using System.Management.Automation;

namespace ModelRelease.Infrastructure;

/// <summary>
/// Resolves -Path (wildcards) and -LiteralPath through the session's provider APIs, relative to $PWD,
/// refusing anything that is not a FileSystem path.
/// </summary>
public static class PathResolution
{
    /// <summary>Full file-system paths for the inputs; unresolvable ones are written as errors.</summary>
    public static List<string> Resolve(PSCmdlet cmdlet, IEnumerable<string> paths, bool literal)
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
                    result.AddRange(resolved);
                }
            }
            catch (Exception ex) when (ex is ItemNotFoundException or System.Management.Automation.DriveNotFoundException or ProviderNotFoundException or PSArgumentException or NotSupportedException)
            {
                cmdlet.WriteError(new ErrorRecord(ex, "PathNotFound", ErrorCategory.ObjectNotFound, path));
            }
        }
        return result;
    }

    /// <summary>Resolves an output path that may not exist yet.</summary>
    public static string ResolveOutput(PSCmdlet cmdlet, string path)
    {
        var full = cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out var provider, out _);
        RequireFileSystem(provider, path);
        return full;
    }

    private static void RequireFileSystem(ProviderInfo provider, string path)
    {
        if (!string.Equals(provider.Name, "FileSystem", StringComparison.OrdinalIgnoreCase))
        {
            throw new NotSupportedException($"'{path}' is on the {provider.Name} provider; ModelRelease reads files only.");
        }
    }
}
