using System.Diagnostics;
using System.Management.Automation;

namespace ModelRelease.Infrastructure;

/// <summary>
/// Throttled Write-Progress for one activity: at most four updates a second, except those the caller forces (the
/// first of a new stage), and a Completed record at the end, which callers write in a finally so that a failed or
/// stopped operation leaves no bar behind. Safe to call from worker threads: writes go through the sink.
/// </summary>
public sealed class ProgressWriter(CmdletSink sink, Cmdlet cmdlet, int activityId, string activity, int parentActivityId = -1)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private long _lastTicks = -TimeSpan.TicksPerSecond;

    public void Report(string status, long done, long total, bool force = false)
    {
        var now = _clock.Elapsed.Ticks;
        if (!force && now - Interlocked.Read(ref _lastTicks) < TimeSpan.TicksPerSecond / 4) return;
        Interlocked.Exchange(ref _lastTicks, now);
        var percent = total > 0 ? (int)Math.Clamp(done * 100 / total, 0, 100) : -1;
        var seconds = Math.Max(_clock.Elapsed.TotalSeconds, 1e-3);
        var rate = done / seconds;
        var record = new ProgressRecord(activityId, activity, $"{status}: {FormatBytes(done)} of {FormatBytes(total)} ({FormatBytes((long)rate)}/s)")
        {
            PercentComplete = percent,
            ParentActivityId = parentActivityId,
            SecondsRemaining = rate > 0 && total > done ? (int)Math.Min(int.MaxValue, (total - done) / rate) : -1,
        };
        sink.Post(() => cmdlet.WriteProgress(record));
    }

    /// <summary>A status without bytes (a stage, files done of files): always shown.</summary>
    public void ReportStatus(string status, int percent = -1)
    {
        Interlocked.Exchange(ref _lastTicks, _clock.Elapsed.Ticks);
        var record = new ProgressRecord(activityId, activity, status) { PercentComplete = percent, ParentActivityId = parentActivityId };
        sink.Post(() => cmdlet.WriteProgress(record));
    }

    public void Complete()
    {
        var record = new ProgressRecord(activityId, activity, "Done") { RecordType = ProgressRecordType.Completed, ParentActivityId = parentActivityId };
        sink.Post(() => cmdlet.WriteProgress(record));
    }

    public static string FormatBytes(long bytes) => ByteSizeText.Format(bytes);
}
