using System.Collections.Concurrent;
using System.Management.Automation;
using System.Management.Automation.Host;

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
        if (bound.TryGetValue("Debug", out var debug) && LanguagePrimitives.IsTrue(debug) && !bound.ContainsKey("Verbose"))
        {
            WriteDebug(text);
            return;
        }
        WriteVerbose(text);
    }

    /// <summary>
    /// Writes a warning. PowerShell gives the warning stream an Inquire preference under -Debug, as it does the verbose
    /// stream (a prompt at every warning, and an error on a non-interactive host such as a build agent); when that
    /// preference came from -Debug (no -WarningAction), the warning is written to the warning stream as under Continue,
    /// so -Debug shows everything and never prompts. -WarningAction and $WarningPreference keep their meaning otherwise.
    /// Pipeline thread only.
    /// </summary>
    public void WriteWarningLine(string text)
    {
        var bound = MyInvocation.BoundParameters;
        if (bound.TryGetValue("Debug", out var debug) && LanguagePrimitives.IsTrue(debug) && !bound.ContainsKey("WarningAction"))
        {
            if (UnpromptedWarning.TryWrite(CommandRuntime, text)) return;
            WriteDebug($"WARNING: {text}"); // a PowerShell without the unprompted write: shown, never asked
            return;
        }
        WriteWarning(text);
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

    private bool _yesToAllHighImpact;
    private bool _noToAllHighImpact;

    /// <summary>
    /// ShouldProcess for a destructive action (moving a release tag, creating a public repository, deleting a
    /// repository, files, a tag or cached revisions): it behaves as if the action's ConfirmImpact were High, whether
    /// the cmdlet declares High (the Remove cmdlets: ShouldProcess itself asks) or keeps a declared Medium (then
    /// ShouldContinue asks under the default preference). -WhatIf shows it and returns false; -Confirm prompts
    /// (through ShouldProcess); -Confirm:$false or $ConfirmPreference = 'None' skips the prompt; otherwise it
    /// prompts, since High meets every other $ConfirmPreference. Must run on the pipeline thread (from a
    /// <see cref="CmdletSink.AskAsync{T}"/> when the work is off it). A host that cannot prompt turns into the
    /// terminating error ConfirmationRequired, whose RecommendedAction says <paramref name="howToSkip"/>.
    /// </summary>
    protected bool ShouldProcessHighImpact(string target, string action, string howToSkip)
    {
        try
        {
            // WhatIf, -Confirm (prompts here), -Confirm:$false, and a $ConfirmPreference of Medium or Low (prompts here);
            // for a cmdlet declared High, also the default preference (prompts here).
            if (!ShouldProcess(target, action)) return false;
            if (DeclaresHighImpact || MyInvocation.BoundParameters.ContainsKey("Confirm")) return true;
            var preference = LanguagePrimitives.TryConvertTo(SessionState.PSVariable.GetValue("ConfirmPreference"), out ConfirmImpact p) ? p : ConfirmImpact.High;
            if (preference != ConfirmImpact.High) return true; // None: never prompt; Medium or Low: ShouldProcess asked
            if (_yesToAllHighImpact) return true;
            if (_noToAllHighImpact) return false;
            return ShouldContinue($"Are you sure you want to perform this action?\nPerforming the operation \"{action}\" on target \"{target}\".", "Confirm", ref _yesToAllHighImpact, ref _noToAllHighImpact);
        }
        catch (Exception ex) when (ex is HostException or PSInvalidOperationException or NotImplementedException)
        {
            ThrowTerminatingError(ConfirmationRequired(target, action, howToSkip, ex));
            return false;
        }
    }

    /// <summary>True when the cmdlet itself declares ConfirmImpact High (every one of its writes is destructive).</summary>
    private bool DeclaresHighImpact =>
        GetType().GetCustomAttributes(typeof(CmdletAttribute), inherit: false) is [CmdletAttribute { ConfirmImpact: ConfirmImpact.High }];

    /// <summary>
    /// Answers an operation's question about a write with ShouldProcess — a high-impact one (creating a public
    /// repository, moving a tag), and every question of a cmdlet declared High, with
    /// <see cref="ShouldProcessHighImpact"/>. Pipeline thread only.
    /// </summary>
    protected bool Decide(Core.Operations.OperationQuestion question) => question.HighImpact || DeclaresHighImpact
        ? ShouldProcessHighImpact(question.Target, question.Action, question.HowToSkip ?? "Pass -Confirm:$false.")
        : ShouldProcess(question.Target, question.Action);

    /// <summary>An operation's decider for work running off the pipeline thread: each question is asked on it through <paramref name="sink"/>.</summary>
    protected Core.Operations.OperationDecider Decider(CmdletSink sink) =>
        async (question, _) => await sink.AskAsync(() => Decide(question)).ConfigureAwait(false);

    /// <summary>True under -WhatIf or $WhatIfPreference: nothing may be written.</summary>
    protected bool WhatIfInEffect => MyInvocation.BoundParameters.TryGetValue("WhatIf", out var whatIf)
        ? LanguagePrimitives.IsTrue(whatIf)
        : LanguagePrimitives.IsTrue(SessionState.PSVariable.GetValue("WhatIfPreference"));

    /// <summary>The error of a destructive action that could not be confirmed because the host cannot prompt.</summary>
    internal static ErrorRecord ConfirmationRequired(string target, string action, string howToSkip, Exception hostError)
    {
        var message = $"'{action}' on '{target}' needs confirmation, and this host cannot prompt ({hostError.Message}). Nothing was changed.";
        return new ErrorRecord(new ConfirmationRequiredException(message, target, hostError), ConfirmationRequiredException.Id, ErrorCategory.InvalidOperation, target)
        {
            ErrorDetails = new ErrorDetails(message) { RecommendedAction = howToSkip },
        };
    }

    /// <summary>The session of a call that does not talk to the Hub: the environment (cache folder) read once through the core.</summary>
    protected static Core.Operations.ModelReleaseSession OpenLocalSession() => Sessions.Local();

    /// <summary>Writes <paramref name="exception"/> as a non-terminating error with its stable id and target.</summary>
    protected void WriteModelReleaseError(Exception exception, object? fallbackTarget = null) =>
        WriteError(ErrorRecords.From(exception, fallbackTarget));

    /// <summary>PowerShell disposes the cmdlet when its pipeline ends, also when it was stopped (then EndProcessing never runs).</summary>
    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases what the cmdlet holds; an override releases its own and then calls this.</summary>
    protected virtual void Dispose(bool disposing)
    {
        if (_disposed) return;
        _disposed = true;
        if (disposing) _cancellation.Dispose();
    }
}
