using ModelRelease.Core.Checkpoints.Common;

namespace ModelRelease.Core.Checkpoints.Deep;

/// <summary>
/// Running counts for one tensor while its bytes stream past in blocks. Bytes of an element split
/// across two blocks are carried over so every element is classified exactly once.
/// </summary>
internal sealed class TensorScanState(TensorInfo tensor, CheckpointFormat format, bool bigEndian)
{
    private readonly NumericKind _kind = DTypeCatalog.GetNumericKind(format, tensor.DType);
    private readonly byte[] _carry = new byte[8];
    private int _carryCount;
    private NonFiniteCounts _counts;

    public TensorInfo Tensor { get; } = tensor;

    public long End { get; } = tensor.ByteOffset + tensor.ByteLength;

    public void Consume(ReadOnlySpan<byte> bytes)
    {
        if (_kind == NumericKind.Other) return;
        var size = DTypeCatalog.ElementSize(_kind);
        if (_carryCount > 0)
        {
            var need = Math.Min(size - _carryCount, bytes.Length);
            bytes[..need].CopyTo(_carry.AsSpan(_carryCount));
            _carryCount += need;
            bytes = bytes[need..];
            if (_carryCount < size) return;
            _counts.Add(NonFiniteScanner.Count(_kind, _carry.AsSpan(0, size), bigEndian));
            _carryCount = 0;
        }
        var whole = bytes.Length - bytes.Length % size;
        _counts.Add(NonFiniteScanner.Count(_kind, bytes[..whole], bigEndian));
        var rest = bytes[whole..];
        rest.CopyTo(_carry);
        _carryCount = rest.Length;
    }

    public TensorScan ToScan() => new(Tensor.Name, Tensor.DType, Tensor.ElementCount)
    {
        NaNCount = _counts.NaN,
        PositiveInfinityCount = _counts.PositiveInfinity,
        NegativeInfinityCount = _counts.NegativeInfinity,
        Checked = _kind != NumericKind.Other,
    };
}
