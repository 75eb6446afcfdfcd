using ModelRelease.Core.Checkpoints.Common;
using ModelRelease.Core.Checkpoints.PyTorch.Pickle;

namespace ModelRelease.Core.Checkpoints.PyTorch;

/// <summary>
/// The storages a pickle refers to through persistent ids, in order of first use. Each key must keep
/// the same type and size everywhere it appears.
/// </summary>
public sealed class TorchStorageTable(string path, bool legacy)
{
    private readonly Dictionary<string, PickleStorage> _byKey = new(StringComparer.Ordinal);

    public List<PickleStorage> InOrder { get; } = [];

    public PickleStorage? Get(string key) => _byKey.GetValueOrDefault(key);

    /// <summary>The persistent_load of torch: <c>('storage', type, key, location, numel)</c>, plus a view for the legacy format.</summary>
    public PickleValue Load(PickleValue pid, long at)
    {
        if (pid is not PickleSequence { Kind: PickleSequenceKind.Tuple } t || t.Items.Count == 0 || t.Items[0] is not PickleString tag)
        {
            throw Invalid(at, $"a persistent id must be a tuple starting with its kind, found {PickleMachine.Describe(pid)}");
        }
        if (tag.Value == "module")
        {
            throw CheckpointErrors.Unsupported(PyTorchCodes.PersistentId, path, at, "the file embeds a pickled nn.Module class with its source code (a full-model save); only state dicts and checkpoints of tensors can be read without running that code");
        }
        if (tag.Value != "storage") throw Invalid(at, $"unknown persistent id kind '{tag.Value}'");
        var expected = legacy ? 6 : 5;
        if (t.Items.Count != expected) throw Invalid(at, $"a storage persistent id has {expected} fields in this format, found {t.Items.Count}");
        if (t.Items[1] is not PickleGlobal g || TorchStorageType.FromClassName(g.Name) is not { } type)
        {
            throw CheckpointErrors.Invalid(PyTorchCodes.StorageType, path, at, $"unknown storage type {PickleMachine.Describe(t.Items[1])}");
        }
        if (t.Items[2] is not PickleString key || key.Value.Length == 0 || key.Value.Length > 64) throw Invalid(at, "a storage key must be a short non-empty string");
        if (t.Items[3] is not PickleString location) throw Invalid(at, "a storage location must be a string");
        if (t.Items[4] is not PickleInt n || !n.TryGetInt64(out var numel) || numel < 0) throw Invalid(at, "a storage size must be a non-negative integer");
        if (CheckedMath.Multiply(numel, type.ElementSize) is null) throw Invalid(at, $"storage '{key.Value}' of {numel} elements overflows");

        var storage = Register(new PickleStorage { Key = key.Value, Type = type, Location = location.Value, ElementCount = numel, Offset = at }, at);
        if (legacy && t.Items[5] is PickleSequence { Items: [PickleString viewKey, PickleInt viewOffset, PickleInt viewSize] })
        {
            if (!viewOffset.TryGetInt64(out var vo) || !viewSize.TryGetInt64(out var vs) || vo < 0 || vs < 0 || vo > numel || vs > numel - vo)
            {
                throw CheckpointErrors.Invalid(PyTorchCodes.ViewBounds, path, at, $"storage view '{viewKey.Value}' lies outside its root storage '{key.Value}' of {numel} elements");
            }
            return new PickleStorage { Key = viewKey.Value, Type = type, Location = location.Value, ElementCount = vs, RootKey = storage.Key, RootOffset = vo, Offset = at };
        }
        if (legacy && t.Items[5] is not PickleNone) throw Invalid(at, "a legacy storage view must be None or (key, offset, size)");
        return storage;
    }

    private PickleStorage Register(PickleStorage storage, long at)
    {
        if (_byKey.TryGetValue(storage.Key, out var seen))
        {
            if (seen.Type.ClassName != storage.Type.ClassName || seen.ElementCount != storage.ElementCount)
            {
                throw CheckpointErrors.Invalid(PyTorchCodes.StorageConflict, path, at,
                    $"storage '{storage.Key}' is {seen.Type.ClassName}[{seen.ElementCount}] in one place and {storage.Type.ClassName}[{storage.ElementCount}] in another");
            }
            return seen;
        }
        _byKey[storage.Key] = storage;
        InOrder.Add(storage);
        return storage;
    }

    private CheckpointFormatException Invalid(long at, string detail) => CheckpointErrors.Invalid(PyTorchCodes.PersistentId, path, at, detail);
}
