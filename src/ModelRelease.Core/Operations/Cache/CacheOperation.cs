using ModelRelease.Core.Hub;
using ModelRelease.Core.Hub.Cache;

namespace ModelRelease.Core.Operations.Cache;

/// <summary>
/// Get-HfCache / Remove-HfCache and <c>modelrelease cache ls|rm</c>: the revisions in the shared Hugging Face cache,
/// filtered by repository, revision and age, and their removal — each one asked first, so a what-if shows every
/// revision and the bytes it would free, and removes nothing.
/// </summary>
public sealed class CacheOperation(ModelReleaseSession session)
{
    /// <summary>The cache folder (HF_HUB_CACHE, else $HF_HOME/hub).</summary>
    public string Root => session.Options.HubCacheFolder
        ?? throw new HubException(HubErrorIds.CacheUnavailable, ErrorKind.InvalidArgument, "There is no Hugging Face cache folder: HF_HUB_CACHE, HF_HOME and the home folder are all unset")
        {
            RecommendedAction = "Set HF_HUB_CACHE or HF_HOME.",
        };

    /// <summary>The cache as it is now.</summary>
    public HfCacheScan Scan() => HfCacheScan.Read(Root);

    /// <summary>The revisions <paramref name="filter"/> picks, largest repository first as <c>hf cache ls</c> sorts, then by revision.</summary>
    public IReadOnlyList<CachedRevision> List(CacheFilter filter, HfCacheScan? scan = null)
    {
        var now = DateTimeOffset.UtcNow;
        return (scan ?? Scan()).Revisions.Where(r => filter.Matches(r, now))
            .OrderBy(r => r.RepoType, StringComparer.Ordinal).ThenBy(r => r.RepoId, StringComparer.OrdinalIgnoreCase).ThenByDescending(r => r.LastModified)
            .ToList();
    }

    /// <summary>
    /// Removes the revisions <paramref name="filter"/> picks (or exactly <paramref name="chosen"/>), asking
    /// <paramref name="decide"/> about each. Under <paramref name="whatIf"/> every question is asked and nothing removed.
    /// </summary>
    public async Task<IReadOnlyList<CacheRemoval>> RemoveAsync(CacheFilter? filter, IReadOnlyList<CachedRevision>? chosen, OperationDecider decide, bool whatIf, CancellationToken cancellationToken = default)
    {
        var scan = Scan();
        // Revisions named by the caller are taken as they are now in the cache (a revision removed meanwhile is gone).
        var picked = chosen is null
            ? List(filter ?? new CacheFilter(), scan)
            : scan.Revisions.Where(r => chosen.Any(c => c.Path == r.Path)).ToList();
        var plan = HfCachePruner.Plan(scan, picked);
        var accepted = new List<CacheRemoval>();
        var declined = new List<CacheRemoval>();
        foreach (var removal in plan)
        {
            var target = $"{removal.RepoId}@{(removal.Refs.Count > 0 ? string.Join(",", removal.Refs) : removal.CommitOid[..12])} ({removal.Path})";
            var question = new OperationQuestion(QuestionKind.RemoveCachedRevision, target, $"Remove from the Hugging Face cache, freeing {ByteSizeText.Format(removal.FreedBytes)}");
            if (await decide(question, cancellationToken).ConfigureAwait(false) && !whatIf) accepted.Add(removal);
            else declined.Add(removal);
        }
        var removed = accepted.Count == 0 ? [] : HfCachePruner.Remove(scan, accepted);
        return plan.Select(p => removed.FirstOrDefault(r => r.Path == p.Path) ?? p).ToList();
    }
}
