namespace ModelRelease.Cli.Output;

/// <summary>
/// Paths as a table shows them: relative to the folder all of them share, so two files of the same name in
/// different folders stay distinct rows (a single file shows its name).
/// </summary>
public sealed class DisplayPaths
{
    private readonly string _root;

    public DisplayPaths(IEnumerable<string?> paths)
    {
        var folders = paths.OfType<string>().Select(p => Path.GetDirectoryName(Path.GetFullPath(p)) ?? "").Distinct(StringComparer.Ordinal).ToList();
        _root = folders.Count == 0 ? "" : folders.Aggregate(Common);
    }

    /// <summary>The folder the paths share ("" when they share none).</summary>
    public string Root => _root;

    public string Show(string? path)
    {
        if (string.IsNullOrEmpty(path)) return "";
        var full = Path.GetFullPath(path);
        return _root.Length == 0 ? full : Path.GetRelativePath(_root, full);
    }

    private static string Common(string a, string b)
    {
        var x = a.Split(Path.DirectorySeparatorChar);
        var y = b.Split(Path.DirectorySeparatorChar);
        var n = 0;
        while (n < x.Length && n < y.Length && x[n] == y[n]) n++;
        var common = string.Join(Path.DirectorySeparatorChar, x[..n]);
        return n == 1 && x[0].Length == 0 ? Path.DirectorySeparatorChar.ToString() : common;
    }
}
