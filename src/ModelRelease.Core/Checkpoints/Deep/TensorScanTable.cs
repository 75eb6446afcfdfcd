using ModelRelease.Core.Checkpoints.Common;

namespace ModelRelease.Core.Checkpoints.Deep;

/// <summary>
/// Running counts for every tensor of a deep scan, kept in flat arrays (about sixty bytes a tensor, no object per
/// tensor), so a checkpoint of a million tiny tensors costs tens of megabytes to scan, not gigabytes. In file order
/// (<see cref="Consume"/>) bytes of an element split across two blocks are carried over; on the parallel path
/// (<see cref="ConsumeAligned"/>) pieces start on element boundaries and may arrive from several threads.
/// </summary>
internal sealed class TensorScanTable
{
    private readonly bool _bigEndian;
    private readonly byte[] _kind;
    private readonly long[] _nan;
    private readonly long[] _positive;
    private readonly long[] _negative;
    private ulong[]? _carry;
    private byte[]? _carryCount;

    public TensorScanTable(Checkpoint checkpoint)
    {
        var tensors = checkpoint.Tensors;
        Tensors = tensors;
        var n = tensors.Count;
        _bigEndian = checkpoint.ByteOrder == "big";
        Files = [checkpoint.Path];
        var fileIndex = new Dictionary<string, int>(StringComparer.Ordinal) { [checkpoint.Path] = 0 };
        File = new int[n];
        Start = new long[n];
        End = new long[n];
        _kind = new byte[n];
        _nan = new long[n];
        _positive = new long[n];
        _negative = new long[n];
        Owner = new int[n];
        Skipped = new bool[n];
        for (var i = 0; i < n; i++)
        {
            var t = tensors[i];
            var file = t.File ?? checkpoint.Path;
            if (!fileIndex.TryGetValue(file, out var f))
            {
                f = Files.Count;
                fileIndex[file] = f;
                Files.Add(file);
            }
            File[i] = f;
            Start[i] = Math.Max(0, t.ByteOffset);
            End[i] = CheckedMath.Add(Start[i], Math.Max(0, t.ByteLength)) ?? long.MaxValue;
            _kind[i] = (byte)DTypeCatalog.GetNumericKind(t.DType);
            Owner[i] = i;
        }
    }

    public int Count => File.Length;

    /// <summary>The checkpoint's tensors, for names in findings.</summary>
    public IReadOnlyList<TensorInfo> Tensors { get; }

    /// <summary>The files the tensors' bytes are in; index 0 is the checkpoint's own file.</summary>
    public List<string> Files { get; }

    public int[] File { get; }
    public long[] Start { get; }
    public long[] End { get; }

    /// <summary>The tensor whose counts this one shares (itself, or an earlier tensor naming exactly the same bytes).</summary>
    public int[] Owner { get; }

    /// <summary>Tensors left unscanned because overlapping views would have multiplied the work past its bound.</summary>
    public bool[] Skipped { get; }

    public NumericKind Kind(int i) => (NumericKind)_kind[i];

    public int ElementSize(int i) => DTypeCatalog.ElementSize(Kind(i));

    public long Length(int i) => End[i] - Start[i];

    /// <summary>Scans bytes of tensor <paramref name="i"/> in file order, carrying a split element to the next call.</summary>
    public void Consume(int i, ReadOnlySpan<byte> bytes)
    {
        var kind = Kind(i);
        if (kind == NumericKind.Other || Skipped[i]) return;
        _carry ??= new ulong[Count];
        _carryCount ??= new byte[Count];
        var size = DTypeCatalog.ElementSize(kind);
        Span<byte> carry = stackalloc byte[8];
        if (_carryCount[i] > 0)
        {
            var have = (int)_carryCount[i];
            BitConverter.TryWriteBytes(carry, _carry[i]);
            var need = Math.Min(size - have, bytes.Length);
            bytes[..need].CopyTo(carry[have..]);
            have += need;
            bytes = bytes[need..];
            if (have < size)
            {
                _carry[i] = BitConverter.ToUInt64(carry);
                _carryCount[i] = (byte)have;
                return;
            }
            Add(i, NonFiniteScanner.Count(kind, carry[..size], _bigEndian));
            _carryCount[i] = 0;
        }
        var whole = bytes.Length - bytes.Length % size;
        Add(i, NonFiniteScanner.Count(kind, bytes[..whole], _bigEndian));
        var rest = bytes[whole..];
        if (rest.IsEmpty) return;
        carry.Clear();
        rest.CopyTo(carry);
        _carry[i] = BitConverter.ToUInt64(carry);
        _carryCount[i] = (byte)rest.Length;
    }

    /// <summary>Scans a piece of tensor <paramref name="i"/> that starts on an element boundary; thread-safe.</summary>
    public void ConsumeAligned(int i, ReadOnlySpan<byte> bytes)
    {
        var kind = Kind(i);
        if (kind == NumericKind.Other || Skipped[i]) return;
        var counts = NonFiniteScanner.Count(kind, bytes, _bigEndian);
        if (!counts.Any) return;
        Interlocked.Add(ref _nan[i], counts.NaN);
        Interlocked.Add(ref _positive[i], counts.PositiveInfinity);
        Interlocked.Add(ref _negative[i], counts.NegativeInfinity);
    }

    private void Add(int i, NonFiniteCounts counts)
    {
        if (!counts.Any) return;
        _nan[i] += counts.NaN;
        _positive[i] += counts.PositiveInfinity;
        _negative[i] += counts.NegativeInfinity;
    }

    /// <summary>What the scan saw in tensor <paramref name="i"/> (its owner's counts when it shares another's bytes).</summary>
    public TensorScan ToScan(int i, TensorInfo tensor)
    {
        var o = Owner[i];
        return new TensorScan(tensor.Name, tensor.DType, tensor.ElementCount)
        {
            FormatDType = tensor.FormatDType,
            NaNCount = _nan[o],
            PositiveInfinityCount = _positive[o],
            NegativeInfinityCount = _negative[o],
            // A tensor whose bytes cannot be read in place (a compressed PyTorch storage), or one left out by the
            // overlap bound, was not checked.
            Checked = Kind(i) != NumericKind.Other && !Skipped[o] && (tensor.ByteLength > 0 || tensor.ElementCount == 0),
        };
    }
}
