namespace ModelRelease.Core.Checkpoints.Safetensors;

/// <summary>
/// Shard names in an index must be plain relative names inside the index's folder: no <c>..</c>
/// segment, nothing absolute or rooted (<c>/x</c>, <c>\x</c>, <c>C:</c>), no URL (<c>://</c>), no control
/// characters. (huggingface.js refuses <c>..</c>, a leading <c>/</c> and <c>://</c>; we add the Windows forms.)
/// </summary>
internal static class SafetensorsShardName
{
    /// <summary>Why <paramref name="name"/> is unsafe, or null when it is a safe relative name.</summary>
    public static string? Problem(string name)
    {
        if (name.Length == 0) return "the shard name is empty";
        if (name.Contains("://", StringComparison.Ordinal)) return "the shard name is a URL";
        if (name[0] is '/' or '\\') return "the shard name is an absolute path";
        if (name.Contains(':', StringComparison.Ordinal)) return "the shard name has a drive or scheme (':')";
        if (name.Any(char.IsControl)) return "the shard name contains control characters";
        // Like huggingface.js: any '..' is refused, not only a whole '..' segment.
        if (name.Contains("..", StringComparison.Ordinal)) return "the shard name contains '..' (it could climb out of the index's folder)";
        if (Path.IsPathRooted(name)) return "the shard name is an absolute path";
        return null;
    }
}
