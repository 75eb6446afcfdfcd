using ModelRelease.Core.Cards;
using ModelRelease.Core.Checkpoints;
using ModelRelease.Core.Hashing;
using ModelRelease.Core.Tests.Support;

namespace ModelRelease.Core.Tests.Cards;

public class CardBuilderTests
{
    private static async Task<CardRequest> BaseRequestAsync()
    {
        var files = new[] { "safetensors/fluxml_sharded/model.safetensors.index.json", "gguf/tiny-llama-q4km-mix.gguf" };
        var checkpoints = new List<Checkpoint>();
        foreach (var f in files) checkpoints.Add(await new CheckpointInspector().InspectAsync(Fixtures.Path(f)));
        return await new CardHashing(HashCache.InMemory(), new FileHasher()).AddAsync(new CardRequest
        {
            RepoId = "acme/llm-base",
            Variant = "base",
            Version = "1.2.0",
            Checkpoints = checkpoints,
            ConfigPath = CardTestData.File("config-base.yaml"),
            Metrics = CardMetrics.FromJsonFile(CardTestData.File("metrics.json")),
            License = "apache-2.0",
            Language = ["en", "fr"],
            Tags = ["text-generation"],
            LibraryName = "transformers",
            PipelineTag = "text-generation",
            Datasets = ["wikitext"],
            Sections = new Dictionary<string, string>
            {
                ["model_summary"] = "A small decoder for tests.",
                ["model_description"] = "A decoder-only transformer.",
                ["direct_use"] = "Research.",
                ["out_of_scope_use"] = "Anything that matters.",
                ["bias_risks_limitations"] = "Trained on Wikipedia text only.",
                ["training_data"] = "WikiText-103.",
                ["training_procedure"] = "AdamW, cosine schedule, bf16.",
                ["environmental_impact"] = "2 GPU-hours on one A100.",
                ["citation_bibtex"] = "@misc{acme2026, title={llm-base}}",
            },
        }, CancellationToken.None);
    }

    [Fact]
    public async Task The_default_card_from_fixtures_config_and_metrics_matches_the_approved_snapshot()
    {
        var card = CardBuilder.Build(await BaseRequestAsync());
        CardTestData.Verify("base", card.Text);
        Assert.Equal(card.Text, CardBuilder.Build(await BaseRequestAsync()).Text); // same input, same bytes
    }

    [Fact]
    public async Task The_generated_card_passes_its_own_validation_and_its_model_index_is_well_formed()
    {
        var card = CardBuilder.Build(await BaseRequestAsync());
        var v = CardValidator.Validate(card.Text, "README.md");
        Assert.True(v.IsValid, string.Join("\n", v.Findings));
        Assert.Empty(v.Findings); // every section of the default template is given: not even a warning
        Assert.True(CardValidator.Validate(card.Text, "README.md", CardPolicy.Strict).IsValid);
        var index = (List<object?>)card.Metadata["model-index"]!;
        var results = (List<object?>)((Dictionary<string, object?>)index[0]!)["results"]!;
        Assert.Equal(2, results.Count);
        Assert.Contains("| Text Generation | WikiText-2 | test | Perplexity | 18.42 |", card.Body);
        Assert.Contains("| optimizer.lr | 0.0003 |", card.Body);
        Assert.Contains("1.48K", card.Body);
    }

    [Fact]
    public async Task A_card_with_unknown_sections_left_open_is_refused_by_validation()
    {
        var request = await BaseRequestAsync() with { Sections = new Dictionary<string, string>() };
        var card = CardBuilder.Build(request);
        foreach (var policy in new[] { CardPolicy.Default, CardPolicy.Strict })
        {
            var v = CardValidator.Validate(card.Text, "README.md", policy);
            Assert.False(v.IsValid);
            Assert.Contains(v.Findings, f => f.Code == "CARD_UNFINISHED" && f.Message.Contains("[More Information Needed]"));
            Assert.Equal(CardBuilder.OpenLines(card), v.Findings.Count(f => f.Code == "CARD_UNFINISHED"));
        }
    }

    [Fact]
    public async Task The_example_models_card_written_as_the_README_main_job_writes_it_passes_the_default_policy()
    {
        // examples/pico-lm with its config, metrics and prose: the card 'modelrelease release examples/pico-lm/model
        // --license mit --language en --config … --metrics … --sections …' publishes.
        var examples = Path.GetFullPath(Path.Combine(CardTestData.Folder(), "..", "..", "..", "..", "examples", "pico-lm"));
        var checkpoint = await new CheckpointInspector().InspectAsync(Path.Combine(examples, "model", "model.safetensors"));
        var request = await new CardHashing(HashCache.InMemory(), new FileHasher()).AddAsync(new CardRequest
        {
            RepoId = "example/pico-lm",
            Version = "1.0.0",
            Checkpoints = [checkpoint],
            License = "mit",
            Language = ["en"],
            ConfigPath = Path.Combine(examples, "training.yaml"),
            Metrics = CardMetrics.FromJsonFile(Path.Combine(examples, "metrics.json")),
            Sections = CardSections.FromFile(Path.Combine(examples, "card-sections.json")),
        }, CancellationToken.None);
        var card = CardBuilder.Build(request);
        Assert.Equal(0, CardBuilder.OpenLines(card));
        var v = CardValidator.Validate(card.Text, "README.md", checkpoint: checkpoint);
        Assert.True(v.IsValid, string.Join("\n", v.Findings));
        Assert.Empty(v.Findings);
        Assert.Contains(card.Sections, s => s.Title == "How to Get Started with the Model" && !s.IsEmpty);
    }

    [Fact]
    public async Task A_users_template_is_rendered_and_unknown_placeholders_name_the_line()
    {
        var dir = Directory.CreateTempSubdirectory("mr-card-").FullName;
        try
        {
            var template = Path.Combine(dir, "t.md");
            File.WriteAllText(template, "# {{ model_id }}\n\nParameters: {{parameters}} — literal {{{{ braces\n");
            var card = CardBuilder.Build(await BaseRequestAsync() with { TemplatePath = template });
            Assert.EndsWith("# acme/llm-base\n\nParameters: 674K — literal {{ braces\n", card.Text);
            File.WriteAllText(template, "# {{ model_id }}\n\n{{ nonsense }}\n");
            var ex = Assert.Throws<ModelCardException>(() => CardBuilder.Build(BaseRequestAsync().Result with { TemplatePath = template }));
            Assert.Equal(("CARD_TEMPLATE_UNKNOWN", 3, template), (ex.Code, ex.Line!.Value, ex.File!));
            Assert.Contains("nonsense", ex.Message);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void Bad_configs_and_metrics_name_the_file_and_line()
    {
        var dir = Directory.CreateTempSubdirectory("mr-card-").FullName;
        try
        {
            var config = Path.Combine(dir, "c.yaml");
            File.WriteAllText(config, "a: 1\nb: [1, 2\nc: 3\n");
            var ex = Assert.Throws<ModelCardException>(() => CardConfig.Read(config));
            Assert.Equal(("ModelCardConfigInvalid", config), (ex.ErrorId, ex.File!));
            Assert.InRange(ex.Line!.Value, 2, 4);
            File.WriteAllBytes(config, [0x50, 0x4B, 0x03, 0x04, 0, 0, 1]);
            Assert.Equal("CARD_CONFIG_YAML", Assert.Throws<ModelCardException>(() => CardConfig.Read(config)).Code);

            var metrics = Path.Combine(dir, "m.json");
            File.WriteAllText(metrics, "{\n  \"results\": [\n    { \"task\": \"x\", \"dataset\": { \"type\": \"d\" }, \"metrics\": {} }\n  ]\n}");
            Assert.Equal("CARD_METRICS_SHAPE", Assert.Throws<ModelCardException>(() => CardMetrics.FromJsonFile(metrics)).Code);
            File.WriteAllText(metrics, "{\n  \"results\": [ oops ]\n}");
            var json = Assert.Throws<ModelCardException>(() => CardMetrics.FromJsonFile(metrics));
            Assert.Equal(("CARD_METRICS_JSON", 2), (json.Code, json.Line!.Value));
            Assert.Equal("CARD_METRICS_SHAPE", Assert.Throws<ModelCardException>(() => CardMetrics.FromValue(42L, "x")).Code);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void Metrics_from_a_PowerShell_hashtable_shape()
    {
        var table = new System.Collections.Hashtable
        {
            ["task"] = "text-generation",
            ["dataset"] = new System.Collections.Hashtable { ["type"] = "wikitext", ["name"] = "WikiText-2" },
            ["metrics"] = new System.Collections.Hashtable { ["perplexity"] = 18.42 },
        };
        var result = Assert.Single(CardMetrics.FromValue(CardMetrics.Normalize(table), "hashtable"));
        Assert.Equal(("text-generation", "WikiText-2", "perplexity", 18.42), (result.TaskType, result.DatasetName, result.MetricType, (double)result.Value));
    }

    [Fact]
    public async Task Every_file_of_a_checkpoint_is_listed_with_its_hash_from_the_cache_publishing_shares()
    {
        var cache = HashCache.InMemory();
        var checkpoint = await new CheckpointInspector().InspectAsync(Fixtures.Path("safetensors/fluxml_sharded/model.safetensors.index.json"));
        var request = await new CardHashing(cache, new FileHasher()).AddAsync(new CardRequest { Checkpoints = [checkpoint] }, CancellationToken.None);
        Assert.Equal(7, request.Sha256.Count); // the index and six shards
        var body = CardBuilder.Build(request).Body;
        foreach (var shard in checkpoint.Shards)
        {
            var sha = await new FileHasher().HashFileAsync(shard.Path);
            Assert.Contains($"| {Path.GetFileName(shard.Path)} | | {ByteSizeText.Format(shard.Length)} | {shard.TensorCount} | | `{sha}` |", body);
            Assert.True(cache.TryGet(new FileInfo(shard.Path), out var cached) && cached == sha); // Publish-HfModel will not hash it again
        }
    }

    [Fact]
    public async Task A_quantized_GGUF_card_with_little_given_matches_its_snapshot()
    {
        var gguf = await new CheckpointInspector().InspectAsync(Fixtures.Path("gguf/ollama_llama-2-tiny-random.gguf"));
        var request = await new CardHashing(HashCache.InMemory(), new FileHasher()).AddAsync(new CardRequest
        {
            RepoId = "acme/tiny-llama-gguf",
            Version = "0.3.0",
            Tag = "gguf-v0.3.0",
            Checkpoints = [gguf],
            License = "llama2",
            BaseModel = ["acme/tiny-llama"],
            Tags = ["llama", "quantized"],
            LibraryName = "llama.cpp",
        }, CancellationToken.None);
        CardTestData.Verify("gguf", CardBuilder.Build(request).Text);
    }

    [Fact]
    public async Task Each_card_of_a_family_matches_its_snapshot()
    {
        var dir = Directory.CreateTempSubdirectory("mr-family-snap-").FullName;
        try
        {
            var sources = new Dictionary<string, string>
            {
                ["small"] = "safetensors/fluxml_model.safetensors",
                ["base"] = "safetensors/fluxml_sharded",
                ["large"] = "gguf/tiny-llama-q4km-mix.gguf",
            };
            foreach (var (variant, fixture) in sources)
            {
                var target = Directory.CreateDirectory(Path.Combine(dir, variant)).FullName;
                var source = Fixtures.Path(fixture);
                foreach (var f in Directory.Exists(source) ? Directory.GetFiles(source) : [source]) File.Copy(f, Path.Combine(target, Path.GetFileName(f)));
            }
            var pattern = new CardRequest
            {
                RepoId = "acme/flux-{variant}",
                Version = "2.0.0",
                License = "mit",
                Language = ["en"],
                ConfigPath = CardTestData.File("config-base.yaml"),
            };
            var hashing = new CardHashing(HashCache.InMemory(), new FileHasher());
            var requests = await CardFamily.RequestsAsync(pattern, ["small", "base", "large"], [Path.Combine(dir, "{variant}")], new CheckpointInspector());
            foreach (var r in requests) CardTestData.Verify("family-" + r.Variant, CardBuilder.Build(await hashing.AddAsync(r, CancellationToken.None)).Text);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public async Task A_users_template_with_front_matter_defaults_matches_its_snapshot()
    {
        var checkpoint = await new CheckpointInspector().InspectAsync(Fixtures.Path("onnx/tiny_mlp.onnx"));
        var request = new CardRequest
        {
            RepoId = "acme/mlp-onnx",
            Version = "1.0.0",
            Checkpoints = [checkpoint],
            License = "apache-2.0",
            Metrics = CardMetrics.FromJsonFile(CardTestData.File("metrics.json")),
            TemplatePath = CardTestData.File("template-team.md"),
            Sections = new Dictionary<string, string> { ["model_summary"] = "A two-layer perceptron exported to ONNX." },
        };
        var card = CardBuilder.Build(request);
        CardTestData.Verify("template", card.Text);
        Assert.Equal("apache-2.0", card.Metadata["license"]);                        // the request wins
        Assert.Equal("ml-platform@example.com", card.Metadata["team_contact"]);     // the team's defaults stay
        Assert.Equal(new List<object?> { "en" }, card.Metadata["language"]);

        // An unknown placeholder after the front matter names its line in the template file.
        var dir = Directory.CreateTempSubdirectory("mr-card-").FullName;
        try
        {
            var broken = Path.Combine(dir, "t.md");
            File.WriteAllText(broken, "---\nlicense: mit\n---\n# {{ model_id }}\n{{ nope }}\n");
            var ex = Assert.Throws<ModelCardException>(() => CardBuilder.Build(request with { TemplatePath = broken }));
            Assert.Equal(5, ex.Line);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
