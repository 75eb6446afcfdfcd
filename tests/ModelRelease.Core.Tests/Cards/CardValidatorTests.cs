using ModelRelease.Core.Cards;

namespace ModelRelease.Core.Tests.Cards;

/// <summary>Every Test-ModelCard code, each triggered by a card made for it (the default policy unless a test names another).</summary>
public class CardValidatorTests
{
    private const string Body = "\n# m\n\n## Model Details\n\nDetails.\n\n## Uses\n\nUse it.\n\n## Bias, Risks, and Limitations\n\nSome.\n\n## How to Get Started with the Model\n\nLoad it.\n\n## Training Details\n\nTrained.\n\n## Evaluation\n\nEvaluated.\n\n## Citation\n\nCite it.\n";
    private const string Meta = "license: mit\nlanguage: en\ntags: [x]\n";

    private static ModelCardValidation V(string text, Checkpoint? checkpoint = null, CardPolicy? policy = null) => CardValidator.Validate(text, "README.md", policy, checkpoint);

    private static void Has(ModelCardValidation v, string code, int? line = null)
    {
        Assert.False(v.IsValid);
        Assert.Contains(v.Findings, f => f.Code == code && f.Severity == FindingSeverity.Error && (line is null || f.Line == line));
    }

    private static void Warns(ModelCardValidation v, string code)
    {
        Assert.True(v.IsValid, string.Join("\n", v.Findings));
        Assert.Contains(v.Findings, f => f.Code == code && f.Severity == FindingSeverity.Warning);
    }

    [Fact]
    public void A_complete_card_is_valid() => Assert.True(V("---\n" + Meta + "---\n" + Body).IsValid);

    [Fact]
    public void No_front_matter() => Has(V("# m\n"), "CARD_NO_FRONT_MATTER", 1);

    [Fact]
    public void Malformed_yaml() => Has(V("---\nlicense: [mit\n---\n" + Body), "CARD_YAML_INVALID");

    [Theory]
    [InlineData("TBD")]
    [InlineData("TODO")]
    [InlineData("[More Information Needed]")]
    public void Unfinished_text_names_its_line(string phrase) =>
        Has(V("---\n" + Meta + "---\n" + Body.Replace("Use it.", "Use it. " + phrase, StringComparison.Ordinal)), "CARD_UNFINISHED", 15);

    [Fact]
    public void Missing_and_empty_sections_are_warnings_by_default_and_errors_under_strict()
    {
        var missing = "---\n" + Meta + "---\n" + Body.Replace("## Uses\n\nUse it.\n\n", "", StringComparison.Ordinal);
        var empty = "---\n" + Meta + "---\n" + Body.Replace("Use it.", "", StringComparison.Ordinal);
        Warns(V(missing), "CARD_SECTION_MISSING");
        Warns(V(empty), "CARD_SECTION_EMPTY");
        Has(V(missing, policy: CardPolicy.Strict), "CARD_SECTION_MISSING");
        Has(V(empty, policy: CardPolicy.Strict), "CARD_SECTION_EMPTY", 13);
    }

    [Fact]
    public void A_missing_license_is_an_error_under_every_policy() =>
        Has(V("---\nlanguage: en\ntags: [x]\n---\n" + Body), "CARD_METADATA_MISSING");

    [Theory]
    [InlineData("tags")]
    [InlineData("language")]
    public void Tags_and_language_are_required_only_by_the_strict_policy(string key)
    {
        var card = "---\n" + string.Join("\n", Meta.Split('\n').Where(l => !l.StartsWith(key, StringComparison.Ordinal))) + "---\n" + Body;
        Assert.DoesNotContain(V(card).Findings, f => f.Code == "CARD_METADATA_MISSING");
        Has(V(card, policy: CardPolicy.Strict), "CARD_METADATA_MISSING");
    }

    [Fact]
    public void A_policy_file_changes_what_is_required()
    {
        var relaxed = new CardPolicy { RequiredMetadata = ["license"], RequiredSections = [] };
        var bare = V("---\nlicense: mit\n---\n# m\n", policy: relaxed);
        Assert.True(bare.IsValid);
        Assert.Empty(bare.Findings);
        var dir = Directory.CreateTempSubdirectory("mr-policy-").FullName;
        try
        {
            var path = Path.Combine(dir, "policy.yaml");
            File.WriteAllText(path, "required_metadata: [license, library_name]\nrequired_sections: []\n");
            var policy = CardPolicy.Load(path);
            Has(V("---\nlicense: mit\n---\n# m\n", policy: policy), "CARD_METADATA_MISSING");
            File.WriteAllText(path, "required_metadata: license\n");
            Assert.Equal("CARD_POLICY_SHAPE", Assert.Throws<ModelCardException>(() => CardPolicy.Load(path)).Code);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void Licenses_the_Hub_does_not_know_and_incomplete_other()
    {
        Has(V("---\nlicense: my-own-license\nlanguage: en\ntags: [x]\n---\n" + Body), "CARD_LICENSE_UNKNOWN");
        Warns(V("---\nlicense: other\nlanguage: en\ntags: [x]\n---\n" + Body), "CARD_LICENSE_OTHER_INCOMPLETE");
        Has(V("---\nlicense: other\nlanguage: en\ntags: [x]\n---\n" + Body, policy: CardPolicy.Strict), "CARD_LICENSE_OTHER_INCOMPLETE");
        var complete = V("---\nlicense: other\nlicense_name: acme\nlicense_link: https://example.com\nlanguage: en\ntags: [x]\n---\n" + Body);
        Assert.True(complete.IsValid);
        Assert.Empty(complete.Findings);
    }

    [Fact]
    public void A_license_list_of_known_ids_is_valid_and_an_unknown_item_is_named()
    {
        var list = V("---\nlicense: [cc0-1.0]\nlanguage: en\n---\n" + Body);
        Assert.True(list.IsValid, string.Join("\n", list.Findings));
        Assert.True(V("---\nlicense:\n- mit\n- apache-2.0\nlanguage: en\n---\n" + Body).IsValid);
        var bad = V("---\nlicense: [mit, MIT-0ish]\nlanguage: en\n---\n" + Body);
        Has(bad, "CARD_LICENSE_UNKNOWN", 2);
        var finding = Assert.Single(bad.Findings, f => f.Code == "CARD_LICENSE_UNKNOWN");
        Assert.StartsWith("license 'MIT-0ish' is not", finding.Message, StringComparison.Ordinal);
        Assert.Contains("the Hub's id is 'mit'", Assert.Single(V("---\nlicense: MIT\n---\n" + Body).Findings, f => f.Code == "CARD_LICENSE_UNKNOWN").Message, StringComparison.Ordinal);
        Has(V("---\nlicense: []\nlanguage: en\n---\n" + Body), "CARD_METADATA_MISSING");
    }

    [Theory]
    [InlineData("language: zh-CN")]
    [InlineData("language: [en, english]")]
    [InlineData("language: 12")]
    public void Language_codes_that_are_not_ISO_639(string line) =>
        Has(V("---\nlicense: mit\ntags: [x]\n" + line + "\n---\n" + Body), "CARD_LANGUAGE_INVALID");

    [Theory]
    [InlineData("model-index: {a: 1}")]
    [InlineData("model-index: [just-a-name]")]
    [InlineData("model-index:\n- results: []")]
    [InlineData("model-index:\n- name: m")]
    [InlineData("model-index:\n- name: m\n  results: {a: 1}")]
    [InlineData("model-index:\n- name: m\n  results:\n  - dataset: {type: d, name: D}\n    metrics: [{type: acc, value: 1}]")]
    [InlineData("model-index:\n- name: m\n  results:\n  - task: t\n    dataset: {type: d, name: D}\n    metrics: [{type: acc, value: 1}]")]
    [InlineData("model-index:\n- name: m\n  results:\n  - task: {name: t}\n    dataset: {type: d, name: D}\n    metrics: [{type: acc, value: 1}]")]
    [InlineData("model-index:\n- name: m\n  results:\n  - task: {type: t}\n    dataset: {name: D}\n    metrics: [{type: acc, value: 1}]")]
    [InlineData("model-index:\n- name: m\n  results:\n  - task: {type: t}\n    dataset: {type: d}\n    metrics: [{type: acc, value: 1}]")]
    [InlineData("model-index:\n- name: m\n  results:\n  - task: {type: t}\n    dataset: {type: d, name: D}")]
    [InlineData("model-index:\n- name: m\n  results:\n  - task: {type: t}\n    dataset: {type: d, name: D}\n    metrics: [{value: 1}]")]
    [InlineData("model-index:\n- name: m\n  results:\n  - task: {type: t}\n    dataset: {type: d, name: D}\n    metrics: [{type: acc}]")]
    [InlineData("model-index:\n- name: m\n  results:\n  - task: {type: t}\n    dataset: {type: d, name: D}\n    metrics: [{type: acc, value: 1}]\n    source: {name: Leaderboard}")]
    [InlineData("model-index:\n- name: m\n  results:\n  - task: {type: t}\n    dataset: {type: d, name: D}\n    metrics: [{type: acc, value: 1}]\n    source: https://example.com")]
    [InlineData("model-index:\n- name: null\n  results:\n  - task: {type: t}\n    dataset: {type: d, name: D}\n    metrics: [{type: acc, value: 1}]")]
    public void A_model_index_huggingface_hub_refuses_is_an_error(string yaml) => Has(V("---\n" + Meta + yaml + "\n---\n" + Body), "CARD_MODEL_INDEX_INVALID", 2);

    [Theory]
    [InlineData("model-index: []")]
    [InlineData("model-index:\n- name: m\n  results: []")]
    [InlineData("model-index:\n- name: m\n  results:\n  - task: {type: t}\n    dataset: {type: d, name: D}\n    metrics: [{type: acc, value: null}]")]
    [InlineData("model-index:\n- name: m\n  results:\n  - task: {type: t}\n    dataset: {type: d, name: D}\n    metrics: [{type: reward, value: 12.5 +/- 3.1}]\n    source: {url: https://example.com}")]
    [InlineData("model-index:\n- name: m\n  results:\n  - task: {type: t}\n    dataset: {type: d, name: D, config: c, split: test, args: {n: 5}}\n    metrics: [{type: acc, value: 0.5, name: Accuracy, verified: false}]\n    source: {name: Leaderboard, url: https://example.com}")]
    public void A_model_index_huggingface_hub_loads_passes(string yaml)
    {
        var v = V("---\n" + Meta + yaml + "\n---\n" + Body);
        Assert.True(v.IsValid, string.Join("\n", v.Findings));
        Assert.Empty(v.Findings);
    }

    [Fact]
    public void A_result_without_a_dataset_is_one_finding_not_one_per_missing_key()
    {
        var v = V("---\n" + Meta + "model-index:\n- name: m\n  results:\n  - task: {type: t}\n    metrics: [{type: acc, value: 1}]\n  - task: {type: t}\n    metrics: [{type: f1, value: 1}]\n---\n" + Body);
        var findings = v.Findings.Where(f => f.Code == "CARD_MODEL_INDEX_INVALID").ToList();
        Assert.Equal(2, findings.Count);
        Assert.StartsWith("model-index[0].results[0].dataset is missing", findings[0].Message, StringComparison.Ordinal);
        Assert.StartsWith("model-index[0].results[1].dataset is missing", findings[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Metrics_in_the_body_that_disagree_with_model_index()
    {
        const string index = "model-index:\n- name: m\n  results:\n  - task: {type: t}\n    dataset: {type: d, name: D}\n    metrics: [{type: accuracy, value: 0.91}]\n";
        var table = "\n| Dataset | Metric | Value |\n|---|---|---|\n| D | accuracy | {0} |\n";
        Assert.True(V("---\n" + Meta + index + "---\n" + Body + string.Format(System.Globalization.CultureInfo.InvariantCulture, table, "0.91")).IsValid);
        Has(V("---\n" + Meta + index + "---\n" + Body + string.Format(System.Globalization.CultureInfo.InvariantCulture, table, "0.95")), "CARD_METRIC_MISMATCH");
    }

    [Fact]
    public void A_parameter_count_that_disagrees_with_the_checkpoint()
    {
        var checkpoint = new Checkpoint { Path = "/m.safetensors", Format = CheckpointFormat.Safetensors, Length = 1 << 20, Tensors = [], ParameterCount = 15_812_345 };
        Assert.True(V("---\n" + Meta + "---\n" + Body + "\n- **Parameters:** 15.8M\n", checkpoint).IsValid);
        Has(V("---\n" + Meta + "---\n" + Body + "\n- **Parameters:** 124M\n", checkpoint), "CARD_PARAMETER_MISMATCH");
    }

    [Fact]
    public async Task A_file_that_is_not_a_card_is_a_finding_and_a_folder_means_its_README()
    {
        var dir = Directory.CreateTempSubdirectory("mr-validate-file-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "README.md"), "# no front matter\n");
            var (verdict, card) = await CardValidator.ValidateFileAsync(dir);
            Assert.Null(card);
            var finding = Assert.Single(verdict.Findings);
            Assert.Equal(("CARD_NO_FRONT_MATTER", Path.Combine(dir, "README.md"), 1), (finding.Code, finding.Path!, finding.Line!.Value));

            File.WriteAllText(Path.Combine(dir, "README.md"), "---\n" + Meta + "---\n" + Body);
            (verdict, card) = await CardValidator.ValidateFileAsync(dir);
            Assert.True(verdict.IsValid);
            Assert.NotNull(card);
            await Assert.ThrowsAsync<ModelCardException>(() => CardValidator.ValidateFileAsync(Path.Combine(dir, "missing.md")));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void Unquoted_YAML_1_1_booleans_are_named_with_their_line_and_quoted_ones_pass()
    {
        Has(V("---\n" + Meta.Replace("language: en", "language: no", StringComparison.Ordinal) + "---\n" + Body), "CARD_YAML_AMBIGUOUS", 3);
        Has(V("\uFEFF---\r\nlicense: mit\r\ntags: [x]\r\nlanguage: en\r\nextra:\r\n  on: 1\r\n---\r\n" + Body.Replace("\n", "\r\n", StringComparison.Ordinal)), "CARD_YAML_AMBIGUOUS", 6);
        Assert.True(V("---\n" + Meta.Replace("language: en", "language: 'no'", StringComparison.Ordinal) + "---\n" + Body).IsValid);
    }

    [Theory]
    [InlineData("More information needed")]
    [InlineData("more information needed")]
    [InlineData("MORE INFORMATION NEEDED.")]
    [InlineData("[More Information Needed]")]
    [InlineData("# {MODEL_NAME}")]
    [InlineData("TODO: write this")]
    [InlineData("Results are TBD.")]
    [InlineData("(TODO)")]
    public void Placeholders_in_any_case_and_draft_words_are_unfinished(string text)
    {
        var v = V("---\n" + Meta + "---\n" + Body.Replace("Use it.", text, StringComparison.Ordinal));
        Has(v, "CARD_UNFINISHED", 15);
        Assert.Single(v.Findings, f => f.Code == "CARD_UNFINISHED");
    }

    [Theory]
    [InlineData("Keep a TODO-list of the release steps.")]
    [InlineData("The TBD-marked rows are placeholders in the source data.")]
    [InlineData("It writes TODOs into your notes.")]
    [InlineData("Call `todo.add('TODO')` to add one.")]
    [InlineData("Run ``x = 'TBD'`` first.")]
    [InlineData("```\n# TODO: tune this\n```")]
    [InlineData("~~~python\nx = 1  # TBD\n~~~")]
    [InlineData("Some text.\n\n    # TODO in an indented code block")]
    [InlineData("A todo app, to be decided later.")]
    public void Draft_words_in_code_or_inside_other_words_are_not_unfinished(string text)
    {
        var v = V("---\n" + Meta + "---\n" + Body.Replace("Use it.", text, StringComparison.Ordinal));
        Assert.True(v.IsValid, string.Join("\n", v.Findings));
        Assert.Empty(v.Findings);
    }

    [Fact]
    public void A_placeholder_in_code_is_still_unfinished_and_the_strict_policy_finds_words_anywhere()
    {
        Has(V("---\n" + Meta + "---\n" + Body.Replace("Use it.", "```bibtex\n[More Information Needed]\n```", StringComparison.Ordinal)), "CARD_UNFINISHED", 16);
        Has(V("---\n" + Meta + "---\n" + Body.Replace("Use it.", "Keep a TODO-list.", StringComparison.Ordinal), policy: CardPolicy.Strict), "CARD_UNFINISHED", 15);
        Assert.Empty(V("---\n" + Meta + "---\n" + Body.Replace("Use it.", "more information needed", StringComparison.Ordinal), policy: CardPolicy.Strict).Findings);
    }

    [Theory]
    [InlineData("Uses", "Intended Uses")]
    [InlineData("Uses", "Direct Use")]
    [InlineData("Uses", "Usage")]
    [InlineData("Uses", "How to use")]
    [InlineData("Uses", "Intended uses & limitations")]
    [InlineData("How to Get Started with the Model", "How to use")]
    [InlineData("How to Get Started with the Model", "Usage (Sentence-Transformers)")]
    [InlineData("How to Get Started with the Model", "Quick start")]
    [InlineData("How to Get Started with the Model", "Getting started")]
    [InlineData("Evaluation", "Evaluation results")]
    [InlineData("Evaluation", "Performance")]
    [InlineData("Bias, Risks, and Limitations", "Limitations")]
    [InlineData("Bias, Risks, and Limitations", "Limitations and Bias")]
    [InlineData("Bias, Risks, and Limitations", "Ethical Considerations and Limitations")]
    [InlineData("Bias, Risks, and Limitations", "Risks")]
    [InlineData("Training Details", "Training procedure")]
    [InlineData("Training Details", "Training data")]
    [InlineData("Citation", "BibTeX entry and citation info")]
    [InlineData("Citation", "Citing & Authors")]
    [InlineData("Model Details", "Model description")]
    [InlineData("Model Details", "Model Summary")]
    public void Sections_are_matched_by_meaning(string required, string heading)
    {
        var policy = new CardPolicy { RequiredSections = [required], Levels = new Dictionary<string, CardFindingLevel>() };
        Assert.True(V("---\nlicense: mit\n---\n# m\n\n## " + heading + "\n\nSome text.\n", policy: policy).IsValid);
        Has(V("---\nlicense: mit\n---\n# m\n\n## " + heading + "\n\nSome text.\n", policy: policy with { SectionMatch = CardSectionMatch.Exact }), "CARD_SECTION_MISSING");
        Has(V("---\nlicense: mit\n---\n# m\n\n## Changelog\n\nSome text.\n", policy: policy), "CARD_SECTION_MISSING");
    }

    [Fact]
    public void A_section_that_holds_only_an_HTML_comment_is_empty()
    {
        var policy = new CardPolicy { RequiredSections = ["Uses"], Levels = new Dictionary<string, CardFindingLevel>() };
        Has(V("---\nlicense: mit\n---\n## Uses\n\n<!-- Say how the model is used. -->\n\n## Next\n\nText.\n", policy: policy), "CARD_SECTION_EMPTY", 4);
        Has(V("---\nlicense: mit\n---\n## Uses\n<!--\nSay how the model\nis used.\n-->\n### Direct Use\n<!-- here -->\n", policy: policy), "CARD_SECTION_EMPTY", 4);
        Assert.True(V("---\nlicense: mit\n---\n## Uses\n\n<!-- a note --> Chat.\n", policy: policy).IsValid);
        Assert.True(V("---\nlicense: mit\n---\n## Uses\n\n```python\nmodel.generate()\n```\n", policy: policy).IsValid);
    }

    [Fact]
    public void Setext_headings_are_sections_and_headings_in_code_fences_are_not()
    {
        var policy = new CardPolicy { RequiredSections = ["Uses", "Evaluation"], Levels = new Dictionary<string, CardFindingLevel>() };
        Assert.True(V("---\nlicense: mit\n---\nModel\n=====\n\nUses\n----\nChat.\n\nEvaluation\n----------\nGood.\n", policy: policy).IsValid);
        var fenced = V("---\nlicense: mit\n---\n# m\n\n```markdown\n## Uses\n\nChat.\n```\n\n## Evaluation\n\nGood.\n", policy: policy);
        Has(fenced, "CARD_SECTION_MISSING");
        Assert.Contains("'Uses'", Assert.Single(fenced.Findings).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("pipeline_tag: text-generation")]
    [InlineData("pipeline_tag: sentence-similarity")]
    [InlineData("tags: [automatic-speech-recognition]")]
    public void A_text_model_without_a_language_is_warned_about(string line) =>
        Warns(V("---\nlicense: mit\n" + line + "\n---\n" + Body), "CARD_METADATA_EXPECTED");

    [Theory]
    [InlineData("pipeline_tag: image-classification")]
    [InlineData("tags: [object-detection, vision]")]
    [InlineData("pipeline_tag: text-to-image")]
    [InlineData("library_name: timm")]
    public void A_model_that_is_not_for_text_needs_no_language_and_no_tags(string line)
    {
        var v = V("---\nlicense: mit\n" + line + "\n---\n" + Body);
        Assert.True(v.IsValid);
        Assert.Empty(v.Findings);
    }

    [Fact]
    public void A_policy_can_make_a_warning_an_error_or_turn_a_finding_off()
    {
        var card = "---\nlicense: mit\npipeline_tag: text-generation\n---\n# m\n";
        var strictSections = CardPolicy.Default with { Levels = new Dictionary<string, CardFindingLevel> { ["CARD_METADATA_EXPECTED"] = CardFindingLevel.Off } };
        var v = V(card, policy: strictSections);
        Has(v, "CARD_SECTION_MISSING");
        Assert.DoesNotContain(v.Findings, f => f.Code == "CARD_METADATA_EXPECTED");
        Assert.Equal("default", v.Policy);
        Assert.Equal("strict", V(card, policy: CardPolicy.Strict).Policy);
    }
}
