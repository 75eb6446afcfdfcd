using System.Globalization;
using System.Text;
using ModelRelease.Core.Checkpoints.Common;
using ModelRelease.Core.Checkpoints.PyTorch.Pickle;

namespace ModelRelease.Core.Checkpoints.PyTorch;

/// <summary>
/// Finds the tensors wherever they sit in the saved object — a plain state dict, or a training
/// checkpoint nesting it under <c>model</c>, <c>state_dict</c>, <c>optimizer.state.0</c> … — and names
/// them with dotted paths (<c>model.layers.0.q_proj.weight</c>); list items are named by position.
/// Non-tensor leaves (epoch, learning rates) become metadata under the same naming.
/// <para>
/// The walk is iterative (an explicit stack, never the call stack) and visits each container once, by
/// identity: a container the object references again (shared, or containing itself) is not expanded a second
/// time, so the work is bounded by the pickle's own size however its references multiply the paths. Tensors
/// are recorded under every name that reaches them (tied weights); metadata leaves are capped
/// (<see cref="CheckpointReaderLimits.MaxPickleLeaves"/>), names are capped in length, nesting deeper than
/// <see cref="CheckpointReaderLimits.MaxPickleDepth"/> is PT_PICKLE_DEPTH.
/// </para>
/// </summary>
/// <param name="pickleBytes">The length of the pickle the object came from: the names the walk may build, in total, grow with it.</param>
public sealed class TorchObjectWalker(string path, CheckpointReaderLimits limits, long pickleBytes = 0)
{
    /// <summary>Longest tensor or metadata name, in characters (real names are far below this).</summary>
    public const int MaxNameLength = 4096;

    /// <summary>Deepest nesting of a tuple used as a dict key.</summary>
    public const int MaxKeyDepth = 32;

    private readonly Dictionary<PickleValue, string> _expanded = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<PickleValue, string?> _keyNames = new(ReferenceEqualityComparer.Instance);
    private readonly long _nameBudget = Math.Max(limits.MinPickleNameBudget, CheckedMath.Multiply(pickleBytes, limits.PickleNameCharsPerByte) ?? long.MaxValue);
    private long _nameChars;
    private readonly List<Finding> _findings = [];
    private long _sharedContainers;
    private string? _firstShared;
    private string? _firstSharedWith;
    private long _leavesOmitted;
    private long _overlongLeaves;

    public List<(string Name, PickleTensor Tensor)> Tensors { get; } = [];

    public Dictionary<string, object?> Leaves { get; } = new(StringComparer.Ordinal);

    /// <summary>Characters of the names the walk built (of containers, tensors and values), against a budget that grows with the pickle.</summary>
    public long NameCharacters => _nameChars;

    /// <summary>Values looked at (container items and the root): the walk's work.</summary>
    public long Visited { get; private set; }

    /// <summary>Containers expanded; each at most once.</summary>
    public long ContainersExpanded => _expanded.Count;

    /// <summary>What the walk noticed: shared containers walked once, metadata left out.</summary>
    public IReadOnlyList<Finding> Findings => _findings;

    private readonly record struct Frame(PickleValue Container, string? Name, int Depth)
    {
        public int Next { get; init; }
    }

    public void Walk(PickleValue root)
    {
        var stack = new Stack<Frame>();
        Visit(root, "", 0, stack);
        while (stack.Count > 0)
        {
            var frame = stack.Pop();
            var (child, key) = frame.Container switch
            {
                PickleDict d when frame.Next < d.Entries.Count => (d.Entries[frame.Next].Value, KeyName(d.Entries[frame.Next].Key)),
                PickleSequence s when frame.Next < s.Items.Count => (s.Items[frame.Next], frame.Next.ToString(CultureInfo.InvariantCulture)),
                _ => (null, null),
            };
            if (child is null) continue;
            stack.Push(frame with { Next = frame.Next + 1 });
            Visit(child, Join(frame.Name, key, child.Offset), frame.Depth + 1, stack);
        }
        Summarise();
    }

    /// <summary>
    /// Records a leaf, or pushes a container to expand. <paramref name="name"/> is null when it would be longer
    /// than <see cref="MaxNameLength"/>: a tensor there is an error, a leaf is left out.
    /// </summary>
    private void Visit(PickleValue value, string? name, int depth, Stack<Frame> stack)
    {
        if (++Visited > Math.Max(1_000_000, limits.MaxPickleMemo * 10L))
        {
            throw CheckpointErrors.Invalid(PyTorchCodes.PickleStructure, path, value.Offset, $"the saved object holds more than {Math.Max(1_000_000, limits.MaxPickleMemo * 10L)} values: refused");
        }
        switch (value)
        {
            case PickleTensor tensor:
                if (name is null) throw CheckpointErrors.Invalid(PyTorchCodes.PickleStructure, path, value.Offset, $"a tensor's dotted name would be longer than {MaxNameLength} characters");
                Tensors.Add((name.Length == 0 ? "(root)" : name, tensor));
                return;
            case PickleDict or PickleSequence:
                if (depth > limits.MaxPickleDepth)
                {
                    throw new CheckpointFormatException(CheckpointErrorKind.Invalid, PyTorchCodes.PickleDepth, path,
                        $"the saved object nests containers more than {limits.MaxPickleDepth} levels deep (at '{Clip(name)}')", value.Offset);
                }
                if (_expanded.TryGetValue(value, out var first))
                {
                    // Seen before: a container that contains itself (its first name is a prefix of this one) is simply
                    // not walked again; one referenced from elsewhere too is walked once, under its first name.
                    if (name is not null && !IsWithin(name, first) && _sharedContainers++ == 0)
                    {
                        (_firstShared, _firstSharedWith) = (name, first);
                    }
                    return;
                }
                _expanded.Add(value, name ?? "");
                stack.Push(new Frame(value, name, depth));
                return;
            case PickleStorage:
            case PickleMark:
            case PickleTainted:
                return;
            default:
                if (name is null) { _overlongLeaves++; return; }
                if (name.Length == 0) return;
                if (Leaves.Count >= limits.MaxPickleLeaves && !Leaves.ContainsKey(name)) { _leavesOmitted++; return; }
                Leaves[name] = LeafValue(value);
                return;
        }
    }

    private void Summarise()
    {
        if (_sharedContainers > 0)
        {
            _findings.Add(new Finding(FindingSeverity.Info, PyTorchCodes.SharedContainer,
                $"'{Clip(_firstShared)}' is the same object as '{Clip(_firstSharedWith)}'{(_sharedContainers > 1 ? $" ({_sharedContainers} such references)" : "")}: a container the object references more than once is listed once, under its first name")
            { Path = path });
        }
        if (_leavesOmitted + _overlongLeaves > 0)
        {
            var why = string.Join(" and ", new[]
            {
                _leavesOmitted > 0 ? $"{_leavesOmitted} beyond the first {limits.MaxPickleLeaves}" : null,
                _overlongLeaves > 0 ? $"{_overlongLeaves} whose names would be longer than {MaxNameLength} characters" : null,
            }.OfType<string>());
            _findings.Add(new Finding(FindingSeverity.Warning, PyTorchCodes.MetadataOmitted, $"non-tensor values left out of the metadata: {why}") { Path = path });
        }
    }

    private static bool IsWithin(string name, string ancestor) =>
        ancestor.Length == 0 || (name.StartsWith(ancestor, StringComparison.Ordinal) && (name.Length == ancestor.Length || name[ancestor.Length] == '.'));

    /// <summary>
    /// The dotted name of a child. Every name built is charged to a budget proportional to the pickle's length: a long
    /// prefix over many entries (or many references to one tensor) cannot multiply a small pickle into gigabytes of names.
    /// </summary>
    private string? Join(string? prefix, string? key, long at)
    {
        if (prefix is null || key is null) return null;
        if (prefix.Length + 1 + key.Length > MaxNameLength) return null;
        var name = prefix.Length == 0 ? key : prefix + "." + key;
        _nameChars += name.Length;
        if (_nameChars > _nameBudget)
        {
            throw CheckpointErrors.Invalid(PyTorchCodes.PickleStructure, path, at,
                $"the names of the saved object's values add up to more than {_nameBudget} characters (long names repeated over many entries multiply them): refused");
        }
        return name;
    }

    /// <summary>
    /// A dict key as a name part; tuple keys render as <c>(a, b)</c>. Iterative, with a nesting limit and
    /// cycle detection (PT_PICKLE_DEPTH); null when the text would be longer than <see cref="MaxNameLength"/>.
    /// </summary>
    private string? KeyName(PickleValue key)
    {
        switch (key)
        {
            case PickleString s: return s.Value.Length > MaxNameLength ? null : s.Value;
            case PickleSequence:
                // A tuple key referenced by many entries is rendered once.
                if (_keyNames.TryGetValue(key, out var known)) return known;
                var rendered = RenderSequenceKey((PickleSequence)key);
                _keyNames[key] = rendered;
                return rendered;
            default: return ScalarName(key);
        }
    }

    private string? RenderSequenceKey(PickleSequence key)
    {
        var text = new StringBuilder();
        var onPath = new HashSet<PickleValue>(ReferenceEqualityComparer.Instance);
        var stack = new Stack<(PickleSequence Sequence, int Next)>();
        void Open(PickleSequence s)
        {
            if (!onPath.Add(s))
            {
                throw new CheckpointFormatException(CheckpointErrorKind.Invalid, PyTorchCodes.PickleDepth, path, "a dict key contains itself (a key Python could not hash)", key.Offset);
            }
            if (stack.Count >= MaxKeyDepth)
            {
                throw new CheckpointFormatException(CheckpointErrorKind.Invalid, PyTorchCodes.PickleDepth, path, $"a dict key nests tuples more than {MaxKeyDepth} levels deep", key.Offset);
            }
            text.Append('(');
            stack.Push((s, 0));
        }
        Open(key);
        while (stack.Count > 0)
        {
            if (text.Length > MaxNameLength) return null;
            var (seq, next) = stack.Pop();
            if (next >= seq.Items.Count)
            {
                onPath.Remove(seq);
                text.Append(')');
                continue;
            }
            stack.Push((seq, next + 1));
            if (next > 0) text.Append(", ");
            var item = seq.Items[next];
            if (item is PickleSequence inner)
            {
                Open(inner);
                continue;
            }
            var part = ScalarName(item);
            if (text.Length + part.Length > MaxNameLength) return null;
            text.Append(part);
        }
        return text.Length > MaxNameLength ? null : text.ToString();
    }

    private static string ScalarName(PickleValue key) => key switch
    {
        PickleString s => s.Value,
        PickleInt i => i.Value.ToString(CultureInfo.InvariantCulture),
        PickleBool b => b.Value ? "True" : "False",
        PickleFloat f => f.Value.ToString("R", CultureInfo.InvariantCulture),
        PickleNone => "None",
        PickleGlobal g => g.FullName,
        _ => "?",
    };

    private static object? LeafValue(PickleValue value) => value switch
    {
        PickleInt i => i.TryGetInt64(out var n) ? n : i.Value.ToString(CultureInfo.InvariantCulture),
        PickleFloat f => f.Value,
        PickleBool b => b.Value,
        PickleNone => null,
        PickleString s => s.Value,
        PickleBytes b => $"<{b.Value.Length} bytes>",
        PickleGlobal g => g.FullName,
        _ => PickleMachine.Describe(value),
    };

    private static string Clip(string? name) => name is null ? "…" : name.Length > 80 ? name[..77] + "…" : name;
}
