using System.Collections.Concurrent;
using System.Management.Automation;

namespace ModelRelease.Infrastructure;

/// <summary>
/// What work running off the pipeline thread may ask the cmdlet to write. Each call queues the write;
/// the cmdlet performs it on the pipeline thread.
/// </summary>
public sealed class CmdletSink
{
    private readonly BlockingCollection<Action> _queue;

    internal CmdletSink(BlockingCollection<Action> queue) => _queue = queue;

    /// <summary>Queues <paramref name="write"/> to run on the pipeline thread.</summary>
    public void Post(Action write) => _queue.Add(write);

    /// <summary>Runs <paramref name="ask"/> on the pipeline thread and waits for its answer (ShouldProcess, ShouldContinue).</summary>
    public Task<T> AskAsync<T>(Func<T> ask)
    {
        var answer = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        _queue.Add(() =>
        {
            try { answer.SetResult(ask()); }
            catch (Exception ex) { answer.SetException(ex); throw; }
        });
        return answer.Task;
    }
}
