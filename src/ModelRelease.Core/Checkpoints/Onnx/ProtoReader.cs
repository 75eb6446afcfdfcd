using ModelRelease.Core.Checkpoints.Common;

namespace ModelRelease.Core.Checkpoints.Onnx;

/// <summary>
/// Protocol-buffer wire format over a <see cref="SequentialReader"/>, bounded by the end of the current
/// message: varints (at most 10 bytes), fixed 32/64-bit values, length-delimited fields whose length
/// is checked against the enclosing message before use, and skipping without reading.
/// </summary>
public sealed class ProtoReader(SequentialReader reader, string path)
{
    public long Position => reader.Position;

    /// <summary>The next (field, wire type) before <paramref name="end"/>, or null at the end.</summary>
    public async ValueTask<(int Field, int Wire, long At)?> TagAsync(long end, CancellationToken ct)
    {
        if (reader.Position >= end) return null;
        var at = reader.Position;
        var tag = await VarintAsync(end, "a field tag", ct).ConfigureAwait(false);
        var field = tag >> 3;
        var wire = (int)(tag & 7);
        if (field == 0 || field > 536_870_911) throw CheckpointErrors.Invalid(OnnxCodes.Protobuf, path, at, $"field number {field} is not valid protobuf");
        if (wire is 3 or 4 or 6 or 7) throw CheckpointErrors.Invalid(OnnxCodes.Protobuf, path, at, $"wire type {wire} of field {field} is not one ONNX uses");
        return ((int)field, wire, at);
    }

    public async ValueTask<ulong> VarintAsync(long end, string what, CancellationToken ct)
    {
        var at = reader.Position;
        ulong value = 0;
        for (var shift = 0; shift < 70; shift += 7)
        {
            if (reader.Position >= end) throw new CheckpointFormatException(CheckpointErrorKind.Truncated, "CKPT_TRUNCATED", path, $"{what}: a varint runs past the end of its message at {end}", at);
            var b = await reader.ReadByteAsync(what, ct).ConfigureAwait(false);
            if (shift == 63 && b > 1) throw CheckpointErrors.Invalid(OnnxCodes.Varint, path, at, $"{what}: a varint overflows 64 bits");
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0) return value;
        }
        throw CheckpointErrors.Invalid(OnnxCodes.Varint, path, at, $"{what}: a varint longer than 10 bytes");
    }

    /// <summary>The length of a length-delimited field, checked to fit before <paramref name="end"/>.</summary>
    public async ValueTask<long> LengthAsync(long end, string what, CancellationToken ct)
    {
        var at = reader.Position;
        var n = await VarintAsync(end, what, ct).ConfigureAwait(false);
        if (n > (ulong)(end - reader.Position))
        {
            throw new CheckpointFormatException(CheckpointErrorKind.Truncated, "CKPT_TRUNCATED", path,
                $"{what} declares {n} bytes at offset {reader.Position} but its message ends {end - reader.Position} bytes later", at);
        }
        return (long)n;
    }

    public async ValueTask<string> StringAsync(long end, string what, CancellationToken ct)
    {
        var n = await LengthAsync(end, what, ct).ConfigureAwait(false);
        return await reader.ReadUtf8Async(n, OnnxCodes.Protobuf, what, ct).ConfigureAwait(false);
    }

    /// <summary>Skips a field's value.</summary>
    public async ValueTask SkipAsync(int wire, long end, string what, CancellationToken ct)
    {
        switch (wire)
        {
            case 0: await VarintAsync(end, what, ct).ConfigureAwait(false); break;
            case 1: Skip(8, end, what); break;
            case 5: Skip(4, end, what); break;
            case 2: Skip(await LengthAsync(end, what, ct).ConfigureAwait(false), end, what); break;
        }
    }

    public void Skip(long count, long end, string what)
    {
        if (count > end - reader.Position) throw new CheckpointFormatException(CheckpointErrorKind.Truncated, "CKPT_TRUNCATED", path, $"{what} runs past the end of its message", reader.Position);
        reader.Skip(count, what);
    }
}
