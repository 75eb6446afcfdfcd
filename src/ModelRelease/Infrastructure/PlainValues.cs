using System.Collections;
using System.Management.Automation;

namespace ModelRelease.Infrastructure;

/// <summary>PowerShell values (PSObject wrappers, hashtables, arrays) as the plain dictionaries, lists and scalars the core takes.</summary>
public static class PlainValues
{
    private const int MaxDepth = 64;

    public static object? From(object? value, int depth = 0)
    {
        if (depth > MaxDepth) throw new ModelCardException("ModelCardValueInvalid", "CARD_VALUE_DEPTH", null, null, $"the value nests deeper than {MaxDepth} levels (a hashtable that contains itself?)", ErrorKind.InvalidArgument);
        value = value is PSObject pso ? pso.BaseObject : value;
        return value switch
        {
            null or string or bool or long or int or short or byte or double or float or decimal => value,
            IDictionary d => d.Keys.Cast<object>().ToDictionary(k => (k is PSObject p ? p.BaseObject : k).ToString()!, k => From(d[k], depth + 1), StringComparer.Ordinal),
            IEnumerable e => e.Cast<object?>().Select(x => From(x, depth + 1)).ToList(),
            _ => value.ToString(),
        };
    }

    /// <summary>A hashtable's entries in its own order (an [ordered] hashtable keeps the order written).</summary>
    public static IEnumerable<KeyValuePair<string, object?>> Entries(IDictionary? table) =>
        table is null ? [] : table.Keys.Cast<object>().Select(k => new KeyValuePair<string, object?>((k is PSObject p ? p.BaseObject : k).ToString()!, From(table[k])));
}
