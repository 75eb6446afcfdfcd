using ModelRelease.Core.Cards;

namespace ModelRelease.Core.Tests.Cards;

/// <summary>The one section reader of card show, Get-ModelCard and Test-ModelCard.</summary>
public class CardOutlineTests
{
    private static IReadOnlyList<(int Level, string Title, int Line)> Outline(string body) =>
        CardOutline.Read(body).Select(s => (s.Level, s.Title, s.Line)).ToList();

    [Fact]
    public void ATX_headings_with_their_level_title_and_line()
    {
        Assert.Equal(
            [(1, "Title", 1), (2, "Uses", 3), (3, "Direct Use", 5), (2, "Closed", 7), (6, "Deep", 8), (2, "Indented", 9)],
            Outline("# Title\n\n## Uses\n\n### Direct Use\n\n## Closed ##\n###### Deep\n   ## Indented\n"));
    }

    [Theory]
    [InlineData("#NoSpace\n")]
    [InlineData("####### Seven\n")]
    [InlineData("Text\n\n    ## Indented code\n")]
    [InlineData("\\## Escaped\n")]
    public void Lines_that_are_not_headings(string body) =>
        Assert.DoesNotContain(Outline(body), h => h.Title.Length > 0 && h.Title != "Text");

    [Fact]
    public void Setext_headings_are_read_and_a_rule_is_not_a_heading()
    {
        Assert.Equal(
            [(1, "Model Card", 1), (2, "How to use", 6), (2, "A title on two lines", 10)],
            Outline("Model Card\n==========\n\nSome text.\n\nHow to use\n---\nCall it.\n\nA title on\ntwo lines\n---------\n"));
        Assert.Empty(Outline("Text.\n\n---\n\nMore text.\n"));
        Assert.Empty(Outline("- a list item\n---\n"));
        Assert.Empty(Outline("> a quote\n---\n"));
        Assert.Empty(Outline("| a | b |\n|---|---|\n| 1 | 2 |\n"));
    }

    [Fact]
    public void Headings_inside_code_fences_and_HTML_comments_are_not_sections()
    {
        var body = "# Real\n\n```markdown\n## In a fence\n```\n\n~~~~\n## In a tilde fence\n```\n## Still in it\n~~~~\n\n<!--\n# In a comment\n-->\n\n````python\n```\n## Inside a longer fence\n````\n\n## After\n";
        Assert.Equal([(1, "Real", 1), (2, "After", 22)], Outline(body));
        Assert.Equal([(1, "Open", 1)], Outline("# Open\n\n```\n## never closed\n"));
    }

    [Fact]
    public void A_section_runs_to_the_next_heading_of_its_level_and_is_empty_when_nothing_in_it_is_visible()
    {
        var sections = CardOutline.Read("## Uses\n<!-- say it -->\n### Direct Use\n\n<!-- here -->\n## Training\n\nText.\n### Data\n");
        Assert.Equal(["Uses", "Direct Use", "Training", "Data"], sections.Select(s => s.Title));
        Assert.Equal([true, true, false, true], sections.Select(s => s.IsEmpty));
        Assert.Equal("<!-- say it -->\n### Direct Use\n\n<!-- here -->", sections[0].Content);
        Assert.Equal("Text.\n### Data", sections[2].Content);
    }

    [Fact]
    public void A_cards_sections_carry_file_lines_and_follow_its_metadata_when_it_changes()
    {
        var card = CardDocument.Parse("---\nlicense: mit\n---\n# Model\n\n## Uses\n\nChat.\n", "README.md");
        Assert.Equal([(1, "Model", 4), (2, "Uses", 6)], card.Sections.Select(s => (s.Level, s.Title, s.Line)));
        var changed = CardDocument.WithMetadata(card, new Dictionary<string, object?> { ["license"] = "mit", ["language"] = new List<object?> { "en", "fr" } });
        Assert.Equal([(1, "Model", 7), (2, "Uses", 9)], changed.Sections.Select(s => (s.Level, s.Title, s.Line)));
        var created = CardDocument.Create(new Dictionary<string, object?> { ["license"] = "mit" }, "# New\n");
        Assert.Equal(4, Assert.Single(created.Sections).Line);
    }

    [Fact]
    public void CRLF_cards_read_like_LF_ones()
    {
        var card = CardDocument.Parse("---\r\nlicense: mit\r\n---\r\n# Model\r\n\r\nUses\r\n----\r\nChat.\r\n", "README.md");
        Assert.Equal([(1, "Model", 4), (2, "Uses", 6)], card.Sections.Select(s => (s.Level, s.Title, s.Line)));
        Assert.Equal("Chat.", card.Sections[1].Content);
    }

    [Theory]
    [InlineData("Use `TODO` here", "Use        here")]
    [InlineData("A ``code ` span`` end", "A                 end")]
    [InlineData("Text <!-- TODO --> more", "Text               more")]
    public void Prose_blanks_code_spans_and_comments(string line, string prose) => Assert.Equal(prose, CardOutline.Prose(line));
}
