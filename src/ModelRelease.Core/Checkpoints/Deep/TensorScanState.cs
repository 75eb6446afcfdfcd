using ModelRelease.Core.Checkpoints.Common;

namespace ModelRelease.Core.Checkpoints.Deep;

/// <summary>
/// Running counts for one tensor while its bytes are scanned. In file order (<see cref="Consume"/>),
/// bytes of an element split across two blocks are carried over; on the parallel path
/// (<see cref="ConsumeAligned"/>) pieces start on element boundaries and may arrive from several threads.
/// </summary>
internal sealed class TensorScanState(TensorInfo tensor, CheckpointFormat format, bool bigEndian)
{
    private readonly byte[] _carry = new byte[8];
    private readonly object _gate = new();
    private int _carryCount;
    private NonFiniteCounts _counts;

    public TensorInfo Tensor { get; } = tensor;

    public NumericKind Kind { get; } = DTypeCatalog.GetNumericKind(format, tensor.DType);

    public int ElementSize => DTypeCatalog.ElementSize(Kind);

    public long End { get; } = tensor.ByteOffset + tensor.ByteLength;

    public void Consume(ReadOnlySpan<byte> bytes)
    {
        if (Kind == NumericKind.Other) return;
        var size = ElementSize;
        if (_carryCount > 0)
        {
            var need = Math.Min(size - _carryCount, bytes.Length);
            bytes[..need].CopyTo(_carry.AsSpan(_carryCount));
            _carryCount += need;
            bytes = bytes[need..];
            if (_carryCount < size) return;
            _counts.Add(NonFiniteScanner.Count(Kind, _carry.AsSpan(0, size), bigEndian));
            _carryCount = 0;
        }
        var whole = bytes.Length - bytes.Length % size;
        _counts.Add(NonFiniteScanner.Count(Kind, bytes[..whole], bigEndian));
        var rest = bytes[whole..];
        rest.CopyTo(_carry);
        _carryCount = rest.Length;
    }

    /// <summary>Scans a piece that starts on an element boundary; thread-safe.</summary>
    public void ConsumeAligned(ReadOnlySpan<byte> bytes)
    {
        if (Kind == NumericKind.Other) return;
        var counts = NonFiniteScanner.Count(Kind, bytes, bigEndian);
        if (!counts.Any) return;
        lock (_gate) _counts.Add(counts);
    }

    public void CopyCountsFrom(TensorScanState other) => _counts = other._counts;

    public TensorScan ToScan() => new(Tensor.Name, Tensor.DType, Tensor.ElementCount)
    {
        NaNCount = _counts.NaN,
        PositiveInfinityCount = _counts.PositiveInfinity,
        NegativeInfinityCount = _counts.NegativeInfinity,
        // A tensor whose bytes cannot be read in place (a compressed PyTorch storage) was not checked.
        Checked = Kind != NumericKind.Other && (Tensor.ByteLength > 0 || Tensor.ElementCount == 0),
    };
}
