using System.Numerics;

namespace ModelRelease.Core.Checkpoints.PyTorch.Pickle;

/// <summary>
/// A value of the symbolic pickle machine. Nothing here is ever executed: globals are names, calls of
/// the few allow-listed callables are interpreted into descriptions (tensors, storages, dicts).
/// </summary>
public abstract class PickleValue
{
    /// <summary>Offset in the file of the opcode that made the value (for errors).</summary>
    public long Offset { get; init; }
}

public sealed class PickleNone : PickleValue;

public sealed class PickleBool(bool value) : PickleValue
{
    public bool Value { get; } = value;
}

public sealed class PickleInt(BigInteger value) : PickleValue
{
    public BigInteger Value { get; } = value;

    public bool TryGetInt64(out long v)
    {
        if (Value >= long.MinValue && Value <= long.MaxValue)
        {
            v = (long)Value;
            return true;
        }
        v = 0;
        return false;
    }
}

public sealed class PickleFloat(double value) : PickleValue
{
    public double Value { get; } = value;
}

public sealed class PickleString(string value) : PickleValue
{
    private int _hash;

    public string Value { get; } = value;

    /// <summary>The value's hash, computed once (a dict key may be a memoized string of many megabytes set again and again).</summary>
    public override int GetHashCode()
    {
        if (_hash == 0) _hash = string.GetHashCode(Value, StringComparison.Ordinal) | 1;
        return _hash;
    }

    public override bool Equals(object? obj) => ReferenceEquals(this, obj);
}

public sealed class PickleBytes(byte[] value) : PickleValue
{
    public byte[] Value { get; } = value;
}

/// <summary>Tuples, lists, sets and frozensets: an ordered list of items.</summary>
public sealed class PickleSequence(PickleSequenceKind kind, List<PickleValue> items) : PickleValue
{
    public PickleSequenceKind Kind { get; } = kind;
    public List<PickleValue> Items { get; } = items;
}

public enum PickleSequenceKind
{
    Tuple,
    List,
    Set,
}

/// <summary>dict / OrderedDict, insertion-ordered; a key set twice keeps its first position and the last value.</summary>
public sealed class PickleDict : PickleValue
{
    private readonly Dictionary<KeyIdentity, int> _index = [];

    public List<KeyValuePair<PickleValue, PickleValue>> Entries { get; } = [];

    public void Set(PickleValue key, PickleValue value)
    {
        var identity = KeyIdentity.Of(key);
        if (identity is { } id && _index.TryGetValue(id, out var at))
        {
            Entries[at] = new(key, value);
            return;
        }
        if (identity is { } added) _index[added] = Entries.Count;
        Entries.Add(new(key, value));
    }

    /// <summary>
    /// Equality of the keys Python compares by value (str; int and bool alike), without copying them: a memoized key
    /// of many megabytes set again and again is hashed once (its hash is cached on the value) and compared by reference.
    /// </summary>
    private readonly struct KeyIdentity(PickleValue key) : IEquatable<KeyIdentity>
    {
        private readonly PickleValue _key = key;

        public static KeyIdentity? Of(PickleValue key) => key is PickleString or PickleInt or PickleBool ? new KeyIdentity(key) : null;

        public bool Equals(KeyIdentity other) => (_key, other._key) switch
        {
            (PickleString a, PickleString b) => ReferenceEquals(a, b) || (a.GetHashCode() == b.GetHashCode() && string.Equals(a.Value, b.Value, StringComparison.Ordinal)),
            (PickleString, _) or (_, PickleString) => false,
            _ => AsInteger(_key) == AsInteger(other._key),
        };

        public override bool Equals(object? obj) => obj is KeyIdentity other && Equals(other);

        public override int GetHashCode() => _key is PickleString s ? s.GetHashCode() : AsInteger(_key).GetHashCode();

        private static System.Numerics.BigInteger AsInteger(PickleValue v) => v switch
        {
            PickleInt i => i.Value,
            PickleBool b => b.Value ? 1 : 0,
            _ => 0,
        };
    }
}

/// <summary>A global reference (module, name) that is on the allow-list. It is only a name.</summary>
public sealed class PickleGlobal(string module, string name) : PickleValue
{
    public string Module { get; } = module;
    public string Name { get; } = name;
    public string FullName => Module + "." + Name;
}

/// <summary>A value built from something not allowed; only kept so the scan can go on and report every unsafe global.</summary>
public sealed class PickleTainted : PickleValue;

/// <summary>A persistent storage reference: ('storage', type, key, location, numel[, view]).</summary>
public sealed class PickleStorage : PickleValue
{
    public required string Key { get; init; }
    public required TorchStorageType Type { get; init; }
    public required string Location { get; init; }

    /// <summary>Elements of <see cref="Type"/> (bytes for UntypedStorage).</summary>
    public required long ElementCount { get; init; }

    /// <summary>Legacy views: the root storage this one views and its element offset in it.</summary>
    public string? RootKey { get; init; }
    public long RootOffset { get; init; }
}

/// <summary>A tensor described by a rebuild call, never materialised.</summary>
public sealed class PickleTensor : PickleValue
{
    public required PickleStorage? Storage { get; init; }
    public required TorchDType DType { get; init; }
    public required long StorageOffset { get; init; }
    public required long[] Shape { get; init; }
    public required long[] Stride { get; init; }
}

/// <summary>The stack marker pushed by MARK.</summary>
public sealed class PickleMark : PickleValue;
