using System.Diagnostics;

namespace ModelRelease.Cli.Output;

/// <summary>One updating progress line on standard error when it is a terminal; silent otherwise.</summary>
public sealed class ConsoleProgress(CliConsole console, string activity)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private long _last = -1000;

    public void Report(long done, long total)
    {
        if (!console.ErrorIsTerminal) return;
        var now = _clock.ElapsedMilliseconds;
        if (now - Interlocked.Read(ref _last) < 250 && done < total) return;
        Interlocked.Exchange(ref _last, now);
        var rate = done / Math.Max(_clock.Elapsed.TotalSeconds, 1e-3);
        var percent = total > 0 ? done * 100 / total : 0;
        lock (console.Error)
        {
            console.Error.Write($"\r{activity}: {percent,3}% {ByteSizeText.Format(done)} of {ByteSizeText.Format(total)} ({ByteSizeText.Format((long)rate)}/s)   ");
            if (done >= total) console.Error.Write('\n');
        }
    }
}
