using ModelRelease.Core.Cards;

namespace ModelRelease.Core.Tests.Cards;

/// <summary>
/// Set-ModelCard / card set edit the front matter in place: what the user wrote and the change does not touch keeps
/// every byte (comments, quoting, anchors, merge keys, tags, blank lines); what cannot be kept is refused, not lost.
/// </summary>
public class FrontMatterEditTests
{
    private static ModelCard Card(string frontMatter, string body = "# Model\n\nBody.\n") => CardDocument.Parse("---\n" + frontMatter + "---\n" + body, "README.md");

    private static ModelCard Set(ModelCard card, params (string Key, object? Value)[] changes) =>
        CardDocument.WithMetadata(card, CardMetadataUpdate.Apply(card.Metadata, changes.Select(c => new KeyValuePair<string, object?>(c.Key, c.Value))));

    [Fact]
    public void Only_the_changed_entry_is_rewritten()
    {
        const string yaml = """
            # Card metadata, kept by hand
            license: mit   # chosen by legal
            language:
              - en  # English first
              - fr

            base: &base
              lr: 0.001
            training:
              <<: *base
              epochs: !!int "3"
            model_name: 'quoted'
            tags: [a, b]
            """;
        var card = Card(yaml + "\n");
        var updated = Set(card, ("tags", new List<object?> { "c" }));
        var expected = yaml.Replace("tags: [a, b]", "tags:\n  - c") + "\n";
        Assert.Equal("---\n" + expected + "---\n" + card.Body, updated.Text);
    }

    [Fact]
    public void A_comment_at_the_end_of_a_one_line_entry_stays()
    {
        var updated = Set(Card("license: mit   # chosen by legal\nlanguage: en\n"), ("license", "apache-2.0"));
        Assert.StartsWith("---\nlicense: apache-2.0 # chosen by legal\nlanguage: en\n---\n", updated.Text);
    }

    [Fact]
    public void A_removed_key_takes_its_lines_and_a_new_key_goes_at_the_end()
    {
        var updated = Set(Card("# head\nlicense: mit\ndeprecated:\n  - old\n  - older\n# tail comment\nlanguage: en\n"), ("deprecated", null), ("pipeline_tag", "text-generation"));
        Assert.StartsWith("---\n# head\nlicense: mit\n# tail comment\nlanguage: en\npipeline_tag: text-generation\n---\n", updated.Text);
    }

    [Fact]
    public void Crlf_and_a_byte_order_mark_survive_an_edit()
    {
        var text = "\uFEFF---\r\nlicense: mit\r\ntags:\r\n- a\r\n---\r\nBody\r\n";
        var updated = CardDocument.WithMetadata(CardDocument.Parse(text, "README.md"), new Dictionary<string, object?> { ["license"] = "mit", ["tags"] = new List<object?> { "a", "b" } });
        Assert.Equal("\uFEFF---\r\nlicense: mit\r\ntags:\r\n  - a\r\n  - b\r\n---\r\nBody\r\n", updated.Text);
    }

    [Fact]
    public void Unchanged_metadata_changes_nothing()
    {
        const string text = "---\nlicense: \"mit\" # quoted\nx: !!str 1\n---\nBody";
        var card = CardDocument.Parse(text, "README.md");
        Assert.Equal(text, CardDocument.WithMetadata(card, card.Metadata).Text);
        Assert.Equal(text, Set(card, ("license", "mit")).Text);
    }

    [Theory]
    [InlineData("license: mit\ntags: # the list\n  - a\n", "tags", 3)]
    [InlineData("license: mit\ntags:\n  # first\n  - a\n", "tags", 4)]
    [InlineData("base: &b\n  lr: 1\ntraining:\n  <<: *b\n", "base", 2)]
    public void A_change_that_would_drop_what_the_user_wrote_is_refused_naming_the_line(string yaml, string key, int line)
    {
        var card = Card(yaml);
        var error = Assert.Throws<ModelCardException>(() => Set(card, (key, "new")));
        Assert.Equal(("CARD_YAML_UNEDITABLE", "ModelCardMetadataUneditable", line), (error.Code, error.ErrorId, error.Line));
    }

    [Fact]
    public void A_flow_style_front_matter_is_refused_for_changes_but_read()
    {
        var card = Card("{license: mit, tags: [a]}\n");
        Assert.Equal("mit", card.Metadata["license"]);
        Assert.Equal("CARD_YAML_UNEDITABLE", Assert.Throws<ModelCardException>(() => Set(card, ("license", "apache-2.0"))).Code);
    }

    [Fact]
    public void Every_edit_reads_back_as_the_metadata_asked_for()
    {
        // Random edits over a front matter with every construct: the result always parses to exactly the new metadata.
        const string yaml = "# c\nlicense: mit # l\nlanguage:\n- en\nx: |\n  block\n  text\ny: >-\n  folded\nz: {a: 1}\nw: 'q'\nv: \"d\"\n";
        var random = new Random(42);
        var keys = new[] { "license", "language", "x", "y", "z", "w", "v", "new_one", "new_two" };
        for (var round = 0; round < 200; round++)
        {
            var card = Card(yaml);
            var key = keys[random.Next(keys.Length)];
            object? value = random.Next(4) switch
            {
                0 => null,
                1 => "text " + round,
                2 => new List<object?> { "a" + round, "b" },
                _ => new Dictionary<string, object?> { ["k"] = (long)round },
            };
            if (key == "license" && value is not (null or string)) value = "apache-2.0";
            var after = CardMetadataUpdate.Apply(card.Metadata, [new(key, value)]);
            var updated = CardDocument.WithMetadata(card, after);
            var reread = CardDocument.Parse(updated.Text, "README.md");
            Assert.Equal(after.Keys, reread.Metadata.Keys);
            Assert.All(after, kv => Assert.True(FrontMatterEditor.PlainEquals(kv.Value, reread.Metadata[kv.Key]), $"round {round}: {kv.Key}"));
            Assert.Equal(card.Body, reread.Body);
        }
    }
}
