using System.Text;

namespace ModelRelease.Core.Checkpoints.PyTorch.Pickle;

/// <summary>
/// What REDUCE, NEWOBJ and BUILD mean for the allow-listed globals, interpreted into descriptions.
/// Nothing is called: a rebuild "call" becomes a <see cref="PickleTensor"/> naming its storage, offset,
/// shape and strides.
/// </summary>
public static class PickleCalls
{
    public delegate ModelRelease.CheckpointFormatException ErrorFactory(string code, long offset, string detail);

    private const int MaxRank = 64;

    /// <summary>Most _rebuild_from_type_v2 calls nested in one another (torch writes one).</summary>
    public const int MaxRebuildNesting = 8;

    /// <summary>Interprets a call of an allow-listed callable. Values it builds by copying are charged to <paramref name="budget"/>.</summary>
    public static PickleValue Call(PickleValue callable, PickleValue args, long at, ErrorFactory error, PickleCopyBudget budget)
    {
        if (callable is not PickleGlobal g) throw error(PyTorchCodes.PickleStructure, at, $"REDUCE on {PickleMachine.Describe(callable)}, which is not callable");
        var a = args as PickleSequence ?? throw error(PyTorchCodes.PickleStructure, at, $"REDUCE arguments for {g.FullName} must be a tuple, found {PickleMachine.Describe(args)}");
        var items = a.Items;
        switch (g.FullName)
        {
            case "collections.OrderedDict":
            case "collections.Counter":
                {
                    var dict = new PickleDict { Offset = at };
                    if (items.Count == 1 && items[0] is PickleSequence pairs)
                    {
                        budget.Spend(pairs.Items.Count, at, g.FullName, error);
                        foreach (var pair in pairs.Items)
                        {
                            if (pair is not PickleSequence { Items.Count: 2 } kv) throw error(PyTorchCodes.PickleStructure, at, $"{g.FullName}() takes (key, value) pairs");
                            dict.Set(kv.Items[0], kv.Items[1]);
                        }
                    }
                    else if (items.Count == 1 && items[0] is PickleDict source)
                    {
                        budget.Spend(source.Entries.Count, at, g.FullName, error);
                        foreach (var kv in source.Entries) dict.Set(kv.Key, kv.Value);
                    }
                    else if (items.Count != 0)
                    {
                        throw error(PyTorchCodes.PickleStructure, at, $"{g.FullName}() with {items.Count} arguments");
                    }
                    return dict;
                }
            case "torch.Size":
                return items.Count == 1 && items[0] is PickleSequence size ? new PickleSequence(PickleSequenceKind.Tuple, size.Items) { Offset = at }
                    : throw error(PyTorchCodes.PickleStructure, at, "torch.Size() takes one tuple of ints");
            case "torch.device":
                budget.Spend(items.Sum(i => i is PickleString s ? (long)s.Value.Length : 1), at, g.FullName, error);
                return new PickleString(string.Join(":", items.Select(i => i switch { PickleString s => s.Value, PickleInt n => n.Value.ToString(), _ => "?" }))) { Offset = at };
            case "_codecs.encode":
                {
                    if (items.Count is < 1 or > 2 || items[0] is not PickleString text) throw error(PyTorchCodes.PickleStructure, at, "_codecs.encode takes a string and an encoding");
                    var encoding = items.Count == 2 && items[1] is PickleString e ? e.Value : "utf-8";
                    budget.Spend(text.Value.Length, at, g.FullName, error);
                    if (encoding is "latin1" or "latin-1" or "iso-8859-1")
                    {
                        if (text.Value.Any(c => c > 0xFF)) throw error(PyTorchCodes.PickleStructure, at, "_codecs.encode: character outside latin-1");
                        return new PickleBytes(Encoding.Latin1.GetBytes(text.Value)) { Offset = at };
                    }
                    return encoding is "utf-8" or "utf8" ? new PickleBytes(Encoding.UTF8.GetBytes(text.Value)) { Offset = at }
                        : throw error(PyTorchCodes.PickleStructure, at, $"_codecs.encode with encoding '{encoding}'");
                }
            case "builtins.set":
            case "builtins.frozenset":
                budget.Spend(items.Count == 1 && items[0] is PickleSequence counted ? counted.Items.Count : 0, at, g.FullName, error);
                return new PickleSequence(PickleSequenceKind.Set, items.Count == 1 && items[0] is PickleSequence s1 ? [.. s1.Items] : []) { Offset = at };
            case "builtins.bytearray":
                return items.Count == 0 ? new PickleBytes([]) { Offset = at } : items[0] is PickleBytes b ? b : throw error(PyTorchCodes.PickleStructure, at, "bytearray() takes bytes");
            case "builtins.complex":
                return new PickleString("complex(" + string.Join(", ", items.Select(i => i is PickleFloat f ? f.Value.ToString(System.Globalization.CultureInfo.InvariantCulture) : "?")) + ")") { Offset = at };
            case "torch._utils._rebuild_tensor":
                return Tensor(g, items, 4, dtypeIndex: null, at, error);
            case "torch._utils._rebuild_tensor_v2":
                return Tensor(g, items, 6, dtypeIndex: null, at, error);
            case "torch._utils._rebuild_tensor_v3":
                return Tensor(g, items, 7, dtypeIndex: 6, at, error);
            case "torch._utils._rebuild_qtensor":
                return Tensor(g, items, 7, dtypeIndex: null, at, error);
            case "torch._utils._rebuild_parameter":
            case "torch._utils._rebuild_parameter_with_state":
            case "torch.nn.parameter.Parameter":
                return items.Count >= 1 && items[0] is PickleTensor t ? t
                    : throw error(PyTorchCodes.PickleStructure, at, $"{g.FullName} needs a tensor as its first argument, found {(items.Count == 0 ? "nothing" : PickleMachine.Describe(items[0]))}");
            case "torch._tensor._rebuild_from_type_v2":
                {
                    // _rebuild_from_type_v2(func, type, args, state) applies func to args; func may itself be
                    // _rebuild_from_type_v2. Unwrapped in a loop (never by recursion) up to a fixed depth.
                    var nesting = 0;
                    PickleValue function = g;
                    var arguments = items;
                    while (function is PickleGlobal { FullName: "torch._tensor._rebuild_from_type_v2" })
                    {
                        if (++nesting > MaxRebuildNesting)
                        {
                            throw error(PyTorchCodes.PickleDepth, at, $"_rebuild_from_type_v2 calls nest more than {MaxRebuildNesting} deep");
                        }
                        if (arguments.Count != 4 || arguments[2] is not PickleSequence inner) throw error(PyTorchCodes.PickleStructure, at, "_rebuild_from_type_v2 takes (func, type, args, state)");
                        if (arguments[1] is not PickleGlobal { FullName: "torch.Tensor" or "torch.nn.parameter.Parameter" })
                        {
                            throw error(PyTorchCodes.UnsupportedTensor, at, $"tensor subclass {PickleMachine.Describe(arguments[1])} is not supported");
                        }
                        function = arguments[0];
                        arguments = inner.Items;
                    }
                    return Call(function, new PickleSequence(PickleSequenceKind.Tuple, arguments) { Offset = at }, at, error, budget);
                }
            case "torch._utils._rebuild_meta_tensor_no_storage":
                {
                    if (items.Count < 3 || items[0] is not PickleGlobal dt || TorchDType.FromTorchName(dt.Name) is not { } dtype) throw error(PyTorchCodes.PickleStructure, at, "_rebuild_meta_tensor_no_storage takes (dtype, size, stride, …)");
                    var shape = Ints(items[1], "size", at, error);
                    var stride = Ints(items[2], "stride", at, error);
                    return new PickleTensor { Storage = null, DType = dtype, StorageOffset = 0, Shape = shape, Stride = stride, Offset = at };
                }
            default:
                throw error(PyTorchCodes.PickleStructure, at, $"{g.FullName} is a name a checkpoint may mention but not call");
        }
    }

    public static PickleValue New(PickleValue cls, PickleValue args, long at, ErrorFactory error)
    {
        if (cls is PickleGlobal { FullName: "collections.OrderedDict" or "collections.Counter" }) return new PickleDict { Offset = at };
        if (cls is PickleGlobal { FullName: "torch.nn.parameter.Parameter" or "torch.Tensor" } && args is PickleSequence { Items: [PickleTensor t, ..] }) return t;
        throw error(PyTorchCodes.PickleStructure, at, $"NEWOBJ of {PickleMachine.Describe(cls)} is not allowed");
    }

    public static void Build(PickleValue target, PickleValue state, long at, ErrorFactory error)
    {
        switch (target)
        {
            case PickleTainted:
            case PickleTensor: // parameter/tensor python attributes: not needed to describe the tensor
                return;
            case PickleDict when state is PickleDict or PickleNone or PickleTainted:
                // OrderedDict state: its _metadata (per-module versions). Not a tensor; nothing to keep.
                return;
            case PickleDict when state is PickleSequence { Kind: PickleSequenceKind.Tuple, Items.Count: 2 }:
                return;
            default:
                throw error(PyTorchCodes.PickleStructure, at, $"BUILD on {PickleMachine.Describe(target)} with {PickleMachine.Describe(state)} is not allowed");
        }
    }

    private static PickleValue Tensor(PickleGlobal g, List<PickleValue> items, int minArgs, int? dtypeIndex, long at, ErrorFactory error)
    {
        if (items.Count < minArgs) throw error(PyTorchCodes.PickleStructure, at, $"{g.FullName} takes at least {minArgs} arguments, found {items.Count}");
        if (items[0] is not PickleStorage storage) throw error(PyTorchCodes.PickleStructure, at, $"{g.FullName}: the first argument must be a storage, found {PickleMachine.Describe(items[0])}");
        var offset = Int(items[1], "storage_offset", at, error);
        var shape = Ints(items[2], "size", at, error);
        var stride = Ints(items[3], "stride", at, error);
        if (shape.Length != stride.Length) throw error(PyTorchCodes.PickleStructure, at, $"{g.FullName}: size has {shape.Length} dimensions but stride has {stride.Length}");
        TorchDType dtype;
        if (dtypeIndex is { } di)
        {
            dtype = items[di] is PickleGlobal { Module: "torch" } dg && TorchDType.FromTorchName(dg.Name) is { } d ? d
                : throw error(PyTorchCodes.StorageType, at, $"{g.FullName}: argument {di + 1} must be a torch dtype, found {PickleMachine.Describe(items[di])}");
        }
        else
        {
            dtype = storage.Type.DType ?? throw error(PyTorchCodes.StorageType, at, $"{g.FullName} on an untyped storage needs a dtype (only _rebuild_tensor_v3 carries one)");
        }
        if (offset < 0) throw error(PyTorchCodes.ViewBounds, at, $"negative storage offset {offset}");
        if (shape.Any(s => s < 0) || stride.Any(s => s < 0)) throw error(PyTorchCodes.ViewBounds, at, "negative sizes or strides");
        return new PickleTensor { Storage = storage, DType = dtype, StorageOffset = offset, Shape = shape, Stride = stride, Offset = at };
    }

    private static long Int(PickleValue v, string what, long at, ErrorFactory error) =>
        v is PickleInt i && i.TryGetInt64(out var n) ? n
        : v is PickleBool b ? (b.Value ? 1 : 0)
        : throw error(PyTorchCodes.PickleStructure, at, $"{what} must be an integer, found {PickleMachine.Describe(v)}");

    private static long[] Ints(PickleValue v, string what, long at, ErrorFactory error)
    {
        if (v is not PickleSequence s) throw error(PyTorchCodes.PickleStructure, at, $"{what} must be a tuple of integers, found {PickleMachine.Describe(v)}");
        if (s.Items.Count > MaxRank) throw error(PyTorchCodes.PickleStructure, at, $"{what} has {s.Items.Count} dimensions; at most {MaxRank} are allowed");
        return s.Items.Select(x => Int(x, what, at, error)).ToArray();
    }
}
