using ModelRelease.Core.Cards;

namespace ModelRelease.Core.Tests.Cards;

/// <summary>The built-in policies, selection by name or file, and policy files.</summary>
public sealed class CardPolicyTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mr-policy-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private string Write(string yaml)
    {
        var path = Path.Combine(_dir, "policy.yaml");
        File.WriteAllText(path, yaml);
        return path;
    }

    [Theory]
    [InlineData("default", "default")]
    [InlineData("strict", "strict")]
    [InlineData("Strict", "strict")]
    [InlineData(" DEFAULT ", "default")]
    public void The_built_in_policies_are_selected_by_name(string given, string name)
    {
        var resolved = new List<string>();
        var policy = CardPolicy.Select(given, p => { resolved.Add(p); return p; });
        Assert.Equal(name, policy.Name);
        Assert.Empty(resolved);
    }

    [Fact]
    public void Any_other_name_is_a_file_resolved_by_the_face_and_a_missing_file_names_the_built_ins()
    {
        var path = Write("extends: default\n");
        Assert.Equal(path, CardPolicy.Select("policy.yaml", p => Path.Combine(_dir, p)).Name);
        var missing = Assert.Throws<ModelCardException>(() => CardPolicy.Select("lenient", p => Path.Combine(_dir, p)));
        Assert.Equal((CardCodes.PolicyMissing, Path.Combine(_dir, "lenient"), ErrorKind.NotFound), (missing.Code, missing.File!, missing.Kind));
        Assert.Contains("'default' and 'strict'", missing.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void The_strict_policy_is_the_gate_of_earlier_versions()
    {
        var strict = CardPolicy.Strict;
        Assert.Equal(["license", "tags", "language"], strict.RequiredMetadata);
        Assert.Equal(["Model Details", "Uses", "Bias, Risks, and Limitations", "How to Get Started with the Model", "Training Details", "Evaluation"], strict.RequiredSections);
        Assert.Equal(CardSectionMatch.Exact, strict.SectionMatch);
        Assert.Equal(["TBD", "TODO", "[More Information Needed]"], strict.UnfinishedPhrases);
        Assert.All(CardCodes.Adjustable, code => Assert.Equal(CardFindingLevel.Error, strict.LevelOf(code)));
    }

    [Fact]
    public void The_default_policy_requires_a_license_only_and_warns_about_sections()
    {
        var policy = CardPolicy.Default;
        Assert.Equal(["license"], policy.RequiredMetadata);
        Assert.DoesNotContain("tags", policy.RequiredMetadata);
        Assert.Equal(CardSectionMatch.Meaning, policy.SectionMatch);
        Assert.Equal(CardFindingLevel.Warning, policy.LevelOf(CardCodes.SectionMissing));
        Assert.Equal(CardFindingLevel.Warning, policy.LevelOf(CardCodes.MetadataExpected));
        Assert.Equal(CardFindingLevel.Error, policy.LevelOf(CardCodes.Unfinished));
        Assert.Equal(CardFindingLevel.Error, policy.LevelOf(CardCodes.ModelIndexInvalid));
    }

    [Fact]
    public void A_file_without_extends_changes_the_strict_policy_so_older_files_keep_their_meaning()
    {
        var policy = CardPolicy.Load(Write("required_metadata: [license, pipeline_tag]\nunfinished_phrases: [FIXME]\n"));
        Assert.Equal(["license", "pipeline_tag"], policy.RequiredMetadata);
        Assert.Equal(CardPolicy.Strict.RequiredSections, policy.RequiredSections);
        Assert.Equal(CardSectionMatch.Exact, policy.SectionMatch);
        Assert.Equal(["FIXME"], policy.UnfinishedPhrases);
        Assert.Equal(CardFindingLevel.Error, policy.LevelOf(CardCodes.SectionMissing));
    }

    [Fact]
    public void A_file_that_extends_default_changes_only_what_it_names()
    {
        var policy = CardPolicy.Load(Write("extends: default\nrequired_sections: [Citation]\nunfinished_words: [TODO, TBD, FIXME]\nsection_match: exact\nseverity:\n  CARD_SECTION_MISSING: error\n  CARD_METADATA_EXPECTED: 'off'\n"));
        Assert.Equal(["license"], policy.RequiredMetadata);
        Assert.Equal(["Citation"], policy.RequiredSections);
        Assert.Equal(["TODO", "TBD", "FIXME"], policy.UnfinishedWords);
        Assert.Equal(CardSectionMatch.Exact, policy.SectionMatch);
        Assert.Equal(CardFindingLevel.Error, policy.LevelOf(CardCodes.SectionMissing));
        Assert.Equal(CardFindingLevel.Off, policy.LevelOf(CardCodes.MetadataExpected));
        Assert.Equal(CardFindingLevel.Warning, policy.LevelOf(CardCodes.SectionEmpty));
        var v = CardValidator.Validate("---\nlicense: mit\n---\n# m\n\nFIXME: cite us\n", "README.md", policy);
        Assert.Equal([CardCodes.Unfinished, CardCodes.SectionMissing], v.Findings.Select(f => f.Code));
        Assert.All(v.Findings, f => Assert.Equal(FindingSeverity.Error, f.Severity));
    }

    [Theory]
    [InlineData("extends: lenient\n", "'extends' must be one of default, strict")]
    [InlineData("required_sections: Uses\n", "'required_sections' must be a list of text")]
    [InlineData("section_match: fuzzy\n", "'section_match' must be meaning or exact")]
    [InlineData("severity: [CARD_UNFINISHED]\n", "'severity' must be a mapping")]
    [InlineData("severity:\n  CARD_UNFINISHED: fatal\n", "must be error, warning or off")]
    [InlineData("severity:\n  CARD_NOPE: off\n", "not a finding a policy can change")]
    [InlineData("required: [license]\n", "unknown policy key 'required'")]
    public void A_policy_file_of_the_wrong_shape_names_what_is_wrong(string yaml, string message)
    {
        var ex = Assert.Throws<ModelCardException>(() => CardPolicy.Load(Write(yaml)));
        Assert.Equal(("ModelCardPolicyInvalid", CardCodes.PolicyShape), (ex.ErrorId, ex.Code));
        Assert.Contains(message, ex.Detail, StringComparison.Ordinal);
    }
}
