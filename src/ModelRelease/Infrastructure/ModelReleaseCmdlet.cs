using System.Collections.Concurrent;
using System.Management.Automation;

namespace ModelRelease.Infrastructure;

/// <summary>
/// Base of every ModelRelease cmdlet: owns the cancellation source (cancelled by Ctrl+C through
/// <see cref="StopProcessing"/>), and runs core work off the pipeline thread while the pipeline thread
/// drains a queue of writes — the only thread allowed to call Write*.
/// </summary>
public abstract class ModelReleaseCmdlet : PSCmdlet, IDisposable
{
    private readonly CancellationTokenSource _cancellation = new();
    private bool _disposed;

    /// <summary>Cancelled when the user presses Ctrl+C or the pipeline stops.</summary>
    protected CancellationToken CancellationToken => _cancellation.Token;

    private string? _announcedParameterSet;

    protected override void StopProcessing() => _cancellation.Cancel();

    /// <summary>
    /// Says on the debug stream which parameter set PowerShell bound (each time it changes between pipeline
    /// objects), then hands the input to <see cref="ProcessInput"/>.
    /// </summary>
    protected sealed override void ProcessRecord()
    {
        if (!string.Equals(_announcedParameterSet, ParameterSetName, StringComparison.Ordinal))
        {
            _announcedParameterSet = ParameterSetName;
            WriteDebug($"{MyInvocation.MyCommand.Name}: parameter set '{ParameterSetName}'");
        }
        ProcessInput();
    }

    /// <summary>Handles one pipeline object (or the single call without pipeline input).</summary>
    protected abstract void ProcessInput();

    /// <summary>
    /// Writes a verbose line. PowerShell gives the verbose stream an Inquire preference under -Debug (a prompt at
    /// every line, and an error on a non-interactive host such as a build agent); under -Debug without -Verbose the
    /// line goes to the debug stream instead, so -Debug shows everything and never prompts.
    /// </summary>
    public void WriteVerboseLine(string text)
    {
        var bound = MyInvocation.BoundParameters;
        if (bound.TryGetValue("Debug", out var debug) && debug is SwitchParameter { IsPresent: true } && !bound.ContainsKey("Verbose"))
        {
            WriteDebug(text);
            return;
        }
        WriteVerbose(text);
    }

    /// <summary>
    /// Runs <paramref name="work"/> on the thread pool. Everything it wants written goes through the
    /// <see cref="CmdletSink"/> and is written here, on the pipeline thread, in order.
    /// </summary>
    protected void Run(Func<CmdletSink, CancellationToken, Task> work)
    {
        using var queue = new BlockingCollection<Action>();
        var sink = new CmdletSink(queue);
        var task = Task.Run(async () =>
        {
            try
            {
                await work(sink, _cancellation.Token).ConfigureAwait(false);
            }
            finally
            {
                queue.CompleteAdding();
            }
        });
        try
        {
            foreach (var write in queue.GetConsumingEnumerable())
            {
                write();
            }
        }
        catch
        {
            _cancellation.Cancel(); // a write failed (pipeline stopped): stop the work too
            try { task.Wait(); } catch (AggregateException) { }
            throw;
        }
        try
        {
            task.GetAwaiter().GetResult();
        }
        catch (OperationCanceledException) when (_cancellation.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
    }

    /// <summary>Writes <paramref name="exception"/> as a non-terminating error with its stable id and target.</summary>
    protected void WriteModelReleaseError(Exception exception, object? fallbackTarget = null) =>
        WriteError(ErrorRecords.From(exception, fallbackTarget));

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _cancellation.Dispose();
        GC.SuppressFinalize(this);
    }
}
