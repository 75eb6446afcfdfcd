using System.Text.RegularExpressions;

namespace ModelRelease.Core.Cards;

/// <summary>
/// Which headings answer which of the template's sections, by meaning: a card that says "How to use" has told its
/// readers how to get started, and "Limitations and Bias" is the bias, risks and limitations section. A section name
/// this table does not know is matched by its title (case and punctuation aside).
/// </summary>
public static partial class CardSectionMeaning
{
    private static readonly (string Name, Regex Heading)[] Known =
    [
        ("Model Details", Words(@"model (details?|description|summary|overview|information|info|architecture|type)|model card|overview|description|summary|about|introduction|architecture|details")),
        ("Uses", Words(@"uses?|usage|intended uses?|direct use|downstream use|how to use|use cases?|applications?|intended purpose")),
        ("Bias, Risks, and Limitations", Words(@"bias(es)?|risks?|limitations?|ethic(s|al)|safety|harms?|responsible (ai|use)")),
        ("How to Get Started with the Model", Words(@"get(ting)? started|how to use|usage|quick ?start|examples?|example usage|sample code|code examples?|run(ning)? the model|inference|use with|using (the|this) model|load(ing)? the model")),
        ("Training Details", Words(@"training|fine-?tuning|pre-?training|train(ed)? on|trained")),
        ("Evaluation", Words(@"evaluation|eval|results?|performance|benchmarks?|metrics|accuracy|scores?|leaderboard")),
        ("Citation", Words(@"citations?|cite|citing|bibtex|references?")),
        ("Environmental Impact", Words(@"environmental|carbon|emissions|co2|footprint")),
        ("Technical Specifications", Words(@"technical specifications?|architecture|hardware|software|compute infrastructure")),
        ("Model Card Contact", Words(@"contact|questions|feedback|support")),
        ("Model Card Authors", Words(@"authors?|contributors?|team")),
    ];

    private static Regex Words(string alternatives) =>
        new(@"(?<![a-z0-9])(" + alternatives + @")(?![a-z0-9])", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

    [GeneratedRegex(@"\[([^\]]*)\]\([^)]*\)", RegexOptions.CultureInvariant)]
    private static partial Regex Link();

    [GeneratedRegex(@"[^\p{L}\p{N}]+", RegexOptions.CultureInvariant)]
    private static partial Regex NotWord();

    /// <summary>The template section names this table knows.</summary>
    public static IReadOnlyList<string> Names { get; } = Known.Select(k => k.Name).ToList();

    /// <summary>A heading as words: links reduced to their text, markup and punctuation gone, '&amp;' read as 'and', lower case.</summary>
    public static string Normalize(string title) =>
        NotWord().Replace(Link().Replace(title, "$1").Replace("&", " and ", StringComparison.Ordinal), " ").Trim().ToLowerInvariant();

    /// <summary>Whether a heading answers the required section <paramref name="name"/>.</summary>
    public static bool Answers(string name, string heading, bool byMeaning)
    {
        var title = Normalize(heading);
        if (title == Normalize(name)) return true;
        if (!byMeaning) return false;
        foreach (var (known, pattern) in Known)
        {
            if (string.Equals(known, name, StringComparison.OrdinalIgnoreCase)) return pattern.IsMatch(title);
        }
        return false;
    }

    /// <summary>The sections that answer <paramref name="name"/>, in order.</summary>
    public static IReadOnlyList<CardSection> Matching(IReadOnlyList<CardSection> sections, string name, bool byMeaning) =>
        sections.Where(s => Answers(name, s.Title, byMeaning)).ToList();
}
