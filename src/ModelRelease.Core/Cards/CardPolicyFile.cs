namespace ModelRelease.Core.Cards;

/// <summary>
/// A team's card policy as a YAML file: it changes a built-in policy, named by <c>extends</c> (strict when the file
/// does not say, so files written for earlier versions keep their meaning), key by key:
/// <code>
/// extends: default                         # or strict
/// required_metadata: [license, pipeline_tag]
/// text_task_metadata: [language]           # expected of text models (a warning unless severity says otherwise)
/// required_sections: [Uses, Evaluation, Citation]
/// section_match: meaning                   # or exact
/// placeholders: ["More information needed"] # anywhere, any case
/// unfinished_words: [TODO, TBD, FIXME]     # whole words outside code
/// unfinished_phrases: []                   # exact text anywhere (the rule of earlier versions)
/// severity:                                # a finding code: error, warning or off
///   CARD_SECTION_MISSING: error
/// </code>
/// A list replaces the base policy's list; <c>severity</c> changes only the codes it names.
/// </summary>
public static class CardPolicyFile
{
    private static readonly string[] Keys =
    [
        "extends", "required_metadata", "text_task_metadata", "required_sections", "section_match", "placeholders", "unfinished_words",
        "unfinished_phrases", "severity",
    ];

    public static CardPolicy Read(string path)
    {
        if (!File.Exists(path)) throw Error(CardCodes.PolicyMissing, path, "the policy file does not exist (the built-in policies are 'default' and 'strict')", ErrorKind.NotFound);
        var text = CardFile.ReadInput(path, "ModelCardPolicyInvalid", CardCodes.PolicyYaml).Replace("\r\n", "\n", StringComparison.Ordinal);
        var map = CardYaml.ParseMapping(text, path, 1, "ModelCardPolicyInvalid", CardCodes.PolicyYaml);
        foreach (var key in map.Keys.Where(k => !Keys.Contains(k, StringComparer.Ordinal)))
        {
            throw Shape(path, $"unknown policy key '{key}' (known: {string.Join(", ", Keys)})");
        }
        var baseName = map.GetValueOrDefault("extends") switch
        {
            null => "strict",
            string s when CardPolicy.BuiltIn(s) is not null => s.Trim().ToLowerInvariant(),
            var other => throw Shape(path, $"'extends' must be one of {string.Join(", ", CardPolicy.BuiltInNames)}, not '{other}'"),
        };
        var basis = CardPolicy.BuiltIn(baseName)!;
        IReadOnlyList<string> List(string key, IReadOnlyList<string> fallback) => map.TryGetValue(key, out var v)
            ? v is List<object?> l && l.All(x => x is string { Length: > 0 }) ? l.Cast<string>().ToList() : throw Shape(path, $"'{key}' must be a list of text")
            : fallback;
        var match = map.GetValueOrDefault("section_match") switch
        {
            null => basis.SectionMatch,
            "meaning" => CardSectionMatch.Meaning,
            "exact" => CardSectionMatch.Exact,
            var other => throw Shape(path, $"'section_match' must be meaning or exact, not '{other}'"),
        };
        return basis with
        {
            Name = path,
            RequiredMetadata = List("required_metadata", basis.RequiredMetadata),
            TextTaskMetadata = List("text_task_metadata", basis.TextTaskMetadata),
            RequiredSections = List("required_sections", basis.RequiredSections),
            SectionMatch = match,
            Placeholders = List("placeholders", basis.Placeholders),
            UnfinishedWords = List("unfinished_words", basis.UnfinishedWords),
            UnfinishedPhrases = List("unfinished_phrases", basis.UnfinishedPhrases),
            Levels = Levels(map.GetValueOrDefault("severity"), basis.Levels, path),
        };
    }

    private static Dictionary<string, CardFindingLevel> Levels(object? value, IReadOnlyDictionary<string, CardFindingLevel> basis, string path)
    {
        var levels = new Dictionary<string, CardFindingLevel>(basis, StringComparer.Ordinal);
        if (value is null) return levels;
        if (value is not Dictionary<string, object?> map) throw Shape(path, "'severity' must be a mapping of finding code to error, warning or off");
        foreach (var (code, level) in map)
        {
            if (!CardCodes.Adjustable.Contains(code, StringComparer.Ordinal))
            {
                throw Shape(path, $"'severity' names '{code}', which is not a finding a policy can change (those are {string.Join(", ", CardCodes.Adjustable)})");
            }
            levels[code] = level switch
            {
                "error" => CardFindingLevel.Error,
                "warning" => CardFindingLevel.Warning,
                "off" => CardFindingLevel.Off,
                _ => throw Shape(path, $"'severity' of {code} must be error, warning or off, not '{level}'"),
            };
        }
        return levels;
    }

    private static ModelCardException Shape(string path, string detail) => Error(CardCodes.PolicyShape, path, detail, ErrorKind.InvalidData);

    private static ModelCardException Error(string code, string path, string detail, ErrorKind kind) =>
        new("ModelCardPolicyInvalid", code, path, null, detail, kind);
}
