namespace ModelRelease.Core.Checkpoints.PyTorch.Pickle;

/// <summary>
/// How many values the allow-listed calls of one pickle may build by copying (set(list), OrderedDict(pairs),
/// _codecs.encode …). Opcodes themselves build at most a few values per byte; copies are what could multiply a small
/// stream into a huge object (one list passed to set() ten thousand times), so they are counted against a budget
/// proportional to the stream's length and the pickle is refused (PT_PICKLE_STRUCTURE) beyond it.
/// </summary>
public sealed class PickleCopyBudget(long limit)
{
    public long Limit { get; } = limit;

    public long Spent { get; private set; }

    public void Spend(long values, long at, string what, PickleCalls.ErrorFactory error)
    {
        Spent += values;
        if (Spent > Limit)
        {
            throw error(PyTorchCodes.PickleStructure, at, $"{what} would copy values past the pickle's budget of {Limit} (calls that copy the same values over and over multiply a small stream): refused");
        }
    }
}
