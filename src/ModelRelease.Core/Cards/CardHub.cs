using ModelRelease.Core.Hub;

namespace ModelRelease.Core.Cards;

/// <summary>Cards and the Hub: a repository's README.md read into a card, and the Hub's own check of a card's metadata.</summary>
public static class CardHub
{
    public static async Task<ModelCard> ReadAsync(HubClient client, RepoRef repo, string revision, CancellationToken ct = default)
    {
        var bytes = await client.ReadSmallFileAsync(repo, revision, "README.md", CardFile.MaxBytes, ct).ConfigureAwait(false);
        var source = $"{repo.Id}@{revision}:README.md";
        var card = CardDocument.Parse(CardFile.Decode(bytes, source), source);
        return card with { Path = null, RepoId = repo.Id };
    }

    /// <summary>The local verdict plus CARD_HUB_REJECTED for each error the Hub's validate-yaml gives.</summary>
    public static async Task<ModelCardValidation> ValidateOnlineAsync(HubClient client, ModelCard card, ModelCardValidation local, string repoType, CancellationToken ct = default)
    {
        var errors = await client.ValidateYamlAsync(card.Text.TrimStart(CardDocument.ByteOrderMark), repoType, ct).ConfigureAwait(false);
        return CardValidator.WithHubErrors(local, errors);
    }
}
