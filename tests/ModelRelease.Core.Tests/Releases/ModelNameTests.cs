using ModelRelease.Core.Releases.Names;

namespace ModelRelease.Core.Tests.Releases;

public sealed class ModelNameTests
{
    private readonly ModelNames _names = new();

    private static DateTime At(string text) => DateTime.ParseExact(text, "yyyyMMdd-HHmmss", System.Globalization.CultureInfo.InvariantCulture);

    public static TheoryData<string, string, Dictionary<string, object?>> RealNames() => new()
    {
        {
            "phi3mini4k-minimal-r32-a64-e20-20250914-132416-vllm-20250915-124051", "descriptive",
            new() { ["base"] = "phi3mini4k", ["dataset"] = "minimal", ["rank"] = 32, ["alpha"] = 64, ["epochs"] = 20, ["trainedAt"] = At("20250914-132416"), ["format"] = "vllm", ["exportedAt"] = At("20250915-124051") }
        },
        {
            "phi3mini4k-minimal-r32-a64-e20-20250914-132416-q4_k_m-gguf-20250915-125110", "descriptive",
            new() { ["base"] = "phi3mini4k", ["dataset"] = "minimal", ["rank"] = 32, ["alpha"] = 64, ["epochs"] = 20, ["trainedAt"] = At("20250914-132416"), ["format"] = "q4_k_m-gguf", ["exportedAt"] = At("20250915-125110") }
        },
        {
            "phi3mini4k-minimal-r32-a64-e20-20250914-132416-lora", "descriptive",
            new() { ["base"] = "phi3mini4k", ["dataset"] = "minimal", ["rank"] = 32, ["alpha"] = 64, ["epochs"] = 20, ["trainedAt"] = At("20250914-132416"), ["format"] = "lora", ["exportedAt"] = null }
        },
        {
            "vllm-phi3mini4k-minimal-r32-a64-e20-20250915-132416.tar.gz", "artifact",
            new() { ["runtime"] = "vllm", ["quant"] = null, ["name"] = "phi3mini4k-minimal-r32-a64-e20-20250915-132416", ["base"] = "phi3mini4k", ["dataset"] = "minimal", ["rank"] = 32, ["alpha"] = 64, ["epochs"] = 20, ["trainedAt"] = At("20250915-132416"), ["format"] = null, ["exportedAt"] = null, ["version"] = null }
        },
        {
            "ollama-q4_k_m-phi3mini4k-minimal-r32-a64-e20-20250915-132416-v2.0.0.tar.gz", "artifact",
            new() { ["runtime"] = "ollama", ["quant"] = "q4_k_m", ["name"] = "phi3mini4k-minimal-r32-a64-e20-20250915-132416", ["base"] = "phi3mini4k", ["dataset"] = "minimal", ["rank"] = 32, ["alpha"] = 64, ["epochs"] = 20, ["trainedAt"] = At("20250915-132416"), ["format"] = null, ["exportedAt"] = null, ["version"] = "2.0.0" }
        },
        { "weights-v1.1", "weights-v", new() { ["major"] = 1, ["minor"] = 1 } },
        { "model-v2.1.0", "model-v", new() { ["version"] = "2.1.0" } },
        { "GesturaAI/stick-gen-base", "variant", new() { ["org"] = "GesturaAI", ["model"] = "stick-gen", ["variant"] = "base" } },
        { "ruvltra-3b-q4_k_m.gguf", "file", new() { ["name"] = "ruvltra", ["size"] = "3b", ["quant"] = "q4_k_m" } },
    };

    [Theory]
    [MemberData(nameof(RealNames))]
    public void Names_from_real_workflows_round_trip_field_by_field(string name, string template, Dictionary<string, object?> expected)
    {
        // Read without naming the template: the right one is found.
        var read = _names.Parse(name);
        Assert.Equal(template, read.Template);
        Assert.Equal(expected.Keys, read.Fields.Keys);
        foreach (var (field, value) in expected)
        {
            Assert.Equal(value, read.Fields[field]);
            if (value is not null) Assert.Equal(value.GetType(), read.Fields[field]!.GetType());
        }
        Assert.Empty(read.Notes);
        Assert.True(read.IsValid, string.Join("; ", read.Findings));

        // Built from those fields, the same name; and read with the template named, the same fields.
        var built = _names.Build(template, expected);
        Assert.Equal(name, built.Name);
        Assert.Equal(read.Fields, built.Fields);
        Assert.Equal(read.Fields, _names.Parse(name, template).Fields);
    }

    [Fact]
    public void A_descriptive_name_builds_from_its_fields()
    {
        var name = _names.Build("descriptive", new Dictionary<string, object?>
        {
            ["base"] = "phi3mini4k", ["dataset"] = "minimal", ["rank"] = "32", ["alpha"] = 64, ["epochs"] = 20L,
            ["trainedAt"] = new DateTime(2025, 9, 14, 13, 24, 16), ["format"] = "q4_k_m-gguf", ["exportedAt"] = "2025-09-15T12:51:10",
        });
        Assert.Equal("phi3mini4k-minimal-r32-a64-e20-20250914-132416-q4_k_m-gguf-20250915-125110", name.Name);
        Assert.Equal(NameKind.Repository, name.Kind);
        Assert.Contains(name.Notes, n => n.StartsWith("exportedAt '2025-09-15T12:51:10' written as 20250915-125110", StringComparison.Ordinal));
    }

    [Fact]
    public void A_loose_version_in_a_field_is_read_and_noted()
    {
        var built = _names.Build("artifact", new Dictionary<string, object?> { ["runtime"] = "ollama", ["name"] = "phi3mini4k-minimal-r32-a64-e20-20250915-132416", ["version"] = "v2.0" });
        Assert.Equal("ollama-phi3mini4k-minimal-r32-a64-e20-20250915-132416-v2.0.0.tar.gz", built.Name);
        Assert.Equal("2.0.0", built.Fields["version"]);
        Assert.Contains(built.Notes, n => n.Contains("'v2.0' read as 2.0.0", StringComparison.Ordinal));
        var tag = _names.Parse("v1.1");
        Assert.Equal("1.1.0", tag.Fields["version"]);
        Assert.Contains(tag.Notes, n => n.Contains("'1.1' read as 1.1.0", StringComparison.Ordinal));
    }

    [Fact]
    public void A_base_variant_may_have_no_suffix_and_the_familys_variants_tell_it_apart()
    {
        var plain = _names.Parse("GesturaAI/stick-gen", variants: ["small", "base", "large"]);
        Assert.Equal("stick-gen", plain.Fields["model"]);
        Assert.Null(plain.Fields["variant"]);
        var suffixed = _names.Parse("GesturaAI/stick-gen-large", variants: ["small", "base", "large"]);
        Assert.Equal(("stick-gen", "large"), ((string?)suffixed.Fields["model"], (string?)suffixed.Fields["variant"]));
        // Without the variants, the last word is the variant.
        Assert.Equal("gen", _names.Parse("GesturaAI/stick-gen").Fields["variant"]);
        // Building the base without a suffix needs the variants to stay readable.
        var ambiguous = Assert.Throws<ModelNameException>(() => _names.Build("variant", new Dictionary<string, object?> { ["org"] = "GesturaAI", ["model"] = "stick-gen" }));
        Assert.Equal(NameCodes.Ambiguous, ambiguous.Code);
        Assert.Contains("variant = 'gen' instead of (none)", ambiguous.Detail);
        Assert.Equal("GesturaAI/stick-gen", _names.Build("variant", new Dictionary<string, object?> { ["org"] = "GesturaAI", ["model"] = "stick-gen" }, ["small", "base", "large"]).Name);
        var notAVariant = Assert.Throws<ModelNameException>(() => _names.Build("variant", new Dictionary<string, object?> { ["org"] = "o", ["model"] = "m", ["variant"] = "huge" }, ["small", "base"]));
        Assert.Equal((NameCodes.FieldValue, "variant"), (notAVariant.Code, notAVariant.Field));
    }

    [Theory]
    [InlineData("phi3mini4k-minimal-r32-x64-e20-20250914-132416", "descriptive", NameCodes.Part, "'-a'", 22)]
    [InlineData("phi3mini4k-minimal-r32-a64-e20-20251314-132416", "descriptive", NameCodes.FieldValue, "{trainedAt:yyyyMMdd-HHmmss}", 31)]
    [InlineData("phi3mini4k-minimal-r32-a64-e20", "descriptive", NameCodes.Part, "'-'", 30)]
    [InlineData("phi3mini4k-minimal-r032-a64-e20-20250914-132416", "descriptive", NameCodes.Part, "{rank} (a whole number without leading zeros)", 20)]
    [InlineData("ruvltra-3b.gguf", "file", NameCodes.Part, "'-'", 15)]
    [InlineData("weights-v1", "weights-v", NameCodes.Part, "'.'", 10)]
    [InlineData("vllm-phi3mini4k-minimal-r32-a64-e20-20250915-132416.zip", "artifact", NameCodes.Part, "'.tar.gz'", 51)]
    [InlineData("vllm-phi3mini4k-minimal-r32-a64-e20-2025.tar.gz", "artifact", NameCodes.Part, "{trainedAt:yyyyMMdd-HHmmss} (a timestamp yyyyMMdd-HHmmss)", 36)]
    [InlineData("model-v2.1.0 extra", "model-v", NameCodes.Trailing, "(end)", 12)]
    [InlineData("model-v2.1.x", "model-v", NameCodes.FieldValue, "{version}", 7)]
    public void A_name_that_does_not_parse_names_the_part_that_did_not_match(string name, string template, string code, string part, int position)
    {
        var ex = Assert.Throws<ModelNameException>(() => _names.Parse(name, template));
        Assert.Equal(ModelNameException.ModelNameInvalid, ex.ErrorId);
        Assert.Equal(code, ex.Code);
        Assert.Equal(part, ex.Part);
        Assert.Equal(position, ex.Position);
        Assert.Equal(name, ex.Name);
    }

    [Fact]
    public void A_name_no_template_reads_says_which_came_closest()
    {
        var ex = Assert.Throws<ModelNameException>(() => _names.Parse("phi3mini4k-minimal-r32-a64-e20-20250914"));
        Assert.Equal(NameCodes.NoTemplate, ex.Code);
        Assert.Equal("descriptive", ex.Template);
        Assert.NotNull(ex.Part);
        Assert.NotNull(ex.RecommendedAction);
    }

    [Fact]
    public void Building_checks_fields()
    {
        var missing = Assert.Throws<ModelNameException>(() => _names.Build("descriptive", new Dictionary<string, object?> { ["base"] = "b", ["dataset"] = "d", ["rank"] = 1, ["alpha"] = 2, ["epochs"] = 3 }));
        Assert.Equal((NameCodes.FieldMissing, "trainedAt"), (missing.Code, missing.Field));
        var needsFormat = Assert.Throws<ModelNameException>(() => _names.Build("descriptive", new Dictionary<string, object?> { ["base"] = "b", ["dataset"] = "d", ["rank"] = 1, ["alpha"] = 2, ["epochs"] = 3, ["trainedAt"] = DateTime.UnixEpoch, ["exportedAt"] = DateTime.UnixEpoch }));
        Assert.Equal((NameCodes.FieldMissing, "format"), (needsFormat.Code, needsFormat.Field));
        Assert.Contains("exportedAt", needsFormat.Detail);
        var unknown = Assert.Throws<ModelNameException>(() => _names.Build("descriptive", new Dictionary<string, object?> { ["epoch"] = 3 }));
        Assert.Equal((NameCodes.FieldUnknown, "epoch"), (unknown.Code, unknown.Field));
        var dash = Assert.Throws<ModelNameException>(() => _names.Build("descriptive", new Dictionary<string, object?> { ["base"] = "phi-3" }));
        Assert.Equal((NameCodes.FieldValue, "base"), (dash.Code, dash.Field));
        var negative = Assert.Throws<ModelNameException>(() => _names.Build("descriptive", new Dictionary<string, object?> { ["rank"] = -1 }));
        Assert.Equal((NameCodes.FieldValue, "rank"), (negative.Code, negative.Field));
        var when = Assert.Throws<ModelNameException>(() => _names.Build("descriptive", new Dictionary<string, object?> { ["trainedAt"] = "yesterday" }));
        Assert.Equal((NameCodes.FieldValue, "trainedAt"), (when.Code, when.Field));
        var conflict = Assert.Throws<ModelNameException>(() => _names.Build("artifact", new Dictionary<string, object?> { ["runtime"] = "vllm", ["name"] = "a-b-r1-a2-e3-20250101-000000", ["rank"] = 9 }));
        Assert.Equal((NameCodes.FieldConflict, "rank"), (conflict.Code, conflict.Field));
    }

    [Fact]
    public void Names_the_Hub_would_refuse_are_not_built_and_are_reported_when_read()
    {
        var longBase = new string('x', 90);
        var ex = Assert.Throws<ModelNameException>(() => _names.Build("descriptive", new Dictionary<string, object?> { ["base"] = longBase, ["dataset"] = "d", ["rank"] = 1, ["alpha"] = 2, ["epochs"] = 3, ["trainedAt"] = DateTime.UnixEpoch }));
        Assert.Equal(NameCodes.Rules, ex.Code);
        var read = _names.Parse($"{longBase}-d-r1-a2-e3-19700101-000000");
        Assert.False(read.IsValid);
        Assert.Equal(NameCodes.HubLength, Assert.Single(read.Findings).Code);
        var doubled = Assert.Throws<ModelNameException>(() => _names.Build("variant", new Dictionary<string, object?> { ["org"] = "org", ["model"] = "a..b", ["variant"] = "small" }));
        Assert.Equal(NameCodes.Rules, doubled.Code);
        Assert.Equal("org/a..b-small", doubled.Name);
    }

    [Theory]
    [InlineData("org/model", null)]
    [InlineData("model", null)]
    [InlineData("org/a--b", NameCodes.HubDoubled)]
    [InlineData("org/a..b", NameCodes.HubDoubled)]
    [InlineData("org/-ab", NameCodes.HubEdge)]
    [InlineData("org/ab.", NameCodes.HubEdge)]
    [InlineData("org/a b", NameCodes.HubCharacter)]
    [InlineData("org/ab.git", NameCodes.HubSuffix)]
    [InlineData("a/b/c", NameCodes.HubParts)]
    [InlineData("org/", NameCodes.HubParts)]
    public void Hub_repository_name_rules(string id, string? code)
    {
        var findings = HubNameRules.CheckRepoId(id);
        if (code is null) Assert.Empty(findings);
        else Assert.Contains(findings, f => f.Code == code && f.Severity == FindingSeverity.Error);
        Assert.Empty(HubNameRules.CheckRepoId("org/" + new string('a', 96)));
        Assert.Equal(NameCodes.HubLength, Assert.Single(HubNameRules.CheckRepoId("org/" + new string('a', 97))).Code);
    }

    [Fact]
    public void User_templates_use_the_same_syntax()
    {
        var built = _names.Build("{org}/{model}-{size:word}-{quant}-r{rank}", new Dictionary<string, object?> { ["org"] = "acme", ["model"] = "tiny-llama", ["size"] = "1.1b", ["quant"] = "q8_0", ["rank"] = 16 });
        Assert.Equal("acme/tiny-llama-1.1b-q8_0-r16", built.Name);
        Assert.Equal(NameKind.Repository, built.Kind);
        var read = _names.Parse("acme/tiny-llama-1.1b-q8_0-r16", "{org}/{model}-{size:word}-{quant}-r{rank}");
        Assert.Equal(16, read.Fields["rank"]);
        Assert.Equal("tiny-llama", read.Fields["model"]);
        var nested = _names.Parse("exp7__phi3mini4k-minimal-r32-a64-e20-20250914-132416.onnx", "{run}__{model:descriptive}.onnx");
        Assert.Equal(NameKind.File, nested.Kind);
        Assert.Equal(32, nested.Fields["rank"]);
        Assert.Equal(new DateTime(2025, 9, 14, 13, 24, 16), nested.Fields["trainedAt"]);
        Assert.Equal("2025-09-14_13", _names.Build("{day:yyyy-MM-dd_HH}", new Dictionary<string, object?> { ["day"] = new DateTime(2025, 9, 14, 13, 0, 0) }).Name);
    }

    [Theory]
    [InlineData("plain", NameCodes.TemplateUnknown)]
    [InlineData("{a", NameCodes.TemplateSyntax)]
    [InlineData("{a}}", NameCodes.TemplateSyntax)]
    [InlineData("{a}[-{b}", NameCodes.TemplateSyntax)]
    [InlineData("{a}]", NameCodes.TemplateSyntax)]
    [InlineData("{a}[-x]", NameCodes.TemplateSyntax)]
    [InlineData("{a}-{a}", NameCodes.TemplateSyntax)]
    [InlineData("{a}{b}", NameCodes.TemplateSyntax)]
    [InlineData("{a}[{b}]", NameCodes.TemplateSyntax)]
    [InlineData("{1a}", NameCodes.TemplateSyntax)]
    [InlineData("{a:fancy}", NameCodes.TemplateSyntax)]
    [InlineData("{a:yyyyQQ}", NameCodes.TemplateSyntax)]
    [InlineData("{a:MMdd}", NameCodes.TemplateSyntax)]
    public void Templates_that_cannot_be_used_are_typed_errors(string template, string code)
    {
        var ex = Assert.Throws<ModelNameException>(() => _names.Parse("x", template));
        Assert.Equal(ModelNameException.NameTemplateInvalid, ex.ErrorId);
        Assert.Equal(code, ex.Code);
    }

    [Fact]
    public void Fuzzed_names_give_a_name_or_a_ModelNameException_and_nothing_else()
    {
        var random = new Random(31337);
        string[] pieces = ["phi3mini4k", "-", "minimal", "r32", "a64", "e20", "20250914", "132416", "q4_k_m", "gguf", "vllm", ".tar.gz", ".gguf", "/", "v", "2.0.0", "weights", "model", "..", "--", "x", "\u0000", "é", "3b", "_"];
        var read = 0;
        for (var i = 0; i < 5000; i++)
        {
            var name = string.Concat(Enumerable.Range(0, random.Next(0, 16)).Select(_ => pieces[random.Next(pieces.Length)]));
            try
            {
                var parsed = _names.Parse(name);
                read++;
                Assert.Equal(name, parsed.Name);
            }
            catch (ModelNameException ex)
            {
                Assert.StartsWith("NAME_", ex.Code);
            }
        }
        Assert.True(read > 0);
        // Long names are refused before any matching.
        Assert.Equal(NameCodes.TooLong, Assert.Throws<ModelNameException>(() => _names.Parse(new string('a', 600))).Code);
    }

    [Fact]
    public void Fuzzed_templates_give_a_template_or_a_ModelNameException()
    {
        var random = new Random(8);
        string[] pieces = ["{", "}", "[", "]", "a", "b", ":", "int", "words", "yyyy", "-", "x", "{c}", "{d:int}", "{e:descriptive}", "\u0001"];
        for (var i = 0; i < 5000; i++)
        {
            var template = string.Concat(Enumerable.Range(0, random.Next(0, 10)).Select(_ => pieces[random.Next(pieces.Length)]));
            try
            {
                var t = NameTemplates.Default.Resolve(template);
                try
                {
                    t.Read("x-1-a");
                }
                catch (ModelNameException ex)
                {
                    Assert.StartsWith("NAME_", ex.Code);
                }
            }
            catch (ModelNameException ex)
            {
                Assert.StartsWith("NAME_TEMPLATE", ex.Code);
            }
        }
    }

    [Fact]
    public void Codes_are_unique_and_prefixed()
    {
        var codes = typeof(NameCodes).GetFields().Select(f => (string)f.GetValue(null)!).ToList();
        Assert.Equal(codes.Count, codes.Distinct().Count());
        Assert.All(codes, c => Assert.StartsWith("NAME_", c));
        var versionCodes = typeof(ModelRelease.Core.Releases.Versions.VersionCodes).GetFields().Select(f => (string)f.GetValue(null)!).ToList();
        Assert.Equal(versionCodes.Count, versionCodes.Distinct().Count());
        Assert.All(versionCodes, c => Assert.Matches("^(VER|RANGE|TAG|ARTIFACT)_[A-Z_]+$", c));
    }
}
