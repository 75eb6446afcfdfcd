using System.Text;
using System.Text.RegularExpressions;

namespace ModelRelease.HubEmulator.Git;

/// <summary>The LFS rules of a .gitattributes file (<c>pattern filter=lfs …</c>) and matching paths against them.</summary>
public sealed class GitAttributes
{
    /// <summary>The .gitattributes the Hub seeds a new repository with.</summary>
    public static readonly string Default = string.Join('\n', new[]
    {
        "*.7z", "*.arrow", "*.bin", "*.bz2", "*.ckpt", "*.ftz", "*.gguf", "*.gz", "*.h5", "*.joblib", "*.lfs.*", "*.mlmodel",
        "*.model", "*.msgpack", "*.npy", "*.npz", "*.onnx", "*.ot", "*.parquet", "*.pb", "*.pickle", "*.pkl", "*.pt", "*.pth",
        "*.rar", "*.safetensors", "saved_model/**/*", "*.tar.*", "*.tar", "*.tflite", "*.tgz", "*.wasm", "*.xz", "*.zip", "*.zst", "*tfevents*",
    }.Select(p => $"{p} filter=lfs diff=lfs merge=lfs -text")) + "\n";

    private readonly List<Regex> _lfs = [];

    public GitAttributes(string? text)
    {
        foreach (var raw in (text ?? "").Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var parts = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Skip(1).Contains("filter=lfs")) _lfs.Add(ToRegex(parts[0]));
        }
    }

    public bool IsLfs(string path) => _lfs.Any(r => r.IsMatch(path));

    /// <summary>A line that makes <paramref name="path"/> LFS.</summary>
    public static string RuleFor(string path) => $"{path.Replace(" ", "[[:space:]]", StringComparison.Ordinal)} filter=lfs diff=lfs merge=lfs -text";

    private static Regex ToRegex(string pattern)
    {
        pattern = pattern.Replace("[[:space:]]", " ", StringComparison.Ordinal);
        var anchored = pattern.Contains('/');
        var sb = new StringBuilder(anchored ? "^" : "(^|/)");
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '*' && i + 1 < pattern.Length && pattern[i + 1] == '*')
            {
                sb.Append(".*");
                i++;
                if (i + 1 < pattern.Length && pattern[i + 1] == '/') i++;
            }
            else if (c == '*') sb.Append("[^/]*");
            else if (c == '?') sb.Append("[^/]");
            else sb.Append(Regex.Escape(c.ToString()));
        }
        sb.Append('$');
        return new Regex(sb.ToString(), RegexOptions.CultureInvariant);
    }
}
