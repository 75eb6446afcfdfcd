using System.Buffers.Binary;
using System.Text;
using System.Text.Unicode;
using ModelRelease.Core.Checkpoints.Common;

namespace ModelRelease.Core.Checkpoints.Gguf;

/// <summary>
/// Reads one GGUF file's header forward (magic, version, counts, key/values, tensor infos) and checks
/// it the way ggml does (reference-formats §2). Every count and length is compared with the bytes
/// left in the file before anything is allocated or looped over; all size arithmetic is checked.
/// Never reads tensor data.
/// </summary>
internal sealed class GgufHeaderParser
{
    private const int MinKeyValueBytes = 14;    // 8-byte key length, ≥ 1 key byte, 4-byte type, ≥ 1 value byte
    private const int MinTensorInfoBytes = 24;  // 8-byte name length, 4-byte n_dims, 4-byte type, 8-byte offset
    internal const int MaxDims = 4;             // GGML_MAX_DIMS
    private const int MaxNameBytes = 63;        // GGML_MAX_NAME (64) counts the terminator
    private const long DefaultAlignment = 32;   // GGUF_DEFAULT_ALIGNMENT
    private const int ChunkBytes = 32 * 1024;
    private const long MaxStringBytes = 0x3FFFFFDF;     // a longer UTF-8 string may not fit a .NET string

    private readonly ByteSource _source;
    private readonly SequentialReader _r;
    private readonly CheckpointReaderLimits _limits;
    private readonly CancellationToken _ct;
    private readonly List<Finding> _findings = [];
    private readonly HashSet<string> _warnedBools = new(StringComparer.Ordinal);
    private readonly HashSet<uint> _warnedTypes = [];
    private readonly ShapeInterner _shapes = new();
    private bool _warnedUtf8;
    private bool _warnedNested;

    private GgufHeaderParser(ByteSource source, CheckpointReaderLimits limits, CancellationToken cancellationToken)
    {
        _source = source;
        _r = new SequentialReader(source);
        _limits = limits;
        _ct = cancellationToken;
    }

    private string FilePath => _source.Path;

    public static Task<GgufHeader> ParseAsync(ByteSource source, CheckpointReaderLimits limits, CancellationToken cancellationToken) =>
        new GgufHeaderParser(source, limits, cancellationToken).ParseCoreAsync();

    private async Task<GgufHeader> ParseCoreAsync()
    {
        // Magic.
        if (_source.Length < 4)
        {
            throw CheckpointErrors.Truncated(FilePath, 0, $"the file is {_source.Length} bytes long; a GGUF file starts with the 4-byte magic 'GGUF'");
        }
        await _r.EnsureAsync(4, "GGUF magic", _ct).ConfigureAwait(false);
        var magic = _r.ReadSpan(4).ToArray();
        if (!magic.AsSpan().SequenceEqual("GGUF"u8))
        {
            if (magic.AsSpan().SequenceEqual("FUGG"u8))
            {
                throw CheckpointErrors.Unsupported(GgufCodes.Magic, FilePath, 0,
                    "magic 'FUGG' is the byte-reversed GGUF magic proposed for big-endian files but never adopted; big-endian GGUF files keep the magic 'GGUF' and byte-swap the version");
            }
            throw CheckpointErrors.Invalid(GgufCodes.Magic, FilePath, 0, $"expected the magic 'GGUF' (47 47 55 46), found {Convert.ToHexString(magic)}");
        }

        // Version and byte order: the magic reads the same both ways, so the order comes from the version.
        var rawVersion = await _r.ReadUInt32Async("GGUF version", _ct).ConfigureAwait(false);
        if (rawVersion == 0) throw CheckpointErrors.Invalid(GgufCodes.Version, FilePath, 4, "version 0 is not a GGUF version (expected 2 or 3)");
        var bigEndian = (rawVersion & 0xFFFF) == 0;
        var version = bigEndian ? BinaryPrimitives.ReverseEndianness(rawVersion) : rawVersion;
        _r.BigEndian = bigEndian;
        var order = bigEndian ? " (big-endian)" : "";
        if (version == 1)
        {
            throw CheckpointErrors.Unsupported(GgufCodes.Version, FilePath, 4,
                $"GGUF version 1{order} (32-bit counts and lengths) is no longer supported by ggml or gguf-py; convert the file with a current llama.cpp");
        }
        if (version > 3)
        {
            throw CheckpointErrors.Unsupported(GgufCodes.Version, FilePath, 4, $"GGUF version {version}{order} is newer than this reader, which reads versions 2 and 3");
        }

        // Counts, bounded by the bytes that follow.
        await _r.EnsureAsync(16, "GGUF tensor and key/value counts", _ct).ConfigureAwait(false);
        var tensorCount = _r.ReadUInt64();
        var kvCount = _r.ReadUInt64();
        var remaining = (ulong)_r.Remaining;
        if (kvCount > remaining / MinKeyValueBytes)
        {
            throw CheckpointErrors.Invalid(GgufCodes.Count, FilePath, 16,
                $"the header declares {kvCount} key/value pairs, but each takes at least {MinKeyValueBytes} bytes and only {remaining} bytes follow");
        }
        if (tensorCount > remaining / MinTensorInfoBytes || kvCount * MinKeyValueBytes + tensorCount * MinTensorInfoBytes > remaining)
        {
            throw CheckpointErrors.Invalid(GgufCodes.Count, FilePath, 8,
                $"the header declares {tensorCount} tensors and {kvCount} key/value pairs, which need at least {(UInt128)tensorCount * MinTensorInfoBytes + (UInt128)kvCount * MinKeyValueBytes} bytes, but only {remaining} bytes follow");
        }

        // Key/value pairs.
        var metadata = new Dictionary<string, object?>(StringComparer.Ordinal);
        var types = new Dictionary<string, GgufValueType>(StringComparer.Ordinal);
        var positions = new Dictionary<string, long>(StringComparer.Ordinal);
        for (ulong i = 0; i < kvCount; i++)
        {
            _ct.ThrowIfCancellationRequested();
            var keyPosition = _r.Position;
            var key = await ReadKeyAsync().ConfigureAwait(false);
            if (metadata.ContainsKey(key)) throw CheckpointErrors.Invalid(GgufCodes.Key, FilePath, keyPosition, $"duplicate key '{key}'");
            var typePosition = _r.Position;
            var rawType = await _r.ReadUInt32Async($"value type of '{key}'", _ct).ConfigureAwait(false);
            if (rawType > (uint)GgufValueType.Float64)
            {
                throw CheckpointErrors.Invalid(GgufCodes.ValueType, FilePath, typePosition, $"key '{key}' has value type {rawType}; GGUF value types are 0-12");
            }
            positions[key] = _r.Position;
            metadata[key] = await ReadValueAsync((GgufValueType)rawType, key, depth: 0).ConfigureAwait(false);
            types[key] = (GgufValueType)rawType;
        }

        var alignment = ReadAlignment(metadata, types, positions);
        var splitNo = ReadSplitKey(metadata, types, positions, "split.no", GgufCodes.SplitIndex, GgufValueType.UInt16);
        var splitCount = ReadSplitKey(metadata, types, positions, "split.count", GgufCodes.SplitCount, GgufValueType.UInt16);
        var splitTensors = ReadSplitKey(metadata, types, positions, "split.tensors.count", GgufCodes.SplitTensorCount, GgufValueType.Int32);
        if (splitCount == 0)
        {
            throw CheckpointErrors.Invalid(GgufCodes.SplitCount, FilePath, positions["split.count"], "split.count is 0; a split set has at least one file");
        }
        if (splitNo is long no && splitCount is long count && no >= count)
        {
            throw CheckpointErrors.Invalid(GgufCodes.SplitIndex, FilePath, positions["split.no"], $"split.no is {no} but split.count is {count} (split.no counts from 0)");
        }

        // Tensor infos.
        // Sized by the count, which was checked above against the bytes that follow (at least 24 a tensor).
        var tensors = new List<GgufTensorEntry>((int)tensorCount);
        var names = new HashSet<string>((int)tensorCount, StringComparer.Ordinal);
        for (ulong i = 0; i < tensorCount; i++)
        {
            if ((i & 1023) == 0) _ct.ThrowIfCancellationRequested();
            // One tensor info is at most MaxTensorInfoBytes: buffer that much (or what is left of the file) and parse it
            // synchronously, so a header of half a million tensors costs no asynchronous call per tensor.
            var want = Math.Min(MaxTensorInfoBytes, _r.Remaining);
            if (!_r.IsBuffered(want)) await _r.EnsureAsync(want, "tensor infos", _ct).ConfigureAwait(false);
            tensors.Add(ReadTensorInfo(i, names));
        }
        var infosEnd = _r.Position;
        var dataOffset = CheckedMath.AlignUp(infosEnd, alignment)
            ?? throw CheckpointErrors.Invalid(GgufCodes.Bounds, FilePath, infosEnd, "the data section offset overflows 64-bit arithmetic");

        var byteLengths = CheckOffsets(tensors, alignment, dataOffset, out var paddedDataLength);
        CheckBounds(tensors, byteLengths, dataOffset);
        if (tensors.Count > 0 && paddedDataLength is long padded && CheckedMath.Add(dataOffset, padded) is long paddedEnd && _source.Length > paddedEnd)
        {
            _findings.Add(new Finding(FindingSeverity.Warning, GgufCodes.TrailingBytes,
                $"{_source.Length - paddedEnd} bytes follow the last tensor's (padded) data; no reader uses them")
            { Path = FilePath, Offset = paddedEnd });
        }

        return new GgufHeader
        {
            Path = FilePath,
            Length = _source.Length,
            Version = version,
            BigEndian = bigEndian,
            Alignment = alignment,
            Metadata = metadata,
            Types = types,
            ValuePositions = positions,
            Tensors = tensors,
            DataOffset = dataOffset,
            ByteLengths = byteLengths,
            Findings = _findings,
            SplitNo = splitNo,
            SplitCount = splitCount,
            SplitTensorsCount = splitTensors,
        };
    }

    // ---- key/values ------------------------------------------------------------------------

    private async ValueTask<string> ReadKeyAsync()
    {
        var position = _r.Position;
        var length = await _r.ReadUInt64Async("key length", _ct).ConfigureAwait(false);
        if (length == 0) throw CheckpointErrors.Invalid(GgufCodes.Key, FilePath, position, "empty key; keys need at least one byte");
        CheckStringLength(length, position, "key");
        return await _r.ReadUtf8Async((long)length, GgufCodes.Key, "key", _ct).ConfigureAwait(false);
    }

    private void CheckStringLength(ulong length, long position, string what)
    {
        var limit = Math.Min(_limits.MaxGgufStringBytes, MaxStringBytes);
        if (length > (ulong)limit)
        {
            throw CheckpointErrors.Invalid(GgufCodes.String, FilePath, position, $"{what} declares {length} bytes; strings above {limit} bytes are refused");
        }
        if (length > (ulong)_r.Remaining)
        {
            throw new CheckpointFormatException(CheckpointErrorKind.Truncated, GgufCodes.String, FilePath,
                $"{what} declares {length} bytes but only {_r.Remaining} bytes remain in the file", position);
        }
    }

    private async ValueTask<object?> ReadValueAsync(GgufValueType type, string key, int depth)
    {
        var what = $"value of '{key}'";
        switch (type)
        {
            case GgufValueType.UInt8: await _r.EnsureAsync(1, what, _ct).ConfigureAwait(false); return _r.ReadByte();
            case GgufValueType.Int8: await _r.EnsureAsync(1, what, _ct).ConfigureAwait(false); return (sbyte)_r.ReadByte();
            case GgufValueType.UInt16: await _r.EnsureAsync(2, what, _ct).ConfigureAwait(false); return _r.ReadUInt16();
            case GgufValueType.Int16: await _r.EnsureAsync(2, what, _ct).ConfigureAwait(false); return _r.ReadInt16();
            case GgufValueType.UInt32: await _r.EnsureAsync(4, what, _ct).ConfigureAwait(false); return _r.ReadUInt32();
            case GgufValueType.Int32: await _r.EnsureAsync(4, what, _ct).ConfigureAwait(false); return _r.ReadInt32();
            case GgufValueType.Float32: await _r.EnsureAsync(4, what, _ct).ConfigureAwait(false); return _r.ReadSingle();
            case GgufValueType.UInt64: await _r.EnsureAsync(8, what, _ct).ConfigureAwait(false); return _r.ReadUInt64();
            case GgufValueType.Int64: await _r.EnsureAsync(8, what, _ct).ConfigureAwait(false); return _r.ReadInt64();
            case GgufValueType.Float64: await _r.EnsureAsync(8, what, _ct).ConfigureAwait(false); return _r.ReadDouble();
            case GgufValueType.Bool:
                await _r.EnsureAsync(1, what, _ct).ConfigureAwait(false);
                return ReadBool(key);
            case GgufValueType.String:
                return await ReadStringValueAsync(key).ConfigureAwait(false);
            default:
                return await ReadArrayAsync(key, depth + 1).ConfigureAwait(false);
        }
    }

    private bool ReadBool(string key)
    {
        var position = _r.Position;
        var b = _r.ReadByte();
        if (b > 1 && _warnedBools.Add(key))
        {
            _findings.Add(new Finding(FindingSeverity.Warning, GgufCodes.BoolValue,
                $"'{key}' holds the BOOL byte {b}; the spec allows only 0 and 1 (ggml reads any non-zero byte as true)")
            { Path = FilePath, Offset = position });
        }
        return b != 0;
    }

    private async ValueTask<string> ReadStringValueAsync(string key)
    {
        var position = _r.Position;
        var length = await _r.ReadUInt64Async($"string length of '{key}'", _ct).ConfigureAwait(false);
        CheckStringLength(length, position, $"string of '{key}'");
        if (length <= ChunkBytes)
        {
            if (!_r.IsBuffered((long)length)) await _r.EnsureAsync((long)length, $"string of '{key}'", _ct).ConfigureAwait(false);
            return Decode(_r.ReadSpan((int)length), key, position);
        }
        var bytes = await _r.ReadBytesAsync((long)length, $"string of '{key}'", _ct).ConfigureAwait(false);
        return Decode(bytes, key, position);
    }

    /// <summary>Strings should be UTF-8; a bad one is kept (with U+FFFD) and reported once, since tokenizer vocabularies in the wild are not always clean.</summary>
    private string Decode(ReadOnlySpan<byte> bytes, string key, long position)
    {
        if (Utf8.IsValid(bytes)) return Encoding.UTF8.GetString(bytes);
        if (!_warnedUtf8)
        {
            _warnedUtf8 = true;
            _findings.Add(new Finding(FindingSeverity.Warning, GgufCodes.StringUtf8,
                $"a string of '{key}' is not valid UTF-8 (GGUF strings are UTF-8); invalid bytes were replaced with U+FFFD (only the first such string is reported)")
            { Path = FilePath, Offset = position });
        }
        return Encoding.UTF8.GetString(bytes);
    }

    private async ValueTask<object> ReadArrayAsync(string key, int depth)
    {
        var position = _r.Position;
        await _r.EnsureAsync(12, $"array header of '{key}'", _ct).ConfigureAwait(false);
        var rawElementType = _r.ReadUInt32();
        var count = _r.ReadUInt64();
        if (rawElementType > (uint)GgufValueType.Float64)
        {
            throw CheckpointErrors.Invalid(GgufCodes.ValueType, FilePath, position, $"array '{key}' has element type {rawElementType}; GGUF value types are 0-12");
        }
        var elementType = (GgufValueType)rawElementType;
        if (elementType == GgufValueType.Array)
        {
            if (depth + 1 > _limits.MaxGgufArrayDepth)
            {
                throw CheckpointErrors.Invalid(GgufCodes.ValueType, FilePath, position, $"array '{key}' nests arrays more than {_limits.MaxGgufArrayDepth} levels deep");
            }
            if (!_warnedNested)
            {
                _warnedNested = true;
                _findings.Add(new Finding(FindingSeverity.Warning, GgufCodes.NestedArray,
                    $"'{key}' is an array of arrays; the spec allows nesting but ggml (llama.cpp) refuses to load such files")
                { Path = FilePath, Offset = position });
            }
        }
        var minimum = MinimumSize(elementType);
        if (count > (ulong)_limits.MaxGgufArrayLength || count > (ulong)Array.MaxLength)
        {
            throw CheckpointErrors.Invalid(GgufCodes.Count, FilePath, position + 4, $"array '{key}' declares {count} elements; arrays above {_limits.MaxGgufArrayLength} elements are refused");
        }
        if (count > (ulong)(_r.Remaining / minimum))
        {
            throw CheckpointErrors.Invalid(GgufCodes.Count, FilePath, position + 4,
                $"array '{key}' declares {count} elements of {elementType} (at least {minimum} bytes each) but only {_r.Remaining} bytes remain in the file");
        }
        var n = (int)count;
        var what = $"array '{key}'";
        switch (elementType)
        {
            case GgufValueType.UInt8: return await ReadBlockAsync(n, 1, what, r => r.ReadByte()).ConfigureAwait(false);
            case GgufValueType.Int8: return await ReadBlockAsync(n, 1, what, r => (sbyte)r.ReadByte()).ConfigureAwait(false);
            case GgufValueType.UInt16: return await ReadBlockAsync(n, 2, what, r => r.ReadUInt16()).ConfigureAwait(false);
            case GgufValueType.Int16: return await ReadBlockAsync(n, 2, what, r => r.ReadInt16()).ConfigureAwait(false);
            case GgufValueType.UInt32: return await ReadBlockAsync(n, 4, what, r => r.ReadUInt32()).ConfigureAwait(false);
            case GgufValueType.Int32: return await ReadBlockAsync(n, 4, what, r => r.ReadInt32()).ConfigureAwait(false);
            case GgufValueType.Float32: return await ReadBlockAsync(n, 4, what, r => r.ReadSingle()).ConfigureAwait(false);
            case GgufValueType.UInt64: return await ReadBlockAsync(n, 8, what, r => r.ReadUInt64()).ConfigureAwait(false);
            case GgufValueType.Int64: return await ReadBlockAsync(n, 8, what, r => r.ReadInt64()).ConfigureAwait(false);
            case GgufValueType.Float64: return await ReadBlockAsync(n, 8, what, r => r.ReadDouble()).ConfigureAwait(false);
            case GgufValueType.Bool: return await ReadBlockAsync(n, 1, what, _ => ReadBool(key)).ConfigureAwait(false);
            case GgufValueType.String:
                var strings = new string[n];
                for (var i = 0; i < n; i++)
                {
                    if ((i & 1023) == 0) _ct.ThrowIfCancellationRequested();
                    strings[i] = await ReadStringValueAsync(key).ConfigureAwait(false);
                }
                return strings;
            default:
                var arrays = new object[n];
                for (var i = 0; i < n; i++)
                {
                    if ((i & 1023) == 0) _ct.ThrowIfCancellationRequested();
                    arrays[i] = await ReadArrayAsync(key, depth + 1).ConfigureAwait(false);
                }
                return arrays;
        }
    }

    private async ValueTask<T[]> ReadBlockAsync<T>(int count, int size, string what, Func<SequentialReader, T> read)
    {
        var values = new T[count];
        var perChunk = ChunkBytes / size;
        for (var i = 0; i < count;)
        {
            _ct.ThrowIfCancellationRequested();
            var m = Math.Min(count - i, perChunk);
            await _r.EnsureAsync((long)m * size, what, _ct).ConfigureAwait(false);
            for (var k = 0; k < m; k++) values[i + k] = read(_r);
            i += m;
        }
        return values;
    }

    private static long MinimumSize(GgufValueType type) => type switch
    {
        GgufValueType.UInt8 or GgufValueType.Int8 or GgufValueType.Bool => 1,
        GgufValueType.UInt16 or GgufValueType.Int16 => 2,
        GgufValueType.UInt32 or GgufValueType.Int32 or GgufValueType.Float32 => 4,
        GgufValueType.String => 8,
        GgufValueType.Array => 12,
        _ => 8,
    };

    private long ReadAlignment(Dictionary<string, object?> metadata, Dictionary<string, GgufValueType> types, Dictionary<string, long> positions)
    {
        const string key = "general.alignment";
        if (!metadata.TryGetValue(key, out var value)) return DefaultAlignment;
        var position = positions[key];
        if (types[key] != GgufValueType.UInt32)
        {
            throw CheckpointErrors.Invalid(GgufCodes.Alignment, FilePath, position, $"general.alignment must have type UINT32 (ggml refuses any other); found {types[key]} {Describe(value)}");
        }
        var a = (uint)value!;
        if (a == 0 || (a & (a - 1)) != 0)
        {
            throw CheckpointErrors.Invalid(GgufCodes.Alignment, FilePath, position, $"general.alignment is {a}; it must be a non-zero power of two");
        }
        if (a > _limits.MaxGgufAlignment)
        {
            throw CheckpointErrors.Invalid(GgufCodes.Alignment, FilePath, position, $"general.alignment is {a}; alignments above {_limits.MaxGgufAlignment} are refused as implausible");
        }
        return a;
    }

    private long? ReadSplitKey(Dictionary<string, object?> metadata, Dictionary<string, GgufValueType> types, Dictionary<string, long> positions, string key, string code, GgufValueType expected)
    {
        if (!metadata.TryGetValue(key, out var value)) return null;
        var position = positions[key];
        var n = AsInteger(value);
        if (n is null or < 0)
        {
            throw CheckpointErrors.Invalid(code, FilePath, position, $"{key} must be a non-negative integer ({expected}); found {types[key]} {Describe(value)}");
        }
        if (types[key] != expected)
        {
            _findings.Add(new Finding(FindingSeverity.Warning, GgufCodes.SplitKeyType,
                $"{key} has type {types[key]}; llama.cpp reads it as {expected} and refuses other types")
            { Path = FilePath, Offset = position });
        }
        return n;
    }

    /// <summary>Any GGUF integer value as a long (null for non-integers and UINT64 values above long.MaxValue).</summary>
    internal static long? AsInteger(object? value) => value switch
    {
        byte v => v,
        sbyte v => v,
        ushort v => v,
        short v => v,
        uint v => v,
        int v => v,
        ulong v when v <= long.MaxValue => (long)v,
        long v => v,
        _ => null,
    };

    private static string Describe(object? value) => value switch
    {
        null => "null",
        string s => s.Length <= 40 ? $"'{s}'" : $"'{s[..40]}…'",
        Array a => $"(array of {a.Length})",
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "",
    };

    // ---- tensor infos ----------------------------------------------------------------------

    /// <summary>Largest tensor info: name length, a 63-byte name, n_dims, four dimensions, type and offset.</summary>
    private const int MaxTensorInfoBytes = 8 + MaxNameBytes + 4 + 8 * MaxDims + 4 + 8;

    /// <summary>Throws CKPT_TRUNCATED unless <paramref name="count"/> bytes are buffered; the caller buffered a whole
    /// tensor info or everything left in the file, so a shortfall means the file ends here.</summary>
    private void Need<TState>(long count, TState state, Func<TState, string> what)
    {
        if (_r.IsBuffered(count)) return;
        throw CheckpointErrors.Truncated(FilePath, _r.Position, $"{what(state)}: needs {count} bytes at offset {_r.Position} but only {_r.Remaining} remain in the file");
    }

    /// <summary>Parses one tensor info from the buffer (see the caller).</summary>
    private GgufTensorEntry ReadTensorInfo(ulong index, HashSet<string> names)
    {
        var infoPosition = _r.Position;
        Need(8, 0, static _ => "tensor name length");
        var nameLength = _r.ReadUInt64();
        if (nameLength > MaxNameBytes)
        {
            throw CheckpointErrors.Invalid(GgufCodes.TensorName, FilePath, infoPosition,
                $"tensor #{index} has a name of {nameLength} bytes; ggml allows at most {MaxNameBytes} (GGML_MAX_NAME {MaxNameBytes + 1} with its terminator)");
        }
        Need((long)nameLength, index, static i => $"name of tensor #{i}");
        var name = _r.ReadUtf8Buffered((int)nameLength, GgufCodes.TensorName, index, static i => $"name of tensor #{i}");
        if (!names.Add(name))
        {
            throw CheckpointErrors.Invalid(GgufCodes.TensorName, FilePath, infoPosition, "duplicate tensor name", name);
        }

        var dimsPosition = _r.Position;
        Need(4, 0, static _ => "n_dims");
        var nDims = _r.ReadUInt32();
        if (nDims > MaxDims)
        {
            throw CheckpointErrors.Invalid(GgufCodes.Dims, FilePath, dimsPosition, $"n_dims is {nDims}; ggml allows at most {MaxDims}", name);
        }
        Need(8L * nDims + 12, name, static n => $"dimensions, type and offset of tensor '{n}'");
        Span<long> ne = stackalloc long[(int)nDims];
        for (var d = 0; d < nDims; d++)
        {
            var dimPosition = _r.Position;
            var v = _r.ReadUInt64();
            if (v > long.MaxValue)
            {
                throw CheckpointErrors.Invalid(GgufCodes.Dims, FilePath, dimPosition, $"ne[{d}] is {v}, negative as the signed 64-bit value ggml reads", name);
            }
            if ((long)v > _limits.MaxDimension)
            {
                throw CheckpointErrors.Invalid(GgufCodes.Dims, FilePath, dimPosition, $"ne[{d}] is {v}; dimensions above {_limits.MaxDimension} are refused as implausible", name);
            }
            ne[d] = (long)v;
        }
        var elements = CheckedMath.Product(ne) is long p && p < long.MaxValue
            ? p
            : throw CheckpointErrors.Invalid(GgufCodes.Dims, FilePath, dimsPosition, $"the element count of ne [{string.Join(", ", ne.ToArray())}] overflows 64-bit arithmetic", name);

        var typePosition = _r.Position;
        var typeId = _r.ReadUInt32();
        var offsetPosition = _r.Position;
        var offset = _r.ReadUInt64();

        var type = GgmlType.Find(typeId);
        long? bytes = null;
        if (type is null)
        {
            if (_warnedTypes.Add(typeId))
            {
                _findings.Add(new Finding(FindingSeverity.Warning, GgufCodes.Type,
                    $"unsupported tensor type {typeId} (this reader knows ggml types 0-{GgmlType.KnownCount - 1}); its element count is exact but its byte size cannot be checked, so ByteLength is the span up to the next tensor")
                { Path = FilePath, Offset = typePosition, Tensor = name });
            }
        }
        else if (type.Status == GgufTypeStatus.Removed)
        {
            throw CheckpointErrors.Invalid(GgufCodes.Type, FilePath, typePosition, $"tensor type {typeId} ({type.Name}) was removed from GGUF files; ggml refuses it", name);
        }
        else
        {
            var ne0 = nDims > 0 ? ne[0] : 1;
            if (ne0 % type.BlockSize != 0)
            {
                throw CheckpointErrors.Invalid(GgufCodes.Block, FilePath, dimsPosition + 4,
                    $"ne[0] = {ne0} is not a multiple of the {type.Name} block size {type.BlockSize}; rows must be whole blocks", name);
            }
            bytes = CheckedMath.Multiply(elements / type.BlockSize, type.TypeSize)
                ?? throw CheckpointErrors.Invalid(GgufCodes.Dims, FilePath, dimsPosition, "the byte size overflows 64-bit arithmetic", name);
            if (type.Status == GgufTypeStatus.Intermediate && _warnedTypes.Add(typeId))
            {
                _findings.Add(new Finding(FindingSeverity.Warning, GgufCodes.IntermediateType,
                    $"tensor type {type.Name} is an intermediate ggml type (used for dot products), not expected in model files")
                { Path = FilePath, Offset = typePosition, Tensor = name });
            }
        }
        if (offset > long.MaxValue)
        {
            throw CheckpointErrors.Invalid(GgufCodes.Offset, FilePath, offsetPosition, $"offset {offset} is beyond any file", name);
        }
        return new GgufTensorEntry(name, typeId, type, _shapes.Intern(ne), elements, bytes, (long)offset, infoPosition, offsetPosition);
    }

    /// <summary>
    /// ggml's rule: offset(i) = Σ_{j&lt;i} align_up(nbytes(j)), i.e. data in tensor-info order, each padded to the
    /// alignment, from 0. After a tensor of unknown type the sum is unknown: the next offset must then only be
    /// aligned and not before it. Returns each tensor's byte length and the padded data length (null when unknown).
    /// </summary>
    private long[] CheckOffsets(List<GgufTensorEntry> tensors, long alignment, long dataOffset, out long? paddedDataLength)
    {
        long? expected = 0;
        long previous = 0;
        foreach (var t in tensors)
        {
            if (t.Offset % alignment != 0)
            {
                throw CheckpointErrors.Invalid(GgufCodes.Offset, FilePath, t.OffsetPosition, $"offset {t.Offset} is not a multiple of the alignment {alignment}", t.Name);
            }
            if (expected is long e && t.Offset != e)
            {
                throw CheckpointErrors.Invalid(GgufCodes.Offset, FilePath, t.OffsetPosition,
                    $"offset {t.Offset} is not the expected {e}: tensor data must follow tensor-info order, each tensor padded to {alignment} bytes (ggml refuses the file otherwise)", t.Name);
            }
            if (expected is null && t.Offset < previous)
            {
                throw CheckpointErrors.Invalid(GgufCodes.Offset, FilePath, t.OffsetPosition, $"offset {t.Offset} comes before the previous tensor's offset {previous}", t.Name);
            }
            previous = t.Offset;
            expected = t.ByteCount is long b
                ? (CheckedMath.Add(t.Offset, b) is long end ? CheckedMath.AlignUp(end, alignment) : null)
                    ?? throw CheckpointErrors.Invalid(GgufCodes.Bounds, FilePath, t.OffsetPosition, "offset + size overflows 64-bit arithmetic", t.Name)
                : null;
        }
        paddedDataLength = expected;

        var lengths = new long[tensors.Count];
        for (var i = 0; i < tensors.Count; i++)
        {
            var t = tensors[i];
            if (t.ByteCount is long b) { lengths[i] = b; continue; }
            var next = i + 1 < tensors.Count ? tensors[i + 1].Offset : Math.Max(0, _source.Length - dataOffset);
            lengths[i] = Math.Max(0, next - t.Offset);
        }
        return lengths;
    }

    /// <summary>llama.cpp's loader check: data_start + offset + nbytes ≤ file size, overflow-safe.</summary>
    private void CheckBounds(List<GgufTensorEntry> tensors, long[] lengths, long dataOffset)
    {
        for (var i = 0; i < tensors.Count; i++)
        {
            var t = tensors[i];
            var start = CheckedMath.Add(dataOffset, t.Offset)
                ?? throw CheckpointErrors.Invalid(GgufCodes.Bounds, FilePath, t.OffsetPosition, "data start + offset overflows 64-bit arithmetic", t.Name);
            var end = CheckedMath.Add(start, lengths[i])
                ?? throw CheckpointErrors.Invalid(GgufCodes.Bounds, FilePath, t.OffsetPosition, "the tensor's end overflows 64-bit arithmetic", t.Name);
            if (end > _source.Length)
            {
                throw CheckpointErrors.Truncated(FilePath, start,
                    $"tensor data [{start}, {end}) is not within the file ({_source.Length} bytes); the file is truncated or corrupt (expected at least {end} bytes)", t.Name);
            }
        }
    }
}
