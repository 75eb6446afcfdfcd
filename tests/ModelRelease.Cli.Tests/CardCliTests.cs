using ModelRelease.Core.Tests.Support;
using System.Text.Json;

namespace ModelRelease.Cli.Tests;

/// <summary>modelrelease card new|show|test, on files.</summary>
public sealed class CardCliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mr-card-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private string In(string name) => Path.Combine(_dir, name);

    [Fact]
    public async Task New_writes_a_card_that_test_refuses_until_the_sections_are_filled_and_never_overwrites_without_force()
    {
        var metrics = In("metrics.json");
        await File.WriteAllTextAsync(metrics, """{ "task": "text-generation", "dataset": { "type": "wikitext", "name": "WikiText-2" }, "metrics": { "perplexity": 18.4 } }""");
        var config = In("config.yaml");
        await File.WriteAllTextAsync(config, "lr: 0.001\nlayers: 4\n");
        var args = new List<string> { "card", "new", Fixtures.Path("safetensors/fluxml_model.safetensors"), "--repo", "acme/tiny", "--version", "1.0.0",
            "--license", "mit", "--language", "en,fr", "--tag", "test", "--config", config, "--metrics", metrics, "--out", In("README.md") };
        var made = await Cli.RunAsync([.. args]);
        Assert.True(made.ExitCode == 0, made.Error);
        Assert.Contains("[More Information Needed]", made.Error); // reported, and 'card test' refuses it
        var text = await File.ReadAllTextAsync(In("README.md"));
        Assert.Contains("| lr | 0.001 |", text);
        Assert.Contains("| text-generation | WikiText-2 |  | perplexity | 18.4 |", text);
        Assert.Contains("language:\n  - en\n  - fr\n", text);

        var refused = await Cli.RunAsync("card", "test", In("README.md"), "--json");
        Assert.Equal(1, refused.ExitCode);
        using (var doc = JsonDocument.Parse(refused.Out))
        {
            var findings = doc.RootElement[0].GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("code").GetString()).ToList();
            Assert.Contains("CARD_UNFINISHED", findings);
        }

        var again = await Cli.RunAsync([.. args]);
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("CARD_EXISTS", again.Error);
        Assert.Equal(text, await File.ReadAllTextAsync(In("README.md")));

        string[] sections = ["model_summary", "model_description", "direct_use", "out_of_scope_use", "bias_risks_limitations", "training_data", "training_procedure", "environmental_impact", "citation_bibtex"];
        var prose = In("prose.md");
        await File.WriteAllTextAsync(prose, "Written by people.\n");
        var filled = await Cli.RunAsync([.. args, "--force", .. sections.SelectMany(s => new[] { "--section", s + "=@" + prose })]);
        Assert.True(filled.ExitCode == 0, filled.Error);
        Assert.DoesNotContain("More Information Needed", filled.Error);
        var passes = await Cli.RunAsync("card", "test", _dir, "--checkpoint", Fixtures.Path("safetensors/fluxml_model.safetensors"));
        Assert.True(passes.ExitCode == 0, passes.Out + passes.Error);
        var wrongCount = await Cli.RunAsync("card", "test", _dir, "--checkpoint", Fixtures.Path("gguf/tiny-llama-q4km-mix.gguf"), "-q");
        Assert.Equal((1, ""), (wrongCount.ExitCode, wrongCount.Out));
    }

    [Fact]
    public async Task Show_prints_metadata_and_sections_or_the_exact_text_and_bad_cards_name_file_and_line()
    {
        var card = In("card.md");
        var text = "\uFEFF---\r\nlicense: mit\r\ncustom: {a: 1}\r\n---\r\n# Title\r\n\r\n## Uses\r\nUse it.";
        await File.WriteAllTextAsync(card, text, new System.Text.UTF8Encoding(false));
        var shown = await Cli.RunAsync("card", "show", card);
        Assert.Equal(0, shown.ExitCode);
        Assert.Contains("custom", shown.Out);
        Assert.Contains("## Uses", shown.Out);
        var exact = await Cli.RunAsync("card", "show", card, "--text");
        Assert.Equal(text, exact.Out);

        var broken = In("broken.md");
        await File.WriteAllTextAsync(broken, "---\nlicense: [mit\ntags: x\n---\n# t\n");
        var bad = await Cli.RunAsync("card", "show", broken);
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains(broken + ":", bad.Error);
        Assert.Contains("CARD_YAML_INVALID", bad.Error);
        var tested = await Cli.RunAsync("card", "test", broken, "--json");
        Assert.Equal(1, tested.ExitCode);
        Assert.Contains("CARD_YAML_INVALID", tested.Out);

        var template = In("t.md");
        await File.WriteAllTextAsync(template, "# {{ model_id }}\n\n{{ typo_here }}\n");
        var unknown = await Cli.RunAsync("card", "new", "--repo", "a/b", "--template", template);
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains($"{template}:3", unknown.Error);
        Assert.Contains("CARD_TEMPLATE_UNKNOWN", unknown.Error);

        var usage = await Cli.RunAsync("card", "new", "--variant", "small,base");
        Assert.Equal(2, usage.ExitCode);
    }

    [Fact]
    public async Task Set_changes_metadata_in_place_and_keeps_the_rest_byte_for_byte()
    {
        var card = In("README.md");
        var body = "# Title\r\n\r\nBody without a final newline";
        await File.WriteAllTextAsync(card, "\uFEFF---\r\nlicense: mit\r\nzz_custom: {a: 1}\r\nold: x\r\n---\r\n" + body, new System.Text.UTF8Encoding(false));
        var set = await Cli.RunAsync("card", "set", _dir, "--license", "apache-2.0", "--tag", "a,b", "--meta", "epochs=3", "--remove", "old");
        Assert.True(set.ExitCode == 0, set.Error);
        var bytes = await File.ReadAllBytesAsync(card);
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        var text = new System.Text.UTF8Encoding(false).GetString(bytes);
        Assert.EndsWith("---\r\n" + body, text);
        Assert.Contains("license: apache-2.0\r\n", text);
        Assert.Contains("epochs: 3\r\n", text);
        Assert.DoesNotContain("old:", text);
        var json = await Cli.RunAsync("card", "show", card, "--json");
        using var doc = JsonDocument.Parse(json.Out);
        Assert.Equal(["license", "zz_custom", "tags", "epochs"], doc.RootElement.GetProperty("metadata").EnumerateObject().Select(p => p.Name));
        Assert.Equal(3, doc.RootElement.GetProperty("metadata").GetProperty("epochs").GetInt32());

        var other = In("other.md");
        await File.WriteAllTextAsync(other, "keep");
        var refused = await Cli.RunAsync("card", "set", card, "--license", "mit", "--out", other);
        Assert.Equal(1, refused.ExitCode);
        Assert.Equal("keep", await File.ReadAllTextAsync(other));
        Assert.Equal(2, (await Cli.RunAsync("card", "set", card)).ExitCode); // nothing to change
    }
}
