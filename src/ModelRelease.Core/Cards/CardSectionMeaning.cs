using System.Text.RegularExpressions;

namespace ModelRelease.Core.Cards;

/// <summary>
/// Which headings answer which of the template's sections, by meaning: a card that says "How to use" has told its
/// readers how to get started, and "Limitations and Bias" is the bias, risks and limitations section. A section name
/// this table does not know is matched by its title (case and punctuation aside).
/// </summary>
public static class CardSectionMeaning
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

    /// <summary>The template section names this table knows.</summary>
    public static IReadOnlyList<string> Names { get; } = Known.Select(k => k.Name).ToList();

    /// <summary>
    /// A heading as words: link targets dropped ([text](url) reads as text), markup and punctuation gone, '&amp;' read
    /// as 'and', lower case. One pass over the heading, whatever it holds.
    /// </summary>
    public static string Normalize(string title)
    {
        var words = new System.Text.StringBuilder(title.Length);
        var space = false;
        for (var i = 0; i < title.Length; i++)
        {
            var c = title[i];
            if (c == ']' && i + 1 < title.Length && title[i + 1] == '(' && title.IndexOf(')', i + 2) is var close and > 0)
            {
                i = close;
                space = true;
                continue;
            }
            if (char.IsLetterOrDigit(c))
            {
                if (space && words.Length > 0) words.Append(' ');
                words.Append(char.ToLowerInvariant(c));
                space = false;
            }
            else if (c == '&')
            {
                if (words.Length > 0) words.Append(" and");
                space = true;
            }
            else
            {
                space = true;
            }
        }
        return words.ToString();
    }

    /// <summary>Whether a heading answers the required section <paramref name="name"/>.</summary>
    public static bool Answers(string name, string heading, bool byMeaning) => Matcher(name, byMeaning)(Normalize(heading));

    /// <summary>A test of normalised headings for the required section <paramref name="name"/>: its own title, or (by meaning) the table's words for it.</summary>
    private static Func<string, bool> Matcher(string name, bool byMeaning)
    {
        var own = Normalize(name);
        var pattern = byMeaning ? Known.FirstOrDefault(k => string.Equals(k.Name, name, StringComparison.OrdinalIgnoreCase)).Heading : null;
        return title => title == own || (pattern?.IsMatch(title) ?? false);
    }

    /// <summary>The sections that answer <paramref name="name"/>, in order.</summary>
    public static IReadOnlyList<CardSection> Matching(IReadOnlyList<CardSection> sections, string name, bool byMeaning) =>
        Match(sections, [name], byMeaning)[0].Sections;

    /// <summary>For each required section, the sections that answer it; each heading is normalised once.</summary>
    public static IReadOnlyList<(string Name, IReadOnlyList<CardSection> Sections)> Match(IReadOnlyList<CardSection> sections, IReadOnlyList<string> names, bool byMeaning)
    {
        var titles = sections.Select(s => Normalize(s.Title)).ToList();
        return names.Select(name =>
        {
            var answers = Matcher(name, byMeaning);
            return (name, (IReadOnlyList<CardSection>)sections.Where((_, i) => answers(titles[i])).ToList());
        }).ToList();
    }
}
