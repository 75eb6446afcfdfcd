using ModelRelease.Core.Hub;

namespace ModelRelease.Core.Cards;

/// <summary>Cards and the Hub: a repository's README.md read into a card, and the Hub's own check of a card's metadata.</summary>
public static class CardHub
{
    public static async Task<ModelCard> ReadAsync(HubClient client, RepoRef repo, string revision, CancellationToken ct = default)
    {
        var source = $"{repo.Id}@{revision}:README.md";
        byte[] bytes;
        try
        {
            bytes = await client.ReadSmallFileAsync(repo, revision, "README.md", CardFile.MaxBytes, ct).ConfigureAwait(false);
        }
        catch (HubException ex) when (ex.Target is "README.md")
        {
            // Name the card by its repository and revision, not a bare README.md (several repositories may be piped in).
            throw new HubException(ex.ErrorId, ex.Kind, ex.Message, source, ex.StatusCode, ex.HubErrorCode, ex) { RecommendedAction = ex.RecommendedAction };
        }
        var card = CardDocument.Parse(CardFile.Decode(bytes, source), source);
        return card with { Path = null, RepoId = repo.Id };
    }

    /// <summary>The local verdict plus CARD_HUB_REJECTED for each error the Hub's validate-yaml gives.</summary>
    public static async Task<ModelCardValidation> ValidateOnlineAsync(HubClient client, ModelCard card, ModelCardValidation local, string repoType, CancellationToken ct = default)
    {
        var errors = await client.ValidateYamlAsync(card.Text.TrimStart(CardDocument.ByteOrderMark), repoType, ct, card.Path ?? card.RepoId).ConfigureAwait(false);
        return CardValidator.WithHubErrors(local, errors);
    }
}
