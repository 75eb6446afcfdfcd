namespace ModelRelease.Core.Cards;

/// <summary>
/// Changes to a card's front matter: a key that exists keeps its place and takes the new value, a new key goes
/// at the end, a null value removes the key. Every other key, known to the Hub or not, stays as it was.
/// </summary>
public static class CardMetadataUpdate
{
    public static IReadOnlyDictionary<string, object?> Apply(IReadOnlyDictionary<string, object?> metadata, IEnumerable<KeyValuePair<string, object?>> changes)
    {
        // An ordered list, turned into a dictionary only at the end: a Dictionary reuses a removed key's slot for the
        // next key added, which would put a new key where a removed one was instead of at the end.
        var entries = metadata.ToList();
        foreach (var (key, value) in changes)
        {
            if (string.IsNullOrWhiteSpace(key)) throw new ModelCardException("ModelCardMetadataInvalid", CardCodes.MetadataKey, null, null, "a metadata key is empty", ErrorKind.InvalidArgument);
            var at = entries.FindIndex(e => e.Key == key);
            if (value is null)
            {
                if (at >= 0) entries.RemoveAt(at);
            }
            else if (at >= 0)
            {
                entries[at] = new(key, CardMetrics.Normalize(value));
            }
            else
            {
                entries.Add(new(key, CardMetrics.Normalize(value)));
            }
        }
        var result = new Dictionary<string, object?>(entries.Count, StringComparer.Ordinal);
        foreach (var (key, value) in entries) result.Add(key, value);
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
