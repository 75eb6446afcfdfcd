using System.Runtime.CompilerServices;

namespace ModelRelease.Core;

/// <summary>Runs work over items with bounded concurrency and yields the results in input order.</summary>
public static class OrderedParallel
{
    public static async IAsyncEnumerable<TResult> SelectAsync<TItem, TResult>(
        IReadOnlyList<TItem> items,
        int maxDegree,
        Func<TItem, CancellationToken, Task<TResult>> work,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var gate = new SemaphoreSlim(Math.Max(1, maxDegree));
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var tasks = new List<Task<TResult>>(items.Count);
        foreach (var item in items)
        {
            tasks.Add(RunAsync(item));
        }
        try
        {
            foreach (var task in tasks) yield return await task.ConfigureAwait(false);
        }
        finally
        {
            linked.Cancel();
            try { await Task.WhenAll(tasks).ConfigureAwait(false); } catch { /* already surfaced or cancelled */ }
        }

        async Task<TResult> RunAsync(TItem item)
        {
            await gate.WaitAsync(linked.Token).ConfigureAwait(false);
            try { return await work(item, linked.Token).ConfigureAwait(false); }
            finally { gate.Release(); }
        }
    }
}
