using System.Text.Json;

namespace ModelRelease.Core.Tests.Support;

/// <summary>
/// The shared checkpoint fixtures (../shared/fixtures beside the checkout) and their MANIFEST.json.
/// Set MODELRELEASE_FIXTURES to point elsewhere.
/// </summary>
public static class Fixtures
{
    private static readonly Lazy<string> RootLazy = new(FindRoot);
    private static readonly Lazy<JsonDocument> ManifestLazy = new(() => JsonDocument.Parse(File.ReadAllBytes(System.IO.Path.Combine(Root, "MANIFEST.json"))));

    public static string Root => RootLazy.Value;

    public static JsonElement Manifest => ManifestLazy.Value.RootElement;

    public static string Path(string relative) => System.IO.Path.Combine(Root, relative);

    /// <summary>Every manifest entry.</summary>
    public static IEnumerable<JsonElement> Files => Manifest.GetProperty("files").EnumerateArray();

    /// <summary>The manifest entry for <paramref name="relative"/> (for example <c>gguf/basic-types.gguf</c>).</summary>
    public static JsonElement Entry(string relative) =>
        Files.FirstOrDefault(f => f.GetProperty("file").GetString() == relative) is { ValueKind: JsonValueKind.Object } e
            ? e
            : throw new InvalidOperationException($"{relative} is not in MANIFEST.json");

    /// <summary>Relative paths of manifest entries of <paramref name="format"/> (as the manifest spells it) and role.</summary>
    public static IEnumerable<string> OfFormat(string format, string role = "valid") =>
        Files.Where(f => f.GetProperty("format").GetString() == format && f.GetProperty("role").GetString() == role)
             .Select(f => f.GetProperty("file").GetString()!);

    public static TheoryData<string> TheoryOf(string format, string role = "valid")
    {
        var data = new TheoryData<string>();
        foreach (var f in OfFormat(format, role)) data.Add(f);
        return data;
    }

    private static string FindRoot()
    {
        var env = Environment.GetEnvironmentVariable("MODELRELEASE_FIXTURES");
        if (!string.IsNullOrEmpty(env)) return System.IO.Path.GetFullPath(env);
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = System.IO.Path.Combine(dir.FullName, "shared", "fixtures");
            if (File.Exists(System.IO.Path.Combine(candidate, "MANIFEST.json"))) return candidate;
        }
        throw new InvalidOperationException("shared/fixtures/MANIFEST.json not found above " + AppContext.BaseDirectory + "; set MODELRELEASE_FIXTURES.");
    }
}
