using System.Buffers.Binary;
using System.Text;

namespace ModelRelease.Core.Checkpoints.Common;

/// <summary>
/// Forward reader over a <see cref="ByteSource"/> with a refilling buffer, for headers whose size is
/// only known by parsing them (GGUF, protobuf, pickle streams). Every request for bytes is checked
/// against the bytes left in the file before anything is allocated, and a short file raises
/// CKPT_TRUNCATED with the absolute offset.
/// </summary>
public sealed class SequentialReader
{
    private readonly ByteSource _source;
    private byte[] _buffer;
    private long _bufferStart;   // absolute offset of _buffer[0]
    private int _bufferCount;    // valid bytes in _buffer
    private int _cursor;         // read position inside _buffer

    private readonly int _maxBufferSize;

    /// <param name="source">The file.</param>
    /// <param name="start">Absolute offset to start at.</param>
    /// <param name="bufferSize">Largest read-ahead. Reads start at 4 KiB and double on each refill up to this,
    /// so a short header costs a short read and a long one few reads.</param>
    public SequentialReader(ByteSource source, long start = 0, int bufferSize = 64 * 1024)
    {
        _source = source;
        _maxBufferSize = (int)Math.Max(16, Math.Min(bufferSize, Math.Max(16, source.Length - start)));
        _buffer = new byte[Math.Min(_maxBufferSize, 4096)];
        _bufferStart = start;
    }

    public ByteSource Source => _source;

    public bool BigEndian { get; set; }

    /// <summary>Absolute offset of the next byte.</summary>
    public long Position => _bufferStart + _cursor;

    public long Remaining => _source.Length - Position;

    /// <summary>True when <paramref name="count"/> bytes are already buffered at <see cref="Position"/> (hot loops test this
    /// before building the message an <see cref="EnsureAsync"/> call would need).</summary>
    public bool IsBuffered(long count) => count <= _bufferCount - _cursor;

    /// <summary>
    /// Decodes <paramref name="count"/> buffered bytes as strict UTF-8 (only after <see cref="IsBuffered"/>); the
    /// description for the error is built only when the bytes are not valid.
    /// </summary>
    public string ReadUtf8Buffered<TState>(int count, string code, TState state, Func<TState, string> what)
    {
        var start = Position;
        var bytes = Take(count);
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException ex)
        {
            throw CheckpointErrors.Invalid(code, _source.Path, start + Math.Max(0, ex.Index), $"{what(state)} is not valid UTF-8");
        }
    }

    /// <summary>Makes sure <paramref name="count"/> bytes are buffered at <see cref="Position"/>.</summary>
    public ValueTask EnsureAsync(long count, string what, CancellationToken cancellationToken)
    {
        if (count <= _bufferCount - _cursor) return ValueTask.CompletedTask;
        return FillAsync(count, what, cancellationToken);
    }

    private async ValueTask FillAsync(long count, string what, CancellationToken cancellationToken)
    {
        if (count > Remaining)
        {
            throw CheckpointErrors.Truncated(_source.Path, Position, $"{what}: needs {count} bytes at offset {Position} but only {Remaining} remain in the file");
        }
        var need = (int)count; // count <= Remaining and callers keep single requests far below 2 GiB
        var have = _bufferCount - _cursor;
        if (need > _buffer.Length || (have == 0 && _buffer.Length < _maxBufferSize))
        {
            var grown = Math.Min(_maxBufferSize, _buffer.Length * 2L);
            var bigger = new byte[Math.Max(need, (int)Math.Min(grown, int.MaxValue - 64))];
            Buffer.BlockCopy(_buffer, _cursor, bigger, 0, have);
            _buffer = bigger;
        }
        else if (have > 0)
        {
            Buffer.BlockCopy(_buffer, _cursor, _buffer, 0, have);
        }
        _bufferStart += _cursor;
        _cursor = 0;
        _bufferCount = have;
        while (_bufferCount < need)
        {
            var want = (int)Math.Min(_buffer.Length - _bufferCount, _source.Length - (_bufferStart + _bufferCount));
            var n = await _source.ReadAtAsync(_bufferStart + _bufferCount, _buffer.AsMemory(_bufferCount, want), cancellationToken).ConfigureAwait(false);
            if (n <= 0)
            {
                throw CheckpointErrors.Truncated(_source.Path, _bufferStart + _bufferCount, $"{what}: the file ended early");
            }
            _bufferCount += n;
        }
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count > _bufferCount - _cursor) throw new InvalidOperationException("SequentialReader: EnsureAsync was not called before reading.");
        var span = new ReadOnlySpan<byte>(_buffer, _cursor, count);
        _cursor += count;
        return span;
    }

    // Synchronous reads: only valid after EnsureAsync covered them.
    public byte ReadByte() => Take(1)[0];
    public ushort ReadUInt16() => BigEndian ? BinaryPrimitives.ReadUInt16BigEndian(Take(2)) : BinaryPrimitives.ReadUInt16LittleEndian(Take(2));
    public short ReadInt16() => (short)ReadUInt16();
    public uint ReadUInt32() => BigEndian ? BinaryPrimitives.ReadUInt32BigEndian(Take(4)) : BinaryPrimitives.ReadUInt32LittleEndian(Take(4));
    public int ReadInt32() => (int)ReadUInt32();
    public ulong ReadUInt64() => BigEndian ? BinaryPrimitives.ReadUInt64BigEndian(Take(8)) : BinaryPrimitives.ReadUInt64LittleEndian(Take(8));
    public long ReadInt64() => (long)ReadUInt64();
    public float ReadSingle() => BitConverter.Int32BitsToSingle(ReadInt32());
    public double ReadDouble() => BitConverter.Int64BitsToDouble(ReadInt64());

    /// <summary>Bytes already buffered by <see cref="EnsureAsync"/>; valid until the next read.</summary>
    public ReadOnlySpan<byte> ReadSpan(int count) => Take(count);

    public async ValueTask<byte> ReadByteAsync(string what, CancellationToken ct) { await EnsureAsync(1, what, ct).ConfigureAwait(false); return ReadByte(); }
    public async ValueTask<ushort> ReadUInt16Async(string what, CancellationToken ct) { await EnsureAsync(2, what, ct).ConfigureAwait(false); return ReadUInt16(); }
    public async ValueTask<uint> ReadUInt32Async(string what, CancellationToken ct) { await EnsureAsync(4, what, ct).ConfigureAwait(false); return ReadUInt32(); }
    public async ValueTask<ulong> ReadUInt64Async(string what, CancellationToken ct) { await EnsureAsync(8, what, ct).ConfigureAwait(false); return ReadUInt64(); }

    /// <summary>Reads <paramref name="count"/> bytes into a new array; the count is checked against the file first.</summary>
    public async ValueTask<byte[]> ReadBytesAsync(long count, string what, CancellationToken cancellationToken)
    {
        if (count < 0 || count > Remaining)
        {
            throw CheckpointErrors.Truncated(_source.Path, Position, $"{what}: declares {count} bytes at offset {Position} but only {Remaining} remain in the file");
        }
        var result = new byte[count];
        var copied = 0;
        var fromBuffer = (int)Math.Min(count, _bufferCount - _cursor);
        Buffer.BlockCopy(_buffer, _cursor, result, 0, fromBuffer);
        _cursor += fromBuffer;
        copied += fromBuffer;
        if (copied < count)
        {
            // Large payload: read it directly, then restart buffering after it.
            await _source.ReadExactlyAtAsync(Position, result.AsMemory(copied), what, cancellationToken).ConfigureAwait(false);
            _bufferStart = Position + (count - copied);
            _cursor = 0;
            _bufferCount = 0;
        }
        return result;
    }

    /// <summary>Reads a UTF-8 string of <paramref name="byteCount"/> bytes; invalid UTF-8 raises <paramref name="code"/>.</summary>
    public async ValueTask<string> ReadUtf8Async(long byteCount, string code, string what, CancellationToken cancellationToken)
    {
        var start = Position;
        if (byteCount <= _buffer.Length)
        {
            await EnsureAsync(byteCount, what, cancellationToken).ConfigureAwait(false);
            return DecodeUtf8(Take((int)byteCount), code, what, start);
        }
        var bytes = await ReadBytesAsync(byteCount, what, cancellationToken).ConfigureAwait(false);
        return DecodeUtf8(bytes, code, what, start);
    }

    private string DecodeUtf8(ReadOnlySpan<byte> bytes, string code, string what, long start)
    {
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException ex)
        {
            throw CheckpointErrors.Invalid(code, _source.Path, start + Math.Max(0, ex.Index), $"{what} is not valid UTF-8");
        }
    }

    /// <summary>Moves forward without reading (skipped bytes are not counted as read).</summary>
    public void Skip(long count, string what)
    {
        if (count < 0 || count > Remaining)
        {
            throw CheckpointErrors.Truncated(_source.Path, Position, $"{what}: skips {count} bytes at offset {Position} but only {Remaining} remain in the file");
        }
        var inBuffer = _bufferCount - _cursor;
        if (count <= inBuffer)
        {
            _cursor += (int)count;
            return;
        }
        _bufferStart = Position + count;
        _cursor = 0;
        _bufferCount = 0;
    }

    /// <summary>UTF-8 that throws on invalid bytes instead of substituting U+FFFD.</summary>
    public static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
}
