using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using ModelRelease.Core.Cards;

namespace ModelRelease.Core.Tests.Cards;

/// <summary>The catalogue of card codes against the codes the source uses and the about topic documents.</summary>
public partial class CardCodesTests
{
    private static string RepoRoot([CallerFilePath] string here = "") => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "..", "..", ".."));

    [GeneratedRegex("\"(CARD_[A-Z0-9_]+)\"")]
    private static partial Regex Literal();

    [GeneratedRegex(@"\bCARD_[A-Z0-9_]+\b")]
    private static partial Regex Code();

    private static IReadOnlyList<string> Constants() =>
        typeof(CardCodes).GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).ToList();

    [Fact]
    public void Every_constant_is_in_the_catalogue_once_and_the_lists_hold_only_constants()
    {
        var constants = Constants();
        Assert.Equal(constants.Count, constants.Distinct().Count());
        Assert.Equal(constants.Order(StringComparer.Ordinal), CardCodes.All.Order(StringComparer.Ordinal));
        Assert.Subset(CardCodes.Findings.ToHashSet(), CardCodes.Adjustable.ToHashSet());
        Assert.Empty(CardCodes.Findings.Intersect(CardCodes.Errors).Except([CardCodes.NoFrontMatter, CardCodes.YamlInvalid, CardCodes.NotUtf8, CardCodes.TooLarge]));
    }

    [Fact]
    public void Every_card_code_the_source_uses_is_in_the_catalogue_and_the_core_names_them_by_constant()
    {
        var src = Path.Combine(RepoRoot(), "src");
        var used = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories).Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
        {
            foreach (Match m in Literal().Matches(File.ReadAllText(file))) used.TryAdd(m.Groups[1].Value, file);
        }
        Assert.NotEmpty(used);
        Assert.All(used, kv => Assert.True(CardCodes.All.Contains(kv.Key), $"{kv.Value} uses {kv.Key}, which is not in CardCodes"));

        var cards = Path.Combine(src, "ModelRelease.Core", "Cards");
        var literalsInCore = Directory.EnumerateFiles(cards, "*.cs").Where(f => Path.GetFileName(f) != "CardCodes.cs")
            .SelectMany(f => Literal().Matches(File.ReadAllText(f)).Select(m => $"{Path.GetFileName(f)}: {m.Value}")).ToList();
        Assert.Empty(literalsInCore);
    }

    [Fact]
    public void Every_card_code_is_documented_in_the_about_topic_and_the_about_topic_names_no_other()
    {
        var about = File.ReadAllText(Path.Combine(RepoRoot(), "en-US", "about_ModelRelease.help.txt"));
        var documented = Code().Matches(about).Select(m => m.Value).ToHashSet(StringComparer.Ordinal);
        Assert.All(CardCodes.All, code => Assert.True(documented.Contains(code), $"{code} is not in about_ModelRelease.help.txt"));
        Assert.All(documented, code => Assert.True(CardCodes.All.Contains(code), $"about_ModelRelease.help.txt names {code}, which is not a card code"));
    }

    [Fact]
    public void The_policy_file_severity_key_names_only_findings_a_policy_can_change()
    {
        var dir = Directory.CreateTempSubdirectory("mr-codes-").FullName;
        try
        {
            var path = Path.Combine(dir, "policy.yaml");
            foreach (var code in CardCodes.Adjustable)
            {
                File.WriteAllText(path, $"severity:\n  {code}: off\n");
                Assert.Equal(CardFindingLevel.Off, CardPolicy.Load(path).LevelOf(code));
            }
            foreach (var code in CardCodes.Findings.Except(CardCodes.Adjustable))
            {
                File.WriteAllText(path, $"severity:\n  {code}: off\n");
                Assert.Equal(CardCodes.PolicyShape, Assert.Throws<ModelCardException>(() => CardPolicy.Load(path)).Code);
            }
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
