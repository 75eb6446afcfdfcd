namespace ModelRelease.Core.Tests.Support;

/// <summary>Small helpers shared by the reader tests.</summary>
public static class Run
{
    /// <summary>A token that cancels a test that hangs, so a hang fails instead of stalling the suite.</summary>
    public static CancellationToken Timeout(int seconds = 30) => new CancellationTokenSource(TimeSpan.FromSeconds(seconds)).Token;
}
