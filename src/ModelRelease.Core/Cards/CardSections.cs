namespace ModelRelease.Core.Cards;

/// <summary>
/// The prose of a card's sections from one file: a YAML (or JSON) mapping of placeholder name to Markdown text,
/// <c>{ "model_summary": "…", "direct_use": "…" }</c>, so a release needs one file instead of a <c>--section</c> per section.
/// </summary>
public static class CardSections
{
    public static Dictionary<string, string> FromFile(string path)
    {
        if (!File.Exists(path)) throw new ModelCardException("ModelCardSectionsInvalid", CardCodes.SectionsMissing, path, null, "the sections file does not exist", ErrorKind.NotFound);
        var text = CardFile.ReadInput(path, "ModelCardSectionsInvalid", CardCodes.SectionsYaml);
        var map = CardYaml.ParseMapping(text.Replace("\r\n", "\n", StringComparison.Ordinal), path, 1, "ModelCardSectionsInvalid", CardCodes.SectionsYaml);
        var sections = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in map)
        {
            sections[name] = value as string
                ?? throw new ModelCardException("ModelCardSectionsInvalid", CardCodes.SectionsShape, path, null, $"section '{name}' must be text (Markdown), not {(value is null ? "empty" : "a " + value.GetType().Name)}", ErrorKind.InvalidArgument);
        }
        return sections;
    }
}
