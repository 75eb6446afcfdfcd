namespace ModelRelease.Core.Cards;

/// <summary>
/// A team's rules for cards, from a YAML policy file:
/// <code>
/// required_metadata: [license, tags, language]
/// required_sections: [Model Details, Uses, "Bias, Risks, and Limitations", How to Get Started with the Model, Training Details, Evaluation]
/// unfinished_phrases: [TBD, TODO, "[More Information Needed]"]
/// </code>
/// The defaults are those values.
/// </summary>
public sealed record CardPolicy
{
    public IReadOnlyList<string> RequiredMetadata { get; init; } = ["license", "tags", "language"];
    public IReadOnlyList<string> RequiredSections { get; init; } = ["Model Details", "Uses", "Bias, Risks, and Limitations", "How to Get Started with the Model", "Training Details", "Evaluation"];
    public IReadOnlyList<string> UnfinishedPhrases { get; init; } = ["TBD", "TODO", "[More Information Needed]"];

    public static CardPolicy Default { get; } = new();

    public static CardPolicy Load(string path)
    {
        if (!File.Exists(path)) throw new ModelCardException("ModelCardPolicyInvalid", "CARD_POLICY_MISSING", path, null, "the policy file does not exist", ErrorKind.NotFound);
        var map = CardYaml.ParseMapping(CardFile.ReadInput(path, "ModelCardPolicyInvalid", "CARD_POLICY_YAML").Replace("\r\n", "\n", StringComparison.Ordinal), path, 1, "ModelCardPolicyInvalid", "CARD_POLICY_YAML");
        IReadOnlyList<string> List(string key, IReadOnlyList<string> fallback) => map.TryGetValue(key, out var v)
            ? v is List<object?> l && l.All(x => x is string) ? l.Cast<string>().ToList() : throw new ModelCardException("ModelCardPolicyInvalid", "CARD_POLICY_SHAPE", path, null, $"'{key}' must be a list of strings")
            : fallback;
        foreach (var key in map.Keys.Where(k => k is not ("required_metadata" or "required_sections" or "unfinished_phrases")))
        {
            throw new ModelCardException("ModelCardPolicyInvalid", "CARD_POLICY_SHAPE", path, null, $"unknown policy key '{key}' (known: required_metadata, required_sections, unfinished_phrases)");
        }
        return new CardPolicy
        {
            RequiredMetadata = List("required_metadata", Default.RequiredMetadata),
            RequiredSections = List("required_sections", Default.RequiredSections),
            UnfinishedPhrases = List("unfinished_phrases", Default.UnfinishedPhrases),
        };
    }
}
