using ModelRelease.Core.Cards;
using ModelRelease.Core.Checkpoints;
using ModelRelease.Core.Tests.Support;

namespace ModelRelease.Core.Tests.Cards;

public sealed class CardFamilyTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mr-family-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    [Fact]
    public async Task One_call_gives_a_card_per_variant_with_its_config_checkpoint_repo_and_the_family_table()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "configs"));
        var sizes = new Dictionary<string, string>
        {
            ["small"] = "safetensors/fluxml_model.safetensors",
            ["base"] = "safetensors/fluxml_sharded",
            ["large"] = "gguf/tiny-llama-q4km-mix.gguf",
        };
        foreach (var (variant, fixture) in sizes)
        {
            await File.WriteAllTextAsync(Path.Combine(_dir, "configs", variant + ".yaml"), $"model:\n  name: {variant}\n  layers: {variant.Length}\n");
            var target = Path.Combine(_dir, "ckpt", variant);
            Directory.CreateDirectory(target);
            var source = Fixtures.Path(fixture);
            foreach (var f in Directory.Exists(source) ? Directory.GetFiles(source) : [source]) File.Copy(f, Path.Combine(target, Path.GetFileName(f)));
        }
        var pattern = new CardRequest
        {
            RepoId = "acme/llm-{variant}",
            ConfigPath = Path.Combine(_dir, "configs", "{variant}.yaml"),
            License = "mit",
            Version = "2.0.0",
        };
        var requests = await CardFamily.RequestsAsync(pattern, ["small", "base", "large"], [Path.Combine(_dir, "ckpt", "{variant}")], new CheckpointInspector());
        Assert.Equal(["acme/llm-small", "acme/llm-base", "acme/llm-large"], requests.Select(r => r.RepoId));
        Assert.Equal([CheckpointFormat.Safetensors, CheckpointFormat.Safetensors, CheckpointFormat.Gguf], requests.Select(r => Assert.Single(r.Checkpoints).Format));
        var cards = requests.Select(CardBuilder.Build).ToList();
        foreach (var (card, variant) in cards.Zip(sizes.Keys))
        {
            Assert.Equal(variant, card.Variant);
            Assert.Contains($"| model.name | {variant} |", card.Body);
            Assert.Contains("### Model Family", card.Body);
            foreach (var other in sizes.Keys) Assert.Contains($"| {other} | [acme/llm-{other}](https://huggingface.co/acme/llm-{other}) |", card.Body);
        }
        Assert.Equal(3, cards.Select(c => c.Text).Distinct().Count());
        // A single card has no family section and no blank-line debris.
        Assert.DoesNotContain("Model Family", CardBuilder.Build(requests[0] with { Family = null }).Body);
        Assert.DoesNotContain("\n\n\n", CardBuilder.Build(requests[0] with { Family = null }).Body);
    }

    [Fact]
    public async Task Given_checkpoints_go_to_the_variant_their_path_names_and_bad_variants_are_refused()
    {
        var inspector = new CheckpointInspector();
        var small = (await inspector.InspectAsync(Fixtures.Path("safetensors/fluxml_model.safetensors"))) with { Path = "/m/llm-small.safetensors" };
        var large = (await inspector.InspectAsync(Fixtures.Path("gguf/tiny-llama-q4km-mix.gguf"))) with { Path = "/m/large/model.gguf" };
        var requests = await CardFamily.RequestsAsync(new CardRequest { Checkpoints = [small, large] }, ["small", "large", "smal"], [], inspector);
        Assert.Equal([small], requests[0].Checkpoints);
        Assert.Equal([large], requests[1].Checkpoints);
        Assert.Empty(requests[2].Checkpoints); // "smal" is not a whole word of llm-small

        Assert.Equal("CARD_VARIANT_NAME", (await Assert.ThrowsAsync<ModelCardException>(() => CardFamily.RequestsAsync(new CardRequest(), ["a", "A"], [], inspector))).Code);
        Assert.Equal("CARD_VARIANT_NAME", (await Assert.ThrowsAsync<ModelCardException>(() => CardFamily.RequestsAsync(new CardRequest(), ["../x"], [], inspector))).Code);
        var missing = await Assert.ThrowsAsync<ModelCardException>(() => CardFamily.RequestsAsync(new CardRequest(), ["base"], [Path.Combine(_dir, "{variant}.gguf")], inspector));
        Assert.Equal(("CARD_CHECKPOINT_MISSING", Path.Combine(_dir, "base.gguf")), (missing.Code, missing.File!));
    }

    [Fact]
    public async Task A_single_card_reads_its_checkpoint_paths_and_a_variant_token_without_variants_is_refused()
    {
        var inspector = new CheckpointInspector();
        var card = Assert.Single(await CardFamily.BuildAsync(new CardRequest { RepoId = "acme/one" }, [], [Fixtures.Path("safetensors/fluxml_sharded")], inspector));
        Assert.Contains("| model.safetensors.index.json (6 shards) | safetensors |", card.Body);
        var ex = await Assert.ThrowsAsync<ModelCardException>(() => CardFamily.BuildAsync(new CardRequest { RepoId = "acme/llm-{variant}" }, [], [], inspector));
        Assert.Equal("CARD_VARIANT_MISSING", ex.Code);
        var unreadable = Path.Combine(_dir, "broken.safetensors");
        await File.WriteAllBytesAsync(unreadable, [1, 2, 3]);
        await Assert.ThrowsAnyAsync<CheckpointFormatException>(() => CardFamily.BuildAsync(new CardRequest(), [], [unreadable], inspector));
    }

    [Fact]
    public async Task Files_given_one_by_one_are_read_once_per_checkpoint_and_bad_ones_are_typed_errors()
    {
        var folder = Fixtures.Path("safetensors/fluxml_sharded");
        var files = Directory.GetFiles(folder).Order(StringComparer.Ordinal).ToList(); // shards first, as Get-ChildItem lists them
        var read = await CardFamily.InspectFilesAsync(files, new CheckpointInspector());
        var set = Assert.Single(read);
        Assert.Equal(6, set.Shards.Count);
        var broken = Path.Combine(_dir, "x.safetensors");
        await File.WriteAllBytesAsync(broken, [9, 9, 9]);
        await Assert.ThrowsAnyAsync<CheckpointFormatException>(() => CardFamily.InspectFilesAsync([broken], new CheckpointInspector()));
    }

    [Fact]
    public async Task Each_variant_reads_its_own_metrics_file()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "eval"));
        foreach (var (variant, accuracy) in new[] { ("small", "0.5"), ("large", "0.75") })
        {
            await File.WriteAllTextAsync(Path.Combine(_dir, "eval", variant + ".json"), $$"""{ "task": "text-generation", "dataset": { "type": "d", "name": "D" }, "metrics": { "accuracy": {{accuracy}} } }""");
        }
        var inspector = new CheckpointInspector();
        var pattern = new CardRequest { RepoId = "acme/llm-{variant}", MetricsPath = Path.Combine(_dir, "eval", "{variant}.json") };
        var cards = await CardFamily.BuildAsync(pattern, ["small", "large"], [], inspector);
        Assert.Equal(["| text-generation | D |  | accuracy | 0.5 |", "| text-generation | D |  | accuracy | 0.75 |"],
            cards.Select(c => c.Body.Split('\n').Single(l => l.StartsWith("| text-generation | D |", StringComparison.Ordinal))));

        var missing = await Assert.ThrowsAsync<ModelCardException>(() => CardFamily.BuildAsync(pattern, ["base"], [], inspector));
        Assert.Equal(("CARD_METRICS_MISSING", Path.Combine(_dir, "eval", "base.json")), (missing.Code, missing.File!));
        var single = await Assert.ThrowsAsync<ModelCardException>(() => CardFamily.BuildAsync(pattern with { RepoId = "acme/llm" }, [], [], inspector));
        Assert.Equal("CARD_VARIANT_MISSING", single.Code);
    }

    [Fact]
    public async Task A_sections_file_gives_the_prose_of_every_section_and_refuses_what_is_not_text()
    {
        var file = Path.Combine(_dir, "sections.json");
        await File.WriteAllTextAsync(file, """{ "model_summary": "A tiny model.", "citation_bibtex": "@misc{x,\n  title = {X}\n}" }""");
        var sections = CardSections.FromFile(file);
        Assert.Equal(["A tiny model.", "@misc{x,\n  title = {X}\n}"], [sections["model_summary"], sections["citation_bibtex"]]);
        var yaml = Path.Combine(_dir, "sections.yaml");
        await File.WriteAllTextAsync(yaml, "direct_use: |\n  Trying things.\n");
        Assert.Equal("Trying things.\n", CardSections.FromFile(yaml)["direct_use"]);

        await File.WriteAllTextAsync(file, """{ "model_summary": 3 }""");
        var ex = Assert.Throws<ModelCardException>(() => CardSections.FromFile(file));
        Assert.Equal(("CARD_SECTIONS_SHAPE", file), (ex.Code, ex.File!));
        Assert.Equal("CARD_SECTIONS_MISSING", Assert.Throws<ModelCardException>(() => CardSections.FromFile(Path.Combine(_dir, "none.json"))).Code);
    }

    [Fact]
    public void Several_variants_are_never_written_to_one_file()
    {
        var ex = Assert.Throws<ModelCardException>(() => CardFamily.CheckOutputPattern("out/README.md", ["small", "base"]));
        Assert.Equal(("CARD_VARIANT_OUTPUT", "out/README.md"), (ex.Code, ex.File!));
        CardFamily.CheckOutputPattern("out/{variant}/README.md", ["small", "base"]);
        CardFamily.CheckOutputPattern("out/README.md", ["base"]);
        CardFamily.CheckOutputPattern(null, ["small", "base"]);
    }
}
