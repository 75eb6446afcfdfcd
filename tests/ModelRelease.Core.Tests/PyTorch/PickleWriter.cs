using System.Text;

namespace ModelRelease.Core.Tests.PyTorch;

/// <summary>Emits pickle opcodes by hand, so tests can build exactly the stream they need (hostile ones included).</summary>
public sealed class PickleWriter
{
    private readonly MemoryStream _out = new();

    public PickleWriter Op(byte op) { _out.WriteByte(op); return this; }
    public PickleWriter Raw(params byte[] bytes) { _out.Write(bytes); return this; }
    public PickleWriter Proto(byte p = 2) => Op(0x80).Raw(p);
    public PickleWriter Stop() => Op((byte)'.');
    public PickleWriter Mark() => Op((byte)'(');
    public PickleWriter Global(string module, string name) => Op((byte)'c').Raw(Encoding.ASCII.GetBytes(module + "\n" + name + "\n"));
    public PickleWriter StackGlobal(string module, string name) => Str(module).Str(name).Op(0x93);
    public PickleWriter Str(string s)
    {
        var b = Encoding.UTF8.GetBytes(s);
        Op((byte)'X').Raw(BitConverter.GetBytes((uint)b.Length));
        return Raw(b);
    }
    public PickleWriter Int(long v)
    {
        if (v is >= 0 and < 256) return Op((byte)'K').Raw((byte)v);
        if (v is >= int.MinValue and <= int.MaxValue) return Op((byte)'J').Raw(BitConverter.GetBytes((int)v));
        return Op(0x8A).Raw(8).Raw(BitConverter.GetBytes(v));
    }

    public long Length => _out.Length;
    public PickleWriter None() => Op((byte)'N');
    public PickleWriter False() => Op(0x89);
    public PickleWriter EmptyTuple() => Op((byte)')');
    public PickleWriter Tuple() => Op((byte)'t');
    public PickleWriter EmptyDict() => Op((byte)'}');
    public PickleWriter SetItems() => Op((byte)'u');
    public PickleWriter SetItem() => Op((byte)'s');
    public PickleWriter Reduce() => Op((byte)'R');
    public PickleWriter BinPersId() => Op((byte)'Q');
    public PickleWriter Put(byte i) => Op((byte)'q').Raw(i);
    public PickleWriter Get(byte i) => Op((byte)'h').Raw(i);
    public PickleWriter Build() => Op((byte)'b');
    public PickleWriter EmptyList() => Op((byte)']');
    public PickleWriter List() => Op((byte)'l');
    public PickleWriter Append() => Op((byte)'a');
    public PickleWriter Tuple1() => Op(0x85);
    public PickleWriter Tuple2() => Op(0x86);

    /// <summary>LONG_BINPUT / LONG_BINGET: memo indices of four bytes.</summary>
    public PickleWriter LongPut(uint i) => Op((byte)'r').Raw(BitConverter.GetBytes(i));
    public PickleWriter LongGet(uint i) => Op((byte)'j').Raw(BitConverter.GetBytes(i));

    /// <summary>BINBYTES: a bytes operand.</summary>
    public PickleWriter Bytes(byte[] b) => Op((byte)'B').Raw(BitConverter.GetBytes((uint)b.Length)).Raw(b);

    /// <summary>The persistent id of a storage: ('storage', torch.TYPE, key, 'cpu', numel[, view]) then BINPERSID.
    /// <paramref name="legacyView"/> adds the sixth field of the legacy format: None, or (view key, offset, size).</summary>
    public PickleWriter Storage(string storageType, string key, long numel, bool legacy = false, (string Key, long Offset, long Size)? legacyView = null)
    {
        Mark().Str("storage").Global("torch", storageType).Str(key).Str("cpu").Int(numel);
        if (legacyView is { } v) Mark().Str(v.Key).Int(v.Offset).Int(v.Size).Tuple();
        else if (legacy) None();
        return Tuple().BinPersId();
    }

    /// <summary>_rebuild_meta_tensor_no_storage(torch.DTYPE, shape, stride): a tensor with a shape and no data.</summary>
    public PickleWriter MetaTensor(string dtype, long[] shape, long[] stride) =>
        Global("torch._utils", "_rebuild_meta_tensor_no_storage").Mark().Global("torch", dtype).IntTuple(shape).IntTuple(stride).Tuple().Reduce();

    public PickleWriter IntTuple(params long[] values)
    {
        Mark();
        foreach (var v in values) Int(v);
        return Tuple();
    }

    /// <summary>An empty OrderedDict: GLOBAL collections OrderedDict, EMPTY_TUPLE, REDUCE.</summary>
    public PickleWriter OrderedDict() => Global("collections", "OrderedDict").EmptyTuple().Reduce();

    /// <summary>_rebuild_tensor_v2 over the storage ('storage', torch.TYPE, key, 'cpu', numel).</summary>
    public PickleWriter Tensor(string storageType, string key, long numel, long offset, long[] shape, long[] stride)
    {
        Global("torch._utils", "_rebuild_tensor_v2");
        Mark();
        Mark().Str("storage").Global("torch", storageType).Str(key).Str("cpu").Int(numel).Tuple().BinPersId();
        Int(offset).IntTuple(shape).IntTuple(stride).False().OrderedDict();
        return Tuple().Reduce();
    }

    public byte[] ToArray() => _out.ToArray();
}
