using System.Diagnostics;
using ModelRelease.Core.Operations;

namespace ModelRelease.Cli.Output;

/// <summary>
/// Progress on standard error as <c>hf</c> shows it: one updating line per stage (hashing, uploading, downloading,
/// scanning, …), each with its own percentage, bytes, rate and time left, ended with a line break when the stage
/// changes. Silent when standard error is not a terminal, under --quiet, and when HF_HUB_DISABLE_PROGRESS_BARS is set.
/// </summary>
public sealed class ConsoleProgress
{
    private readonly CliConsole _console;
    private readonly object _gate = new();
    private Stopwatch _clock = Stopwatch.StartNew();
    private long _last = -1000;
    private string _stage;
    private bool _open;

    public ConsoleProgress(CliConsole console, string stage, bool enabled = true)
    {
        _console = console;
        _stage = stage;
        Enabled = enabled && console.ErrorIsTerminal;
    }

    /// <summary>Progress for a command of <paramref name="session"/>: off under <paramref name="quiet"/> or HF_HUB_DISABLE_PROGRESS_BARS.</summary>
    public static ConsoleProgress For(CliConsole console, ModelReleaseSession session, string stage, bool quiet = false) =>
        new(console, stage, !quiet && !session.Options.ProgressBarsDisabled);

    public bool Enabled { get; }

    /// <summary>Bytes done of the current stage (a new <paramref name="stage"/> name starts a new line, rate and time left).</summary>
    public void Report(long done, long total, string? stage = null)
    {
        if (!Enabled) return;
        lock (_gate)
        {
            if (stage is not null && stage != _stage)
            {
                if (_open) _console.Error.Write('\n');
                _open = false;
                _stage = stage;
                _clock = Stopwatch.StartNew();
                _last = -1000;
            }
            var now = _clock.ElapsedMilliseconds;
            if (now - _last < 250 && done < total) return;
            _last = now;
            var seconds = Math.Max(_clock.Elapsed.TotalSeconds, 1e-3);
            var rate = done / seconds;
            var percent = total > 0 ? Math.Clamp(done * 100 / total, 0, 100) : 100;
            var left = rate > 0 && total > done ? TimeSpan.FromSeconds((total - done) / rate) : TimeSpan.Zero;
            _console.Error.Write($"\r{_stage}: {percent,3}% {ByteSizeText.Format(done)} of {ByteSizeText.Format(total)}, {ByteSizeText.Format((long)rate)}/s, {(done >= total ? $"done in {Duration(_clock.Elapsed)}" : $"{Duration(left)} left")}   ");
            _open = true;
            if (done >= total && total > 0)
            {
                _console.Error.Write('\n');
                _open = false;
                _last = long.MaxValue / 2; // nothing more of this stage until a new one starts
            }
        }
    }

    /// <summary>A step without bytes (release: checking the card, tagging): its own line.</summary>
    public void Step(string stage, string message)
    {
        if (!Enabled) return;
        lock (_gate)
        {
            if (_open) _console.Error.Write('\n');
            _open = false;
            _stage = stage;
            _clock = Stopwatch.StartNew();
            _last = -1000;
            _console.Error.WriteLine($"{stage}: {Core.PrintableText.Escape(message)}");
        }
    }

    /// <summary>Ends an open line (call when the command is done).</summary>
    public void Complete()
    {
        if (!Enabled) return;
        lock (_gate)
        {
            if (_open) _console.Error.Write('\n');
            _open = false;
        }
    }

    private static string Duration(TimeSpan t) => t.TotalHours >= 1 ? $"{(int)t.TotalHours}h{t.Minutes:00}m" : t.TotalMinutes >= 1 ? $"{(int)t.TotalMinutes}m{t.Seconds:00}s" : $"{Math.Max(0, t.TotalSeconds):0.0}s";
}
