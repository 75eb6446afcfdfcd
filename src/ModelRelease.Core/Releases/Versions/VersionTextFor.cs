namespace ModelRelease.Core.Releases.Versions;

/// <summary>Input text as it can be shown in a message: control characters escaped, at most 80 characters.</summary>
internal static class VersionTextFor
{
    public static string Shown(string text) =>
        string.Concat(text.Take(80).Select(c => char.IsControl(c) || char.IsSurrogate(c) ? $"\\u{(int)c:x4}" : c.ToString())) + (text.Length > 80 ? "…" : "");
}
