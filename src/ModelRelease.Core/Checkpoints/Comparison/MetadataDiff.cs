using System.Collections;

namespace ModelRelease.Core.Checkpoints.Comparison;

/// <summary>The metadata keys two checkpoints do not share or hold with other values, compared deeply (lists item by item, maps key by key).</summary>
internal static class MetadataDiff
{
    /// <summary>Past this nesting, values are compared as unequal rather than walked further (readers nest far less).</summary>
    private const int MaxDepth = 64;

    public static IReadOnlyList<string> ChangedKeys(IReadOnlyDictionary<string, object?> reference, IReadOnlyDictionary<string, object?> difference)
    {
        var changed = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (key, value) in reference)
        {
            if (!difference.TryGetValue(key, out var other) || !Same(value, other, 0)) changed.Add(key);
        }
        foreach (var key in difference.Keys)
        {
            if (!reference.ContainsKey(key)) changed.Add(key);
        }
        return changed.ToList();
    }

    public static bool Same(object? a, object? b, int depth)
    {
        if (ReferenceEquals(a, b)) return true;
        if (a is null || b is null || depth > MaxDepth) return false;
        if (a is string || b is string) return a is string x && b is string y && string.Equals(x, y, StringComparison.Ordinal);
        if (a is IDictionary || b is IDictionary)
        {
            if (a is not IDictionary left || b is not IDictionary right || left.Count != right.Count) return false;
            foreach (DictionaryEntry entry in left)
            {
                if (!right.Contains(entry.Key) || !Same(entry.Value, right[entry.Key], depth + 1)) return false;
            }
            return true;
        }
        if (a is IEnumerable ea && b is IEnumerable eb)
        {
            var x = ea.GetEnumerator();
            var y = eb.GetEnumerator();
            while (true)
            {
                var more = x.MoveNext();
                if (more != y.MoveNext()) return false;
                if (!more) return true;
                if (!Same(x.Current, y.Current, depth + 1)) return false;
            }
        }
        return a.Equals(b);
    }
}
