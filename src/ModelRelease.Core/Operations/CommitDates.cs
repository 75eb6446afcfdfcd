using ModelRelease.Core.Hub;

namespace ModelRelease.Core.Operations;

/// <summary>The dates of commits (a tag's, a branch's), read from the commit history one commit each, a few at a time.</summary>
internal static class CommitDates
{
    public static async Task<IReadOnlyDictionary<string, DateTimeOffset>> ReadAsync(HubClient hub, RepoRef repo, IEnumerable<string> commits, CancellationToken ct)
    {
        var dates = new System.Collections.Concurrent.ConcurrentDictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(commits.Distinct(StringComparer.Ordinal), new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = ct }, async (commit, token) =>
        {
            var history = await hub.ListCommitsAsync(repo, commit, 1, token).ConfigureAwait(false);
            if (history.Count > 0 && history[0].Date is { } date) dates[commit] = date;
        }).ConfigureAwait(false);
        return dates;
    }
}
