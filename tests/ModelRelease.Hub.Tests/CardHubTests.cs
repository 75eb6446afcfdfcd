using ModelRelease.Core.Cards;
using ModelRelease.Core.Hub;

namespace ModelRelease.Hub.Tests;

/// <summary>Get-ModelCard -RepoId and Test-ModelCard -Online against the emulator.</summary>
public class CardHubTests
{
    [Fact]
    public async Task A_published_card_reads_back_byte_for_byte_with_its_repo_id()
    {
        await using var hub = await Hub.StartAsync();
        using var client = hub.Client();
        var text = "\uFEFF---\r\nlicense: mit\r\nunknown_key: {a: 1}\r\n---\r\n# Card\r\n\r\nBody without a final newline";
        var card = CardDocument.Parse(text, "README.md");
        var (file, staging) = await CardFile.ForPublishAsync(card);
        await hub.Publisher(client).PublishAsync(Hub.Request("org/card", [file]));
        Directory.Delete(staging!, true);

        var read = await CardHub.ReadAsync(client, RepoRef.Parse("org/card"), "main");
        Assert.Equal(text, read.Text);
        Assert.Equal(card.Body, read.Body);
        Assert.Equal("org/card", read.RepoId);
        Assert.Null(read.Path);
    }

    [Fact]
    public async Task A_repo_without_a_card_is_a_typed_not_found_error()
    {
        await using var hub = await Hub.StartAsync();
        using var client = hub.Client();
        await hub.Publisher(client).PublishAsync(Hub.Request("org/nocard", [hub.Text("nocard/a.txt", "a")]));
        var ex = await Assert.ThrowsAsync<HubException>(() => CardHub.ReadAsync(client, RepoRef.Parse("org/nocard"), "main"));
        Assert.Equal(ErrorKind.NotFound, ex.Kind);
        Assert.Contains("README.md", ex.Message);
    }

    [Fact]
    public async Task Online_validation_adds_what_the_Hub_refuses_and_nothing_when_it_accepts()
    {
        await using var hub = await Hub.StartAsync();
        using var client = hub.Client();
        var good = CardDocument.Parse("---\nlicense: mit\ntags: [x]\n---\n# m\n", "README.md");
        var local = CardValidator.Validate(good, new CardPolicy { RequiredSections = [] });
        Assert.Same(local, await CardHub.ValidateOnlineAsync(client, good, local, "model"));

        var bad = CardDocument.Parse("---\nlicense: mit\nmodel-index: {name: x}\n---\n# m\n", "README.md");
        var checkedOnline = await CardHub.ValidateOnlineAsync(client, bad, CardValidator.Validate(bad), "model");
        Assert.False(checkedOnline.IsValid);
        Assert.Contains(checkedOnline.Findings, f => f.Code == "CARD_HUB_REJECTED" && f.Message.Contains("model-index"));
    }

    [Fact]
    public async Task A_publish_whose_README_the_Hub_refuses_creates_and_uploads_nothing()
    {
        await using var hub = await Hub.StartAsync();
        using var client = hub.Client();
        var readme = hub.Text("refused/README.md", "---\nlicense: mit\nmodel-index: {name: x}\n---\n# m\n");
        var weights = hub.File("refused/w.bin", 3 << 20, seed: 42);
        var planned = await Assert.ThrowsAsync<HubException>(() => hub.Publisher(client).PlanAsync(Hub.Request("org/refused", [Path.GetDirectoryName(readme)!])));
        Assert.Equal("PublishCardRejected", planned.ErrorId); // -WhatIf says the publish would be refused
        var ex = await Assert.ThrowsAsync<HubException>(() => hub.Publisher(client).PublishAsync(Hub.Request("org/refused", [Path.GetDirectoryName(readme)!])));
        Assert.Equal(("PublishCardRejected", ErrorKind.InvalidData), (ex.ErrorId, ex.Kind));
        Assert.Contains("model-index", ex.Message);
        Assert.NotNull(ex.RecommendedAction);
        Assert.False(hub.Emulator.Statistics.Requests.ContainsKey("create"));
        Assert.False(hub.Emulator.Statistics.Requests.ContainsKey("batch"));
        var missing = await Assert.ThrowsAsync<HubException>(() => client.ListTreeAsync(RepoRef.Parse("org/refused"), "main", null, false).ToListAsync().AsTask());
        Assert.Equal(ErrorKind.NotFound, missing.Kind);

        // Fixed, the same publish goes through.
        await File.WriteAllTextAsync(readme, "---\nlicense: mit\n---\n# m\n");
        var result = await hub.Publisher(client).PublishAsync(Hub.Request("org/refused", [Path.GetDirectoryName(readme)!]));
        Assert.True(result.Committed);
        _ = weights;
    }
}
