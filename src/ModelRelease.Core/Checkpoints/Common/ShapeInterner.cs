namespace ModelRelease.Core.Checkpoints.Common;

/// <summary>
/// Hands out one shared array per distinct shape a reader meets, so a checkpoint of a million tensors of a few shapes
/// keeps a few shape arrays, not a million. Lookups reuse a scratch key per rank (no allocation for a shape already
/// seen); past <see cref="MaxDistinct"/> distinct shapes, new ones are simply copied (a header of all-different shapes
/// gains nothing from a table). Shapes handed out are shared: never write to them.
/// </summary>
public sealed class ShapeInterner
{
    public const int MaxDistinct = 1 << 16;

    private readonly Dictionary<long[], long[]> _shapes = new(ContentComparer.Instance);
    private readonly Dictionary<int, long[]> _scratch = [];

    public long[] Intern(ReadOnlySpan<long> dims)
    {
        if (dims.IsEmpty) return [];
        if (!_scratch.TryGetValue(dims.Length, out var key)) _scratch[dims.Length] = key = new long[dims.Length];
        dims.CopyTo(key);
        if (_shapes.TryGetValue(key, out var shared)) return shared;
        var copy = dims.ToArray();
        if (_shapes.Count < MaxDistinct) _shapes[copy] = copy;
        return copy;
    }

    private sealed class ContentComparer : IEqualityComparer<long[]>
    {
        public static readonly ContentComparer Instance = new();

        public bool Equals(long[]? x, long[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(long[] obj)
        {
            var hash = new HashCode();
            hash.AddBytes(System.Runtime.InteropServices.MemoryMarshal.AsBytes(obj.AsSpan()));
            return hash.ToHashCode();
        }
    }
}
