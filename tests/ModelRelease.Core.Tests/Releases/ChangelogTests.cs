using ModelRelease.Core.Releases.Changelog;

namespace ModelRelease.Core.Tests.Releases;

/// <summary>CHANGELOG.md gets each release above the previous ones; a card's changelog carries the previous card's entries.</summary>
public sealed class ChangelogTests
{
    private static readonly DateOnly Day = new(2025, 9, 15);

    [Fact]
    public void A_missing_changelog_is_started_with_a_title_and_the_entry()
    {
        var text = ChangelogFile.AddEntry(null, "1.0.0", Day, ["First release", "- Hub: org/m@abc"]);
        Assert.Equal("# Changelog\n\nEvery release of this project, newest first.\n\n## [1.0.0] - 2025-09-15\n\n- First release\n- Hub: org/m@abc\n", text);
        Assert.True(ChangelogFile.HasEntry(text, "1.0.0"));
    }

    [Fact]
    public void A_release_goes_above_the_newest_one_and_below_unreleased_keeping_crlf()
    {
        var before = "# Changelog\r\n\r\n## [Unreleased]\r\n\r\n- wip\r\n\r\n## [1.0.0] - 2025-01-01\r\n\r\n- First\r\n";
        var after = ChangelogFile.AddEntry(before, "1.1.0", Day, ["Second"]);
        Assert.Equal("# Changelog\r\n\r\n## [Unreleased]\r\n\r\n- wip\r\n\r\n## [1.1.0] - 2025-09-15\r\n\r\n- Second\r\n\r\n## [1.0.0] - 2025-01-01\r\n\r\n- First\r\n", after);
        Assert.DoesNotContain("\r\r", after);
    }

    [Fact]
    public void A_changelog_without_releases_gets_the_entry_at_its_end_and_a_second_run_changes_nothing()
    {
        var once = ChangelogFile.AddEntry("# Changes\n\nNotes.\n\n", "2.0.0", Day, ["Big"]);
        Assert.Equal("# Changes\n\nNotes.\n\n## [2.0.0] - 2025-09-15\n\n- Big\n", once);
        Assert.Same(once, ChangelogFile.AddEntry(once, "2.0.0", Day, ["Other"]));
        Assert.True(ChangelogFile.HasEntry("## v2.0.0 - 2025", "2.0.0"));
        Assert.False(ChangelogFile.HasEntry("## [2.0.1] - 2025", "2.0.0"));
    }

    [Fact]
    public void A_cards_changelog_is_read_and_carried_forward_below_the_new_entry()
    {
        var body = "# m\n\n## Changelog\n\n- v1.1.0 (2025-02-01): tuned\n- v1.0.0 (2025-01-01): first\n  second line\n\n## Other\n- not this\n";
        var entries = CardChangelog.Entries(body);
        Assert.Equal(["- v1.1.0 (2025-02-01): tuned", "- v1.0.0 (2025-01-01): first", "  second line"], entries);
        var composed = CardChangelog.Compose("v1.2.0", Day, ["Retrained.", "Faster"], entries);
        Assert.Equal("- v1.2.0 (2025-09-15): Retrained; Faster.\n- v1.1.0 (2025-02-01): tuned\n- v1.0.0 (2025-01-01): first\n  second line", composed);
        Assert.Equal("- v1.2.0 (2025-09-15): released with ModelRelease.", CardChangelog.Compose("v1.2.0", Day, [], []));
        // Released again: its own old entry is not carried twice.
        Assert.Equal("- v1.1.0 (2025-09-15): again.\n- v1.0.0 (2025-01-01): first", CardChangelog.Compose("v1.1.0", Day, ["again"], ["- v1.1.0 (2025-02-01): tuned", "- v1.0.0 (2025-01-01): first"]));
        Assert.Empty(CardChangelog.Entries("# m\n\n## Changelog\n\n[More Information Needed]\n"));
    }
}
