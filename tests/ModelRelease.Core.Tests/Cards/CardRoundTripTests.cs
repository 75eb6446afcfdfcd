using ModelRelease.Core.Cards;

namespace ModelRelease.Core.Tests.Cards;

public class CardRoundTripTests
{
    public static TheoryData<string> RealisticCards() => new() { "card-llm.md", "card-gguf.md", "card-minimal.md" };

    [Theory]
    [MemberData(nameof(RealisticCards))]
    public void Reading_and_writing_back_unchanged_keeps_every_byte(string name)
    {
        var bytes = File.ReadAllBytes(CardTestData.File(name));
        var text = new System.Text.UTF8Encoding(false).GetString(bytes);
        var card = CardDocument.Parse(text, name);
        Assert.Equal(bytes, new System.Text.UTF8Encoding(false).GetBytes(card.Text));
        Assert.True(card.Metadata.Count >= 3);
    }

    [Theory]
    [MemberData(nameof(RealisticCards))]
    public void Updating_metadata_keeps_the_body_byte_for_byte_unknown_keys_and_line_endings(string name)
    {
        var text = File.ReadAllText(CardTestData.File(name));
        var card = CardDocument.Parse(text, name);
        var metadata = card.Metadata.ToDictionary(kv => kv.Key, kv => kv.Value);
        metadata["tags"] = new List<object?> { "updated" };
        var updated = CardDocument.WithMetadata(card, metadata);
        Assert.EndsWith(card.Body, updated.Text, StringComparison.Ordinal);
        var reread = CardDocument.Parse(updated.Text, name);
        Assert.Equal(card.Body, reread.Body);
        Assert.Equal(card.Metadata.Keys, reread.Metadata.Keys);                  // unknown keys kept, order kept
        Assert.Equal(new List<object?> { "updated" }, reread.Metadata["tags"]);
        var crlf = text.Contains("\r\n", StringComparison.Ordinal);
        Assert.Equal(crlf, updated.Text[..updated.Text.IndexOf(card.Body, StringComparison.Ordinal)].Contains("\r\n", StringComparison.Ordinal));
        Assert.Equal(updated.Text, CardDocument.WithMetadata(reread, reread.Metadata).Text); // stable: same metadata, same bytes
    }

    [Fact]
    public void A_card_without_front_matter_and_malformed_front_matter_name_the_line()
    {
        var none = Assert.Throws<ModelCardException>(() => CardDocument.Parse("# Just a title\n", "README.md"));
        Assert.Equal(("CARD_NO_FRONT_MATTER", 1, "README.md"), (none.Code, none.Line!.Value, none.File!));
        var bad = Assert.Throws<ModelCardException>(() => CardDocument.Parse("---\nlicense: mit\ntags: [a, b\nlanguage: en\n---\n# x\n", "README.md"));
        Assert.Equal("CARD_YAML_INVALID", bad.Code);
        Assert.InRange(bad.Line!.Value, 3, 5);
        Assert.Equal("CARD_NO_FRONT_MATTER", Assert.Throws<ModelCardException>(() => CardDocument.Parse("---\nlicense: mit\n# never closed\n", "README.md")).Code);
    }

    [Fact]
    public void Metadata_updates_keep_places_append_new_keys_and_remove_nulls()
    {
        var card = CardDocument.Parse(File.ReadAllText(CardTestData.File("card-gguf.md")), "card-gguf.md");
        var keys = card.Metadata.Keys.ToList();
        var changes = CardMetadataUpdate.FromParameters(license: "apache-2.0", tags: ["gguf", "q4"]);
        changes.Add(new("zz_new", new System.Collections.Hashtable { ["a"] = 1L }));
        changes.Add(new(keys[^1], null));
        var updated = CardDocument.WithMetadata(card, CardMetadataUpdate.Apply(card.Metadata, changes));
        var expected = keys.Take(keys.Count - 1).Concat(keys.Contains("license") ? [] : ["license"]).Concat(keys.Contains("tags") ? [] : ["tags"]).Append("zz_new").ToList();
        Assert.Equal(expected, updated.Metadata.Keys.ToList());
        Assert.Equal("apache-2.0", updated.Metadata["license"]);
        Assert.Equal(1L, ((Dictionary<string, object?>)updated.Metadata["zz_new"]!)["a"]);
        Assert.Equal(card.Body, CardDocument.Parse(updated.Text, "x").Body);
        Assert.Empty(CardMetadataUpdate.FromParameters());
        Assert.Equal("CARD_METADATA_KEY", Assert.Throws<ModelCardException>(() => CardMetadataUpdate.Apply(card.Metadata, [new(" ", 1)])).Code);
    }

    [Fact]
    public void Strings_that_YAML_readers_would_take_for_something_else_are_quoted_and_read_back_as_strings()
    {
        string[] tricky = ["no", "No", "yes", "on", "OFF", "y", "n", "true", "null", "~", "", "1.0", "3.10", "010", "0x1F", "1e3", "2024-01-01", "1:30", ".inf", "-.NaN", "<<", "=", "+1", ".5"];
        var metadata = new Dictionary<string, object?>
        {
            ["language"] = tricky.ToList<object?>(),
            ["no"] = "key too",
            ["version"] = "1.10",
            ["value"] = 18.0,
            ["ratio"] = 0.913,
            ["count"] = 42L,
            ["flag"] = true,
            ["nothing"] = null,
        };
        var yaml = CardYaml.Emit(metadata);
        Assert.Contains("  - 'no'\n", yaml);
        Assert.Contains("'no': key too\n", yaml);
        Assert.Contains("version: '1.10'\n", yaml);
        Assert.Contains("value: 18.0\n", yaml);
        Assert.Contains("count: 42\n", yaml);
        var back = CardYaml.ParseMapping(yaml, "x", 1, "id", "code");
        Assert.Equal(tricky, ((List<object?>)back["language"]!).Cast<string>());
        Assert.Equal(("key too", "1.10", 18.0, 0.913, 42L, true), ((string)back["no"]!, (string)back["version"]!, (double)back["value"]!, (double)back["ratio"]!, (long)back["count"]!, (bool)back["flag"]!));
        Assert.Null(back["nothing"]);
        Assert.Equal(yaml, CardYaml.Emit(back)); // stable
    }

    [Fact]
    public void A_key_added_after_one_is_removed_goes_at_the_end_not_into_the_removed_place()
    {
        var metadata = new Dictionary<string, object?> { ["a"] = 1L, ["b"] = 2L, ["c"] = 3L };
        var updated = CardMetadataUpdate.Apply(metadata, [new("a", null), new("d", 4L), new("b", 20L)]);
        Assert.Equal(["b", "c", "d"], updated.Keys);
        Assert.Equal(20L, updated["b"]);
        var card = CardDocument.WithMetadata(CardDocument.Create(metadata, "# m\n"), updated);
        Assert.StartsWith("---\nb: 20\nc: 3\nd: 4\n---\n", card.Text);
    }
}
