using ModelRelease.Core.Releases.Names;

namespace ModelRelease.Core.Releases.Versions;

/// <summary>
/// Reads versions from tag names. A tag is tried against, in order: v{version}, model-v{version}, export-v{version},
/// weights-v{major}.{minor}, the templates of your own, the component forms <c>{component}-v{version}</c> and
/// <c>{component}@v{version}</c> (<c>hub-v2.15.0</c>, <c>churn@v3.1.1</c>); failing those, its whole name is read as a
/// version (<c>1.10.1</c>). A tag none of these read names no version, and its <see cref="TagVersion"/> says why.
/// Of several tags on one commit, the version comes from the family with the highest priority: v, then model-v,
/// then export-v, then any other.
/// </summary>
public sealed class TagVersionReader
{
    private static readonly NameTemplate ComponentDash = NameTemplate.Parse("{component:words}-v{version}", kind: ModelRelease.NameKind.Tag);
    private static readonly NameTemplate ComponentAt = NameTemplate.Parse("{component:words}@v{version}", kind: ModelRelease.NameKind.Tag);

    private readonly IReadOnlyList<TagTemplate> _templates;

    /// <summary>A reader that also knows <paramref name="templates"/> (text such as <c>vllm-v{version}</c>).</summary>
    public TagVersionReader(IEnumerable<string>? templates = null)
    {
        _templates = [.. TagTemplates.BuiltIn, .. (templates ?? []).Select(TagTemplate.Parse)];
    }

    /// <summary>The formats tried before the component forms and the whole name, in order.</summary>
    public IReadOnlyList<TagTemplate> Templates => _templates;

    /// <summary>What <paramref name="tag"/> says about a version.</summary>
    public TagVersion Read(string tag)
    {
        ArgumentNullException.ThrowIfNull(tag);
        foreach (var template in _templates)
        {
            if (template.TryRead(tag, out var version, out var note))
            {
                return new TagVersion { Tag = tag, NamesVersion = true, Version = version, Family = template.Family, Format = template.Text, Note = note };
            }
        }
        foreach (var (component, separator) in new[] { (ComponentDash, "-v"), (ComponentAt, "@v") })
        {
            NameReading reading;
            try
            {
                reading = component.Read(tag);
            }
            catch (ModelNameException)
            {
                continue;
            }
            var parsed = VersionParser.Parse((string)reading.Values["version"]!);
            var family = (string)reading.Values["component"]! + separator;
            var note = reading.Notes.Count == 0 ? null : string.Join("; ", reading.Notes.Select(n => n.StartsWith("version: ", StringComparison.Ordinal) ? n["version: ".Length..] : n));
            return new TagVersion { Tag = tag, NamesVersion = true, Version = parsed.Version, Family = family, Format = family + "{version}", Note = note };
        }
        if (VersionParser.TryParse(tag, out var bare, out var error))
        {
            return new TagVersion { Tag = tag, NamesVersion = true, Version = bare.Version, Family = "", Format = "{version}", Note = bare.Note };
        }
        return new TagVersion
        {
            Tag = tag,
            NamesVersion = false,
            Reason = $"no tag format reads it ({string.Join(", ", _templates.Select(t => t.Text))}, {{component}}-v{{version}}) and the whole name is not a version ({error.Detail})",
        };
    }

    /// <summary>The version of a commit that carries <paramref name="tags"/>: from the tag of the highest-priority family (v, model-v, export-v, other), the newest version within it; null when none names a version.</summary>
    public TagVersion? Pick(IEnumerable<string> tags)
    {
        ArgumentNullException.ThrowIfNull(tags);
        return tags.Select(Read)
            .Where(t => t.NamesVersion)
            .OrderBy(t => Rank(t.Family!))
            .ThenByDescending(t => t.Version, VersionOrder.Instance)
            .ThenBy(t => t.Tag, StringComparer.Ordinal)
            .FirstOrDefault();
    }

    /// <summary>The priority of a family when a commit has several tags: v 0, model-v 1, export-v 2, any other 3.</summary>
    public static int Rank(string family) => family switch
    {
        "v" => 0,
        "model-v" => 1,
        "export-v" => 2,
        _ => 3,
    };
}
