using ModelRelease.Core.Releases.Names;

namespace ModelRelease.Core.Releases.Versions;

/// <summary>
/// A tag format as data: a template with <c>{version}</c>, or <c>{major}</c> with optional <c>{minor}</c> and
/// <c>{patch}</c> (<c>v{version}</c>, <c>weights-v{major}.{minor}</c>, <c>vllm-v{version}</c>). Its family is the text
/// before the first placeholder (<c>weights-v</c>). It names tags for versions and reads versions from tags.
/// </summary>
public sealed class TagTemplate
{
    private static readonly string[] Allowed = ["version", "major", "minor", "patch"];

    private TagTemplate(string text, string family, NameTemplate template)
    {
        Text = text;
        Family = family;
        Template = template;
    }

    /// <summary>The template's text.</summary>
    public string Text { get; }

    /// <summary>The text before the first placeholder (<c>model-v</c>).</summary>
    public string Family { get; }

    internal NameTemplate Template { get; }

    public override string ToString() => Text;

    /// <summary>Reads a tag format; throws <see cref="VersionException"/> (TagFormatInvalid, TAG_TEMPLATE) when it cannot name versions.</summary>
    public static TagTemplate Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        NameTemplate template;
        try
        {
            template = NameTemplate.Parse(text, kind: ModelRelease.NameKind.Tag);
        }
        catch (ModelNameException ex)
        {
            throw Error(text, ex.Detail);
        }
        var names = template.Fields.Select(f => f.Name.ToLowerInvariant()).ToList();
        var unknown = names.FirstOrDefault(n => !Allowed.Contains(n));
        if (unknown is not null) throw Error(text, $"{{{unknown}}} is not a tag placeholder; use {{version}}, or {{major}}, {{minor}}, {{patch}}");
        if (names.Contains("version") && names.Count > 1) throw Error(text, "{version} already holds major, minor and patch; use it alone");
        if (!names.Contains("version") && !names.Contains("major")) throw Error(text, "a tag format needs {version} or {major}");
        if (names.Contains("patch") && !names.Contains("minor")) throw Error(text, "{patch} needs {minor}");
        var family = text[..text.IndexOf('{', StringComparison.Ordinal)];
        return new TagTemplate(text, family, template);
    }

    /// <summary>The tag for <paramref name="version"/>; throws <see cref="VersionException"/> when git would refuse it as a tag name.</summary>
    public string Format(SemanticVersion version)
    {
        ArgumentNullException.ThrowIfNull(version);
        var fields = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase)
        {
            ["version"] = version.ToString(),
            ["major"] = version.Major,
            ["minor"] = version.Minor,
            ["patch"] = version.Patch,
        };
        var used = Template.Fields.Select(f => f.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        string name;
        try
        {
            name = Template.Write(fields.Where(kv => used.Contains(kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value)).Name;
        }
        catch (ModelNameException ex)
        {
            throw Error(Text, $"cannot name {version}: {ex.Detail}");
        }
        if (TagNaming.NameProblem(name) is { } problem) throw Error(Text, $"'{name}' is not a valid tag name: {problem}");
        return name;
    }

    /// <summary>The version <paramref name="tag"/> names under this format, and a note when it was written loosely; false when the format does not read it.</summary>
    public bool TryRead(string tag, out SemanticVersion? version, out string? note)
    {
        version = null;
        note = null;
        if (tag.Length == 0 || tag.Length > NameTemplate.MaxNameLength) return false;
        NameReading reading;
        try
        {
            reading = Template.Read(tag);
        }
        catch (ModelNameException)
        {
            return false;
        }
        if (reading.Values.TryGetValue("version", out var text) && text is string v)
        {
            version = VersionParser.Parse(v).Version;
            note = reading.Notes.Count == 0 ? null : string.Join("; ", reading.Notes.Select(n => n.StartsWith("version: ", StringComparison.Ordinal) ? n["version: ".Length..] : n));
            return true;
        }
        int Part(string key) => reading.Values.TryGetValue(key, out var x) && x is int n ? n : 0;
        version = new SemanticVersion(Part("major"), Part("minor"), Part("patch"));
        return true;
    }

    private static VersionException Error(string text, string detail) =>
        new(VersionException.TagFormatInvalid, VersionCodes.TagTemplate, text, detail)
        {
            RecommendedAction = "Write a tag format with {version} (vllm-v{version}) or {major}.{minor} (weights-v{major}.{minor}).",
        };
}
