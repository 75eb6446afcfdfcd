using System.Threading.Channels;

namespace ModelRelease.Core.Hub.Publishing;

/// <summary>
/// Asks the LFS batch API for many objects per call: objects are queued as their hashes become known, and one loop
/// sends whatever has queued (up to <see cref="HubClient.MaxLfsBatchObjects"/>) each time the previous call has answered.
/// The first object is asked for at once; objects that become ready while a call is in flight go together in the next.
/// </summary>
internal sealed class LfsBatchQueue
{
    private readonly record struct Item(string Oid, long Size, TaskCompletionSource<LfsAction> Answer);

    private readonly Channel<Item> _queue = Channel.CreateUnbounded<Item>(new UnboundedChannelOptions { SingleReader = true });
    private readonly HubClient _client;
    private readonly PublishRequest _request;
    private readonly Task _loop;

    public LfsBatchQueue(HubClient client, PublishRequest request, CancellationToken ct)
    {
        _client = client;
        _request = request;
        _loop = Task.Run(() => RunAsync(ct), CancellationToken.None);
    }

    /// <summary>The Hub's answer for one object, from the next batch call.</summary>
    public Task<LfsAction> AskAsync(string oid, long size)
    {
        var answer = new TaskCompletionSource<LfsAction>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_queue.Writer.TryWrite(new Item(oid, size, answer))) answer.SetException(new InvalidOperationException("The LFS batch queue is closed"));
        return answer.Task;
    }

    /// <summary>No more objects will be asked for; completes when every queued one has its answer.</summary>
    public Task CompleteAsync()
    {
        _queue.Writer.TryComplete();
        return _loop;
    }

    private async Task RunAsync(CancellationToken ct)
    {
        var batch = new List<Item>(HubClient.MaxLfsBatchObjects);
        try
        {
            while (await _queue.Reader.WaitToReadAsync(ct).ConfigureAwait(false))
            {
                while (batch.Count < HubClient.MaxLfsBatchObjects && _queue.Reader.TryRead(out var item)) batch.Add(item);
                try
                {
                    var actions = await _client.LfsBatchAsync(_request.Repo, _request.Revision, batch.Select(b => (b.Oid, b.Size)).ToList(), _request.CreatePullRequest, ct).ConfigureAwait(false);
                    var byOid = new Dictionary<string, LfsAction>(StringComparer.Ordinal);
                    foreach (var a in actions) byOid.TryAdd(a.Oid, a);
                    foreach (var b in batch)
                    {
                        if (byOid.TryGetValue(b.Oid, out var action)) b.Answer.TrySetResult(action);
                        else b.Answer.TrySetException(new HubException(HubErrorIds.UploadFailed, ErrorKind.InvalidData, $"The LFS batch answer has no entry for object {b.Oid}", _request.Repo.Id));
                    }
                }
                catch (Exception ex)
                {
                    foreach (var b in batch) b.Answer.TrySetException(ex);
                }
                batch.Clear();
            }
        }
        catch (OperationCanceledException)
        {
            // cancelled: every object still waiting is cancelled below
        }
        finally
        {
            foreach (var b in batch) b.Answer.TrySetCanceled(ct);
            _queue.Writer.TryComplete();
            while (_queue.Reader.TryRead(out var left)) left.Answer.TrySetCanceled(ct);
        }
    }
}
