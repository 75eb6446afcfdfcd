using System.Text;

namespace ModelRelease.Core.Hub;

/// <summary>
/// What a path in a Hub repository may be, checked before it is sent or becomes a local file name: relative,
/// '/'-separated, no empty, '.', '..', '.git' or '.cache' segment (the Hub refuses them, and '.cache' holds local
/// state beside downloads), no control character (NUL included), and no longer than git and file systems allow.
/// </summary>
public static class RepoPath
{
    public const int MaxBytes = 4096;
    public const int MaxSegmentBytes = 255;

    /// <summary>Why <paramref name="path"/> cannot be a path in a repository, or null.</summary>
    public static string? Problem(string path)
    {
        if (path.Length == 0) return "it is empty";
        if (path.StartsWith('/')) return "it is absolute";
        if (path.Any(c => char.IsControl(c))) return "it contains a control character";
        if (Encoding.UTF8.GetByteCount(path) > MaxBytes) return $"it is longer than {MaxBytes} bytes";
        foreach (var segment in path.Split('/'))
        {
            if (segment is "" or "." or ".." or ".git" or ".cache") return "it has an empty, '.', '..', '.git' or '.cache' segment";
            if (Encoding.UTF8.GetByteCount(segment) > MaxSegmentBytes) return $"a name in it is longer than {MaxSegmentBytes} bytes";
        }
        return null;
    }

    /// <summary><paramref name="path"/> with control characters escaped (\u0000), for messages and tables.</summary>
    public static string Printable(string path) => PrintableText.Escape(path);
}
