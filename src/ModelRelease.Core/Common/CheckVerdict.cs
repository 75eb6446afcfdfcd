namespace ModelRelease.Core;

/// <summary>
/// The one Boolean of a check over many inputs (Test-Checkpoint -Quiet, Test-ModelCard -Quiet): it passes only
/// when at least one input was checked, every checked input passed, and no input failed to be read — an input
/// that could not be found or opened, or no input at all, is never a pass. Safe to use from several threads.
/// </summary>
public sealed class CheckVerdict
{
    private int _checked;
    private int _failed;

    /// <summary>One input was checked; <paramref name="passed"/> is its verdict.</summary>
    public void Add(bool passed)
    {
        Interlocked.Increment(ref _checked);
        if (!passed) Interlocked.Increment(ref _failed);
    }

    /// <summary>An input could not be checked at all (not found, unreadable, not a file).</summary>
    public void AddUnreadable() => Interlocked.Increment(ref _failed);

    /// <summary>How many inputs were checked.</summary>
    public int Checked => Volatile.Read(ref _checked);

    /// <summary>True when something was checked and nothing failed.</summary>
    public bool Passed => Checked > 0 && Volatile.Read(ref _failed) == 0;
}
