namespace ModelRelease.Core.Checkpoints.Deep;

/// <summary>NaN and infinity counts of a run of floating-point elements.</summary>
public struct NonFiniteCounts
{
    public long NaN;
    public long PositiveInfinity;
    public long NegativeInfinity;

    public readonly bool Any => NaN != 0 || PositiveInfinity != 0 || NegativeInfinity != 0;

    public void Add(NonFiniteCounts other)
    {
        NaN += other.NaN;
        PositiveInfinity += other.PositiveInfinity;
        NegativeInfinity += other.NegativeInfinity;
    }
}
