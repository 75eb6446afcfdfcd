namespace ModelRelease.Core.Cards;

/// <summary>How a policy matches the sections it expects against a card's headings.</summary>
public enum CardSectionMatch
{
    /// <summary>By meaning: "How to use" answers How to Get Started, any heading about bias, risks or limitations answers Bias, Risks, and Limitations (<see cref="CardSectionMeaning"/>).</summary>
    Meaning,

    /// <summary>By title, case and punctuation aside.</summary>
    Exact,
}

/// <summary>What a policy makes of a finding code.</summary>
public enum CardFindingLevel
{
    Error,
    Warning,
    Off,
}

/// <summary>
/// The rules a card is judged by. Two are built in: <see cref="Default"/> refuses what is broken or unfinished and
/// warns about what a reader would miss; <see cref="Strict"/> is the gate of earlier versions (every template
/// section by its exact title, license, tags and language required, TBD/TODO/[More Information Needed] anywhere).
/// A team's policy is a YAML file (<see cref="CardPolicyFile"/>) that changes one of them.
/// </summary>
public sealed record CardPolicy
{
    /// <summary>default, strict, or the policy file's path.</summary>
    public string Name { get; init; } = "default";

    /// <summary>Metadata keys a card must have (CARD_METADATA_MISSING).</summary>
    public IReadOnlyList<string> RequiredMetadata { get; init; } = ["license"];

    /// <summary>Metadata keys a card for a text task (by pipeline_tag or tags) should have (CARD_METADATA_EXPECTED).</summary>
    public IReadOnlyList<string> TextTaskMetadata { get; init; } = ["language"];

    /// <summary>Sections a card should have (CARD_SECTION_MISSING, CARD_SECTION_EMPTY).</summary>
    public IReadOnlyList<string> RequiredSections { get; init; } =
        ["Model Details", "Uses", "Bias, Risks, and Limitations", "How to Get Started with the Model", "Training Details", "Evaluation", "Citation"];

    /// <summary>How <see cref="RequiredSections"/> are found.</summary>
    public CardSectionMatch SectionMatch { get; init; } = CardSectionMatch.Meaning;

    /// <summary>Text left from a template, found anywhere in the card (code too), in any case (CARD_UNFINISHED).</summary>
    public IReadOnlyList<string> Placeholders { get; init; } = ["More information needed", "{MODEL_NAME}"];

    /// <summary>Words that mark a draft, found as whole words (not TODO-list, not TODOs) outside code, in this case (CARD_UNFINISHED).</summary>
    public IReadOnlyList<string> UnfinishedWords { get; init; } = ["TODO", "TBD"];

    /// <summary>Exact text found anywhere in the card, code and front matter too, in this case (CARD_UNFINISHED): the rule of earlier versions.</summary>
    public IReadOnlyList<string> UnfinishedPhrases { get; init; } = [];

    /// <summary>What the policy makes of a code; a code not named here is an error.</summary>
    public IReadOnlyDictionary<string, CardFindingLevel> Levels { get; init; } = new Dictionary<string, CardFindingLevel>(StringComparer.Ordinal)
    {
        [CardCodes.SectionMissing] = CardFindingLevel.Warning,
        [CardCodes.SectionEmpty] = CardFindingLevel.Warning,
        [CardCodes.MetadataExpected] = CardFindingLevel.Warning,
        [CardCodes.LicenseOtherIncomplete] = CardFindingLevel.Warning,
    };

    /// <summary>What this policy makes of <paramref name="code"/>.</summary>
    public CardFindingLevel LevelOf(string code) => Levels.TryGetValue(code, out var level) ? level : CardFindingLevel.Error;

    /// <summary>
    /// Errors for what is broken or unfinished: YAML that does not parse, no front matter, a model-index
    /// huggingface_hub refuses, an unknown or missing license, a language that is not ISO 639, placeholders
    /// ("More information needed" in any case, {MODEL_NAME}), TODO and TBD as words outside code, metrics and parameter
    /// counts that disagree. Warnings for sections a reader would miss (matched by meaning) and for a text model
    /// without a language; tags are never required.
    /// </summary>
    public static CardPolicy Default { get; } = new();

    /// <summary>The gate of earlier versions: every template section by its exact title, license, tags and language required, TBD, TODO and [More Information Needed] anywhere; all errors.</summary>
    public static CardPolicy Strict { get; } = new()
    {
        Name = "strict",
        RequiredMetadata = ["license", "tags", "language"],
        TextTaskMetadata = [],
        RequiredSections = ["Model Details", "Uses", "Bias, Risks, and Limitations", "How to Get Started with the Model", "Training Details", "Evaluation"],
        SectionMatch = CardSectionMatch.Exact,
        Placeholders = [],
        UnfinishedWords = [],
        UnfinishedPhrases = ["TBD", "TODO", "[More Information Needed]"],
        Levels = new Dictionary<string, CardFindingLevel>(StringComparer.Ordinal),
    };

    /// <summary>The names of the built-in policies.</summary>
    public static IReadOnlyList<string> BuiltInNames { get; } = ["default", "strict"];

    /// <summary>The built-in policy called <paramref name="name"/> (default, strict; any case), or null.</summary>
    public static CardPolicy? BuiltIn(string name) => name.Trim().ToLowerInvariant() switch
    {
        "default" => Default,
        "strict" => Strict,
        _ => null,
    };

    /// <summary>
    /// What <c>-Policy</c> / <c>--policy</c> names: a built-in policy (default, strict), or else a policy file, its path
    /// made full by <paramref name="resolvePath"/> (the face's idea of the current folder).
    /// </summary>
    public static CardPolicy Select(string given, Func<string, string> resolvePath) => BuiltIn(given) ?? Load(resolvePath(given));

    /// <summary>Reads a policy file (<see cref="CardPolicyFile"/>).</summary>
    public static CardPolicy Load(string path) => CardPolicyFile.Read(path);
}
