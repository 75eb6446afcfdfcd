namespace ModelRelease.Core.Checkpoints.PyTorch.Pickle;

/// <summary>
/// The allow-list: the only globals a checkpoint pickle may name (what torch's weights-only unpickler
/// allows for plain state dicts, checkpoint-formats.md §3.8). A name here is still never imported:
/// the machine interprets a handful of them symbolically and treats the rest as inert names.
/// </summary>
public static class PickleGlobals
{
    private static readonly HashSet<string> Callables = new(StringComparer.Ordinal)
    {
        "collections.OrderedDict", "collections.Counter",
        "torch._utils._rebuild_tensor", "torch._utils._rebuild_tensor_v2", "torch._utils._rebuild_tensor_v3",
        "torch._utils._rebuild_parameter", "torch._utils._rebuild_parameter_with_state",
        "torch._utils._rebuild_qtensor", "torch._utils._rebuild_meta_tensor_no_storage",
        "torch._tensor._rebuild_from_type_v2",
        "torch.nn.parameter.Parameter", "torch.Size", "torch.device",
        "_codecs.encode", "builtins.set", "builtins.frozenset", "builtins.bytearray", "builtins.complex",
    };

    private static readonly HashSet<string> InertNames = new(StringComparer.Ordinal)
    {
        "torch.Tensor", "torch.nn.parameter.Parameter",
        "torch.per_tensor_affine", "torch.per_tensor_symmetric", "torch.per_channel_affine",
        "torch.per_channel_symmetric", "torch.per_channel_affine_float_qparams",
        "torch.strided", "torch.sparse_coo", "torch.sparse_csr", "torch.contiguous_format", "torch.preserve_format", "torch.channels_last",
    };

    /// <summary>Python 2 module names as Python 3 knows them.</summary>
    private static string MapModule(string module) => module switch
    {
        "__builtin__" => "builtins",
        "copy_reg" => "copyreg",
        _ => module,
    };

    /// <summary>The allowed global for (module, name), or null when the name is not allowed.</summary>
    public static PickleGlobal? Resolve(string module, string name, long offset)
    {
        module = MapModule(module);
        var full = module + "." + name;
        if (Callables.Contains(full) || InertNames.Contains(full)
            || TorchStorageType.IsStorageClass(module, name)
            || (module == "torch" && TorchDType.FromTorchName(name) is not null))
        {
            return new PickleGlobal(module, name) { Offset = offset };
        }
        return null;
    }
}
