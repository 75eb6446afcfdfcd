namespace ModelRelease.Core.Cards;

/// <summary>
/// Changes to a card's front matter: a key that exists keeps its place and takes the new value, a new key goes
/// at the end, a null value removes the key. Every other key, known to the Hub or not, stays as it was.
/// </summary>
public static class CardMetadataUpdate
{
    public static IReadOnlyDictionary<string, object?> Apply(IReadOnlyDictionary<string, object?> metadata, IEnumerable<KeyValuePair<string, object?>> changes)
    {
        var result = new Dictionary<string, object?>(metadata, StringComparer.Ordinal);
        foreach (var (key, value) in changes)
        {
            if (string.IsNullOrWhiteSpace(key)) throw new ModelCardException("ModelCardMetadataInvalid", "CARD_METADATA_KEY", null, null, "a metadata key is empty", ErrorKind.InvalidArgument);
            if (value is null) result.Remove(key);
            else result[key] = CardMetrics.Normalize(value);
        }
        return result;
    }

    /// <summary>The changes the metadata parameters of New-ModelCard and Set-ModelCard name (only those given).</summary>
    public static List<KeyValuePair<string, object?>> FromParameters(string? license = null, string? licenseName = null, string? licenseLink = null,
        IReadOnlyList<string>? language = null, IReadOnlyList<string>? tags = null, string? libraryName = null, string? pipelineTag = null,
        IReadOnlyList<string>? baseModel = null, IReadOnlyList<string>? datasets = null)
    {
        var changes = new List<KeyValuePair<string, object?>>();
        void Add(string key, object? value) { if (value is not null) changes.Add(new(key, value)); }
        Add("license", license);
        Add("license_name", licenseName);
        Add("license_link", licenseLink);
        Add("language", language?.ToList<object?>());
        Add("library_name", libraryName);
        Add("pipeline_tag", pipelineTag);
        Add("tags", tags?.ToList<object?>());
        Add("base_model", baseModel is null ? null : baseModel.Count == 1 ? baseModel[0] : baseModel.ToList<object?>());
        Add("datasets", datasets?.ToList<object?>());
        return changes;
    }
}
