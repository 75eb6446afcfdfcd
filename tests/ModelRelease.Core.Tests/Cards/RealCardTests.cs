using System.Text.Json;
using ModelRelease.Core.Cards;

namespace ModelRelease.Core.Tests.Cards;

/// <summary>
/// The card gate on model cards written by others (Data/real, with their source repository, path and commit in
/// manifest.json): every finished card passes the default policy, every unfinished or broken one fails with exactly
/// the error codes the manifest names, and the strict policy gives the verdict the gate of earlier versions gave.
/// </summary>
public class RealCardTests
{
    private static string Folder => Path.Combine(CardTestData.Folder(), "real");

    private sealed record Entry(string File, string Repository, string Path, string Commit, string RepositoryLicense, string CardLicense, bool Valid, Dictionary<string, int> Errors, bool StrictValid, string Why);

    private sealed record Manifest(string About, List<Entry> Cards);

    private static readonly Lazy<Manifest> Loaded = new(() =>
        JsonSerializer.Deserialize<Manifest>(File.ReadAllText(System.IO.Path.Combine(Folder, "manifest.json")), new JsonSerializerOptions { PropertyNameCaseInsensitive = true })!);

    public static TheoryData<string> Cards() => new(Loaded.Value.Cards.Select(c => c.File));

    private static Entry Card(string file) => Loaded.Value.Cards.Single(c => c.File == file);

    [Fact]
    public void The_manifest_names_every_card_once_with_its_source_and_the_collection_holds_finished_and_broken_cards()
    {
        var files = Directory.GetFiles(Folder, "*.md").Select(f => System.IO.Path.GetFileName(f)!).Order(StringComparer.Ordinal).ToList();
        var listed = Loaded.Value.Cards.Select(c => c.File).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(files, listed);
        Assert.InRange(listed.Count, 30, 40);
        Assert.All(Loaded.Value.Cards, c =>
        {
            Assert.Matches("^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$", c.Repository);
            Assert.Matches("^[0-9a-f]{40}$", c.Commit);
            Assert.False(string.IsNullOrWhiteSpace(c.Path));
            Assert.False(string.IsNullOrWhiteSpace(c.RepositoryLicense));
            Assert.False(string.IsNullOrWhiteSpace(c.Why));
            Assert.Equal(c.Valid, c.Errors.Count == 0);
        });
        Assert.InRange(Loaded.Value.Cards.Count(c => c.Valid), 12, 25);
        Assert.InRange(Loaded.Value.Cards.Count(c => !c.Valid), 12, 25);
    }

    [Theory]
    [MemberData(nameof(Cards))]
    public async Task The_default_policy_passes_finished_cards_and_fails_broken_ones_with_the_right_codes(string file)
    {
        var expected = Card(file);
        var (verdict, _) = await CardValidator.ValidateFileAsync(Path.Combine(Folder, file));
        var errors = verdict.Findings.Where(f => f.Severity == FindingSeverity.Error).GroupBy(f => f.Code).ToDictionary(g => g.Key, g => g.Count());
        Assert.True(expected.Valid == verdict.IsValid, $"{file}: expected {(expected.Valid ? "valid" : "invalid")} ({expected.Why}); got\n{string.Join("\n", verdict.Findings)}");
        Assert.Equal(expected.Errors.OrderBy(kv => kv.Key, StringComparer.Ordinal), errors.OrderBy(kv => kv.Key, StringComparer.Ordinal));
        Assert.Equal("default", verdict.Policy);
        Assert.All(verdict.Findings, f => Assert.Contains(f.Code, CardCodes.Findings));
    }

    [Theory]
    [MemberData(nameof(Cards))]
    public async Task The_strict_policy_gives_the_verdict_of_the_earlier_gate(string file)
    {
        var (verdict, _) = await CardValidator.ValidateFileAsync(Path.Combine(Folder, file), CardPolicy.Strict);
        Assert.Equal(Card(file).StrictValid, verdict.IsValid);
        Assert.DoesNotContain(verdict.Findings, f => f.Severity != FindingSeverity.Error);
    }

    [Fact]
    public async Task Cards_in_the_collection_are_read_the_same_by_card_show_and_card_test()
    {
        // The sections a card shows are the ones the check judges: same reader, same lines.
        foreach (var entry in Loaded.Value.Cards.Where(c => c.Valid))
        {
            var card = await CardFile.ReadAsync(Path.Combine(Folder, entry.File));
            Assert.Equal(CardOutline.Read(card.Body, CardOutline.BodyLine(card)), card.Sections);
            Assert.NotEmpty(card.Sections);
        }
    }
}
