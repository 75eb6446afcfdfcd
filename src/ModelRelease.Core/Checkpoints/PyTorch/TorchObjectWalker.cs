using System.Globalization;
using ModelRelease.Core.Checkpoints.Common;
using ModelRelease.Core.Checkpoints.PyTorch.Pickle;

namespace ModelRelease.Core.Checkpoints.PyTorch;

/// <summary>
/// Finds the tensors wherever they sit in the saved object — a plain state dict, or a training
/// checkpoint nesting it under <c>model</c>, <c>state_dict</c>, <c>optimizer.state.0</c> … — and names
/// them with dotted paths (<c>model.layers.0.q_proj.weight</c>); list items are named by position.
/// Non-tensor leaves (epoch, learning rates) become metadata under the same naming.
/// </summary>
public sealed class TorchObjectWalker(string path, CheckpointReaderLimits limits)
{
    private const int MaxDepth = 1000;
    private readonly HashSet<PickleValue> _onPath = new(ReferenceEqualityComparer.Instance);
    private long _visited;

    public List<(string Name, PickleTensor Tensor)> Tensors { get; } = [];

    public Dictionary<string, object?> Leaves { get; } = new(StringComparer.Ordinal);

    public void Walk(PickleValue root) => Visit(root, "", 0);

    private void Visit(PickleValue value, string name, int depth)
    {
        if (++_visited > Math.Max(1_000_000, limits.MaxPickleMemo * 10L))
        {
            throw CheckpointErrors.Invalid(PyTorchCodes.PickleStructure, path, value.Offset, "the saved object is too large to walk (shared references multiply it): refused");
        }
        if (depth > MaxDepth) throw CheckpointErrors.Invalid(PyTorchCodes.PickleStructure, path, value.Offset, $"the saved object nests deeper than {MaxDepth} levels");
        switch (value)
        {
            case PickleTensor tensor:
                Tensors.Add((name.Length == 0 ? "(root)" : name, tensor));
                return;
            case PickleDict dict:
                if (!_onPath.Add(dict)) return; // a container that contains itself: walk it once
                foreach (var (key, child) in dict.Entries) Visit(child, Join(name, KeyName(key)), depth + 1);
                _onPath.Remove(dict);
                return;
            case PickleSequence seq:
                if (!_onPath.Add(seq)) return;
                for (var i = 0; i < seq.Items.Count; i++) Visit(seq.Items[i], Join(name, i.ToString(CultureInfo.InvariantCulture)), depth + 1);
                _onPath.Remove(seq);
                return;
            case PickleStorage:
            case PickleMark:
            case PickleTainted:
                return;
            default:
                if (name.Length > 0) Leaves[name] = LeafValue(value);
                return;
        }
    }

    private static string Join(string prefix, string key) => prefix.Length == 0 ? key : prefix + "." + key;

    private static string KeyName(PickleValue key) => key switch
    {
        PickleString s => s.Value,
        PickleInt i => i.Value.ToString(CultureInfo.InvariantCulture),
        PickleBool b => b.Value ? "True" : "False",
        PickleFloat f => f.Value.ToString("R", CultureInfo.InvariantCulture),
        PickleNone => "None",
        PickleGlobal g => g.FullName,
        PickleSequence s => "(" + string.Join(", ", s.Items.Select(KeyName)) + ")",
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
}
