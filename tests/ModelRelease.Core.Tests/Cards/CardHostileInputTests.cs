using System.Text;
using ModelRelease.Core.Cards;

namespace ModelRelease.Core.Tests.Cards;

/// <summary>Inputs built to hurt: each is a typed error naming the file and line, never a crash, a hang or a huge allocation.</summary>
public sealed class CardHostileInputTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mr-card-hostile-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    [Fact]
    public void An_alias_bomb_in_front_matter_is_refused_not_expanded()
    {
        var yaml = new StringBuilder("license: mit\na: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for (var i = 0; i < 9; i++) yaml.Append($"{(char)('b' + i)}: &{(char)('b' + i)} [*{(char)('a' + i)}, *{(char)('a' + i)}, *{(char)('a' + i)}, *{(char)('a' + i)}, *{(char)('a' + i)}, *{(char)('a' + i)}, *{(char)('a' + i)}, *{(char)('a' + i)}, *{(char)('a' + i)}, *{(char)('a' + i)}]\n");
        var ex = Assert.Throws<ModelCardException>(() => CardDocument.Parse("---\n" + yaml + "---\n# m\n", "README.md"));
        Assert.Equal(("CARD_YAML_INVALID", "README.md"), (ex.Code, ex.File!));
        Assert.Contains("more than", ex.Detail);
        Assert.InRange(ex.Line!.Value, 2, 12);
    }

    [Theory]
    [InlineData(100)]
    [InlineData(200_000)]
    public void Deep_nesting_is_refused_before_the_node_model_recurses(int depth)
    {
        var yaml = "license: mit\nx: " + new string('[', depth) + new string(']', depth) + "\n";
        var ex = Assert.Throws<ModelCardException>(() => CardDocument.Parse("---\n" + yaml + "---\n# m\n", "README.md"));
        Assert.Equal(("CARD_YAML_INVALID", 3), (ex.Code, ex.Line!.Value));
        Assert.Contains("deeper than", ex.Detail);
    }

    [Theory]
    [InlineData("license: mit\nlicense: apache-2.0\n", "Duplicate key", 3)]
    [InlineData("license: mit\n? [a, b]\n: c\n", "plain value", 3)]
    [InlineData("license: mit\n{a: 1}: b\n", "plain value", 3)]
    public void Duplicate_and_non_scalar_keys_name_their_line(string yaml, string detail, int line)
    {
        var ex = Assert.Throws<ModelCardException>(() => CardDocument.Parse("---\n" + yaml + "---\n# m\n", "README.md"));
        Assert.Equal("CARD_YAML_INVALID", ex.Code);
        Assert.Equal(line, ex.Line);
        Assert.Contains(detail, ex.Detail + ex.Message);
    }

    [Fact]
    public void Oversized_and_binary_inputs_are_refused_before_they_are_read_whole()
    {
        var big = Path.Combine(_dir, "config.yaml");
        using (var f = File.Create(big)) f.SetLength(CardFile.MaxBytes + 1);
        var tooBig = Assert.Throws<ModelCardException>(() => CardConfig.Read(big));
        Assert.Equal(("ModelCardConfigInvalid", big), (tooBig.ErrorId, tooBig.File!));
        Assert.Contains("at most", tooBig.Detail);

        var metrics = Path.Combine(_dir, "metrics.json");
        File.WriteAllBytes(metrics, [(byte)'{', (byte)'\n', 0xC3, 0x28, (byte)'}']);
        var notUtf8 = Assert.Throws<ModelCardException>(() => CardMetrics.FromJsonFile(metrics));
        Assert.Equal(("ModelCardMetricsInvalid", 2), (notUtf8.ErrorId, notUtf8.Line!.Value));

        File.WriteAllText(metrics, new string('[', 10_000) + new string(']', 10_000));
        Assert.Equal("CARD_METRICS_JSON", Assert.Throws<ModelCardException>(() => CardMetrics.FromJsonFile(metrics)).Code);

        var policy = Path.Combine(_dir, "policy.yaml");
        File.WriteAllText(policy, "required_sections: &a [*a]\n");
        Assert.Equal("ModelCardPolicyInvalid", Assert.Throws<ModelCardException>(() => CardPolicy.Load(policy)).ErrorId);
    }

    [Fact]
    public void Random_damage_to_real_cards_never_escapes_as_an_untyped_exception()
    {
        var random = new Random(20261205);
        foreach (var name in new[] { "card-llm.md", "card-gguf.md", "card-minimal.md" })
        {
            var original = File.ReadAllBytes(CardTestData.File(name));
            for (var round = 0; round < 300; round++)
            {
                var bytes = (byte[])original.Clone();
                var cut = random.Next(2) == 0;
                if (cut) bytes = bytes[..random.Next(bytes.Length)];
                else for (var k = 0; k < 1 + random.Next(4); k++) bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                try
                {
                    var card = CardDocument.Parse(CardFile.Decode(bytes, name), name);
                    _ = CardValidator.Validate(card);
                    _ = CardDocument.WithMetadata(card, card.Metadata);
                }
                catch (ModelCardException ex)
                {
                    Assert.Equal(name, ex.File);
                }
            }
        }
    }

    [Fact]
    public void Bodies_built_to_make_a_reader_quadratic_are_read_in_one_pass()
    {
        // Each would take many minutes to a reader that rescans per heading, per backtick run or per comment opener.
        const int n = 50_000;
        var headings = "---\nlicense: mit\n---\n# Top\n" + string.Concat(Enumerable.Repeat("## TODO\n", n));
        var card = CardDocument.Parse(headings, "README.md");
        Assert.Equal(n + 1, card.Sections.Count);
        Assert.Equal(n, CardValidator.Validate(card).Findings.Count(f => f.Code == "CARD_UNFINISHED"));

        var ticks = string.Concat(Enumerable.Range(0, n / 10).Select(i => new string('`', 1 + (i % 50)) + "x"));
        Assert.Equal(ticks.Length, CardOutline.Prose(ticks).Length);
        var openers = string.Concat(Enumerable.Repeat("<!-- a ", n));
        Assert.Equal(openers, CardOutline.Prose(openers));
        var brackets = "## " + new string('[', n) + " Uses" + new string(' ', n) + "x " + new string('#', 3);
        var read = CardOutline.Read(brackets);
        Assert.EndsWith("x", Assert.Single(read).Title, StringComparison.Ordinal);
        Assert.True(CardSectionMeaning.Answers("Uses", read[0].Title, byMeaning: true));
    }
}
