namespace ModelRelease.Registry.Tests.Support;

/// <summary>A clock the test moves (grace periods, quarters); starts at 2023-06-15 10:00 UTC.</summary>
public sealed class ManualClock : TimeProvider
{
    public DateTimeOffset Now { get; set; } = new(2023, 6, 15, 10, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() => Now;

    public void Advance(TimeSpan by) => Now += by;
}
