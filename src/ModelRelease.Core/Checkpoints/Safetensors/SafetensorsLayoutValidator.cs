using ModelRelease.Core.Checkpoints.Common;
using ModelRelease.Core.Checkpoints.DTypes;

namespace ModelRelease.Core.Checkpoints.Safetensors;

/// <summary>
/// Reference rules 7–11 of §1.5, in the reference's order: entries sorted by data_offsets must tile
/// the byte buffer from 0 without gaps or overlaps; each entry's shape × dtype must be a whole number
/// of bytes equal to its span; the last END must be exactly the end of the file. Produces the tensors
/// in header order with absolute offsets.
/// </summary>
internal static class SafetensorsLayoutValidator
{
    public static IReadOnlyList<TensorInfo> Validate(SafetensorsHeader header, ulong headerLength, ByteSource source)
    {
        var path = source.Path;
        var entries = header.Entries;
        var sorted = new int[entries.Count];
        for (var i = 0; i < sorted.Length; i++) sorted[i] = i;
        Array.Sort(sorted, (a, b) =>
        {
            var c = entries[a].Begin.CompareTo(entries[b].Begin);
            if (c == 0) c = entries[a].End.CompareTo(entries[b].End);
            return c != 0 ? c : a.CompareTo(b);
        });

        var elementCounts = new long[header.Entries.Count];
        var byteLengths = new long[header.Entries.Count];
        ulong start = 0;
        SafetensorsHeaderEntry? previous = null;
        foreach (var index in sorted)
        {
            var e = entries[index];
            // Rule 7: contiguous, starting at 0, END ≥ BEGIN.
            if (e.End < e.Begin)
            {
                throw CheckpointErrors.Invalid(SafetensorsCodes.Offset, path, e.OffsetsPosition,
                    $"invalid data_offsets [{e.Begin}, {e.End}]: END is before BEGIN", e.Name);
            }
            if (e.Begin != start)
            {
                var why = previous is null
                    ? $"the first tensor in the byte buffer must start at 0 but starts at {e.Begin}"
                    : e.Begin > start
                        ? $"data_offsets [{e.Begin}, {e.End}] leave a gap of {e.Begin - start} bytes after tensor '{previous.Value.Name}', which ends at {start}; expected BEGIN = {start}"
                        : $"data_offsets [{e.Begin}, {e.End}] overlap tensor '{previous.Value.Name}', which ends at {start}; expected BEGIN = {start}";
                throw CheckpointErrors.Invalid(SafetensorsCodes.Offset, path, e.OffsetsPosition, why, e.Name);
            }
            start = e.End;
            previous = e;

            // Rule 8: Π shape (folded left to right, as the reference does) × bits must not overflow u64.
            ulong elements = 1;
            var overflow = false;
            foreach (var dim in e.Shape)
            {
                var d = (ulong)dim;
                if (d != 0 && elements > ulong.MaxValue / d) { overflow = true; break; }
                elements *= d;
            }
            if (overflow || elements > ulong.MaxValue / (ulong)e.DType.Bits)
            {
                throw CheckpointErrors.Invalid(SafetensorsCodes.Overflow, path, e.ShapePosition,
                    $"shape {Shape(e.Shape)} × {e.DType.Bits} bits overflows 64-bit arithmetic", e.Name);
            }
            // Stricter than the reference (only reachable for empty tensors): shapes are reported as signed 64-bit.
            if (Array.Exists(e.Shape, d => d < 0))
            {
                throw CheckpointErrors.Invalid(SafetensorsCodes.Overflow, path, e.ShapePosition,
                    $"shape {Shape(e.Shape)} has a dimension above 2^63-1", e.Name);
            }
            var bits = elements * (ulong)e.DType.Bits;

            // Rule 9: sub-byte dtypes must fill whole bytes.
            if (bits % 8 != 0)
            {
                throw CheckpointErrors.Invalid(SafetensorsCodes.MisalignedSubByte, path, e.ShapePosition,
                    $"{e.DType.Name} shape {Shape(e.Shape)} is {bits} bits, not a whole number of bytes", e.Name);
            }

            // Rule 10: the span must be exactly the bytes the shape and dtype imply.
            var bytes = bits / 8;
            if (e.End - e.Begin != bytes)
            {
                throw CheckpointErrors.Invalid(SafetensorsCodes.SizeMismatch, path, e.OffsetsPosition,
                    $"{e.DType.Name} shape {Shape(e.Shape)} needs {bytes} bytes but data_offsets [{e.Begin}, {e.End}] span {e.End - e.Begin}", e.Name);
            }

            // Bytes are bounded by rule 11 below; elements by bytes × 8 / bits (≤ 2 × file length), so both fit in long once rule 11 holds.
            elementCounts[e.HeaderIndex] = elements > long.MaxValue ? long.MaxValue : (long)elements;
            byteLengths[e.HeaderIndex] = bytes > long.MaxValue ? long.MaxValue : (long)bytes;
        }

        // Rule 11: the tensors must cover the byte buffer exactly, up to the end of the file.
        var dataStart = 8UL + headerLength; // headerLength ≤ 100 MB, already checked
        var fileLength = (ulong)source.Length;
        var available = fileLength - dataStart;
        if (start > available)
        {
            var cut = entries[Array.Find(sorted, i => entries[i].End > available)];
            throw CheckpointErrors.Truncated(path, source.Length,
                $"the header describes {start} bytes of tensor data (file of {dataStart + (UInt128)start} bytes) but the file is {fileLength} bytes long; tensor data ends beyond the end of the file",
                cut.Name);
        }
        if (start < available)
        {
            throw CheckpointErrors.Invalid(SafetensorsCodes.BufferCoverage, path, (long)(dataStart + start),
                $"{available - start} bytes follow the last tensor's data; the tensors must cover the data section exactly to the end of the file (expected a file of {dataStart + start} bytes, found {fileLength})");
        }

        var tensors = new TensorInfo[entries.Count];
        foreach (var e in entries)
        {
            tensors[e.HeaderIndex] = new TensorInfo
            {
                Name = e.Name,
                DType = FormatDTypes.Safetensors[e.DType.Name],
                FormatDType = e.DType.Name,
                Shape = e.Shape, // every dimension checked above to be at most 2^63-1, so the signed values are the dimensions
                ElementCount = elementCounts[e.HeaderIndex],
                ByteOffset = (long)(dataStart + e.Begin),
                ByteLength = byteLengths[e.HeaderIndex],
            };
        }
        return tensors;
    }

    /// <summary>A shape for messages, cut short for absurd ranks.</summary>
    private static string Shape(long[] shape) =>
        shape.Length <= 16 ? "[" + string.Join(",", shape.Select(d => (ulong)d)) + "]" : "[" + string.Join(",", shape.Take(16).Select(d => (ulong)d)) + $",… ({shape.Length} dimensions)]";
}
