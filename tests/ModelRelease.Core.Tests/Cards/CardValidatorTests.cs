using ModelRelease.Core.Cards;

namespace ModelRelease.Core.Tests.Cards;

/// <summary>Every Test-ModelCard code, each triggered by a card made for it.</summary>
public class CardValidatorTests
{
    private const string Body = "\n# m\n\n## Model Details\n\nDetails.\n\n## Uses\n\nUse it.\n\n## Bias, Risks, and Limitations\n\nSome.\n\n## How to Get Started with the Model\n\nLoad it.\n\n## Training Details\n\nTrained.\n\n## Evaluation\n\nEvaluated.\n";
    private const string Meta = "license: mit\nlanguage: en\ntags: [x]\n";

    private static ModelCardValidation V(string text, Checkpoint? checkpoint = null, CardPolicy? policy = null) => CardValidator.Validate(text, "README.md", policy, checkpoint);

    private static void Has(ModelCardValidation v, string code, int? line = null)
    {
        Assert.False(v.IsValid);
        Assert.Contains(v.Findings, f => f.Code == code && (line is null || f.Line == line));
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
    public void Missing_and_empty_sections()
    {
        Has(V("---\n" + Meta + "---\n" + Body.Replace("## Uses\n\nUse it.\n\n", "", StringComparison.Ordinal)), "CARD_SECTION_MISSING");
        Has(V("---\n" + Meta + "---\n" + Body.Replace("Use it.", "", StringComparison.Ordinal)), "CARD_SECTION_EMPTY", 13);
    }

    [Theory]
    [InlineData("license")]
    [InlineData("tags")]
    [InlineData("language")]
    public void Required_metadata(string key) =>
        Has(V("---\n" + string.Join("\n", Meta.Split('\n').Where(l => !l.StartsWith(key, StringComparison.Ordinal))) + "---\n" + Body), "CARD_METADATA_MISSING");

    [Fact]
    public void A_policy_file_changes_what_is_required()
    {
        var relaxed = new CardPolicy { RequiredMetadata = ["license"], RequiredSections = [] };
        Assert.True(V("---\nlicense: mit\n---\n# m\n", policy: relaxed).IsValid);
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
        Has(V("---\nlicense: other\nlanguage: en\ntags: [x]\n---\n" + Body), "CARD_LICENSE_OTHER_INCOMPLETE");
        Assert.True(V("---\nlicense: other\nlicense_name: acme\nlicense_link: https://example.com\nlanguage: en\ntags: [x]\n---\n" + Body).IsValid);
    }

    [Theory]
    [InlineData("language: zh-CN")]
    [InlineData("language: [en, english]")]
    [InlineData("language: 12")]
    public void Language_codes_that_are_not_ISO_639(string line) =>
        Has(V("---\nlicense: mit\ntags: [x]\n" + line + "\n---\n" + Body), "CARD_LANGUAGE_INVALID");

    [Theory]
    [InlineData("model-index: {a: 1}")]
    [InlineData("model-index:\n- name: m\n  results:\n  - dataset: {type: d, name: D}\n    metrics: [{type: acc, value: 1}]")]
    [InlineData("model-index:\n- name: m\n  results:\n  - task: {type: t}\n    dataset: {name: D}\n    metrics: [{type: acc, value: 1}]")]
    [InlineData("model-index:\n- name: m\n  results:\n  - task: {type: t}\n    dataset: {type: d}\n    metrics: [{type: acc, value: 1}]")]
    [InlineData("model-index:\n- name: m\n  results:\n  - task: {type: t}\n    dataset: {type: d, name: D}\n    metrics: [{value: 1}]")]
    [InlineData("model-index:\n- name: m\n  results:\n  - task: {type: t}\n    dataset: {type: d, name: D}\n    metrics: [{type: acc}]")]
    public void Malformed_model_index(string yaml) => Has(V("---\n" + Meta + yaml + "\n---\n" + Body), "CARD_MODEL_INDEX_INVALID");

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
}
