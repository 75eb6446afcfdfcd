using ModelRelease.Core.Checkpoints.Common;

namespace ModelRelease.Core.Checkpoints.Onnx;

/// <summary>
/// Where an initializer's external data <c>location</c> points, refused when it could leave the model's folder: a
/// control character (NUL included), an absolute path, a drive, a <c>..</c> part, or — on the real file system — a
/// symbolic link anywhere along the path (not only the last part) whose target lies outside the folder. Every
/// component is resolved the way the kernel would (links followed, at most 40 of them), so <c>etcdir/passwd</c> with
/// <c>etcdir → /etc</c> is refused as <c>/etc/passwd</c>.
/// </summary>
internal static class ExternalDataPath
{
    private const int MaxLinks = 40;

    /// <summary>The path to open for <paramref name="location"/>, relative to the model at <paramref name="modelPath"/>.</summary>
    public static string Resolve(string modelPath, string location, long at, string tensor, bool realFileSystem)
    {
        if (location.Any(char.IsControl))
        {
            throw Refused(modelPath, at, tensor, $"external data location '{Printable(location)}' contains a control character (NUL or another): refused");
        }
        var parts = location.Split('/', '\\');
        if (Path.IsPathRooted(location) || location.StartsWith('/') || location.StartsWith('\\') || location.Contains(':', StringComparison.Ordinal) || parts.Any(p => p == ".."))
        {
            throw Refused(modelPath, at, tensor, $"external data location '{location}' leaves the model's folder (absolute, a drive, or '..'): refused");
        }
        var dir = Path.GetDirectoryName(modelPath) ?? "";
        var file = dir.Length == 0 ? location : Path.Combine(dir, location);
        if (!realFileSystem) return file;

        var root = Path.GetFullPath(dir.Length == 0 ? "." : dir);
        var full = Path.GetFullPath(file);
        if (!IsInside(full, root))
        {
            throw Refused(modelPath, at, tensor, $"external data location '{location}' resolves outside the model's folder");
        }
        var realRoot = RealPath(root, modelPath, at, tensor, location);
        var real = RealPath(full, modelPath, at, tensor, location);
        if (!IsInside(real, realRoot))
        {
            throw Refused(modelPath, at, tensor,
                $"external data location '{location}' leads through a symbolic link to '{real}', outside the model's folder '{realRoot}': refused");
        }
        return file;
    }

    private static bool IsInside(string path, string root) =>
        path.StartsWith(root.EndsWith(Path.DirectorySeparatorChar) ? root : root + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    /// <summary>
    /// <paramref name="fullPath"/> with every symbolic link along it followed, component by component (what realpath(3)
    /// does); parts that do not exist are kept as they are.
    /// </summary>
    private static string RealPath(string fullPath, string modelPath, long at, string tensor, string location)
    {
        var root = Path.GetPathRoot(fullPath) ?? "/";
        var pending = new Stack<string>(Split(fullPath[root.Length..]).Reverse());
        var current = root;
        var links = 0;
        while (pending.Count > 0)
        {
            var part = pending.Pop();
            var next = Path.Combine(current, part);
            string? target;
            try
            {
                target = new FileInfo(next).LinkTarget;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw Refused(modelPath, at, tensor, $"external data location '{location}': '{next}' cannot be examined ({ex.Message}): refused");
            }
            if (target is null)
            {
                current = next;
                continue;
            }
            if (++links > MaxLinks)
            {
                throw Refused(modelPath, at, tensor, $"external data location '{location}' passes through more than {MaxLinks} symbolic links (a loop?): refused");
            }
            // Restart from the link's target (absolute, or relative to the folder holding the link), then go on with what is left.
            var resolved = Path.GetFullPath(Path.IsPathRooted(target) ? target : Path.Combine(current, target));
            var resolvedRoot = Path.GetPathRoot(resolved) ?? "/";
            foreach (var p in Split(resolved[resolvedRoot.Length..]).Reverse()) pending.Push(p);
            current = resolvedRoot;
        }
        return current;
    }

    private static IEnumerable<string> Split(string relative) =>
        relative.Split([Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar], StringSplitOptions.RemoveEmptyEntries);

    private static string Printable(string s) => string.Concat(s.Select(c => char.IsControl(c) ? $"\\u{(int)c:X4}" : c.ToString()));

    private static CheckpointFormatException Refused(string modelPath, long at, string tensor, string detail) =>
        CheckpointErrors.Invalid(OnnxCodes.ExternalPath, modelPath, at, detail, tensor);
}
