using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using System.Text;
using ModelRelease.Core.Checkpoints.Common;

namespace ModelRelease.Core.Checkpoints.PyTorch.Pickle;

/// <summary>
/// Our own reader of pickle opcodes (protocols 0–5, the data subset). It evaluates symbolically: globals
/// are looked up in <see cref="PickleGlobals"/> and never imported; the few allowed callables are
/// interpreted into descriptions (<see cref="PickleCalls"/>); a global outside the allow-list is recorded
/// and reported by name, with every other one the stream names, when the stream ends — nothing is ever
/// executed. Every operand is bounded by the bytes left in the stream and the limits.
/// </summary>
public sealed class PickleMachine
{
    private readonly SequentialReader _reader;
    private readonly long _end;
    private readonly string _path;
    private readonly string _stream;
    private readonly CheckpointReaderLimits _limits;
    private readonly Func<PickleValue, long, PickleValue> _persistentLoad;
    private readonly List<PickleValue> _stack = [];
    private readonly Stack<int> _marks = new();
    private readonly Dictionary<long, PickleValue> _memo = [];
    private readonly List<(string Name, long Offset)> _unsafe = [];
    private readonly SortedSet<string> _globals = new(StringComparer.Ordinal);
    private readonly PickleCopyBudget _copies;

    /// <param name="source">The file.</param>
    /// <param name="start">Absolute offset of the stream's first byte.</param>
    /// <param name="end">Absolute offset one past the stream's last byte.</param>
    /// <param name="stream">Name of the stream for messages (<c>archive/data.pkl</c>).</param>
    /// <param name="persistentLoad">Turns a BINPERSID id into a value (storages); gets the id and the opcode offset.</param>
    public PickleMachine(ByteSource source, long start, long end, string stream, CheckpointReaderLimits limits, Func<PickleValue, long, PickleValue> persistentLoad)
    {
        _reader = new SequentialReader(source, start, (int)Math.Clamp(end - start, 16, 64 * 1024));
        _end = end;
        _path = source.Path;
        _stream = stream;
        _limits = limits;
        _persistentLoad = persistentLoad;
        StreamStart = start;
        _copies = new PickleCopyBudget(Math.Max(limits.MinPickleCopyBudget, (end - start) * (long)limits.PickleCopiesPerByte));
    }

    public long StreamStart { get; }

    /// <summary>Absolute offset after the STOP opcode.</summary>
    public long Position => _reader.Position;

    /// <summary>Values the stream's calls built by copying, against their budget.</summary>
    public PickleCopyBudget Copies => _copies;

    /// <summary>Every global the stream named, allowed or not, as <c>module.name</c>.</summary>
    public IReadOnlyCollection<string> GlobalsSeen => _globals;

    /// <summary>
    /// Runs to STOP and returns the top of the stack. Once the stream has named a global outside the allow-list,
    /// any later failure (an opcode this reader refuses, a truncated operand) is reported as that unsafe global,
    /// the more important fact, with the later failure as its inner exception.
    /// </summary>
    public async Task<PickleValue> RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await RunToStopAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (CheckpointFormatException ex) when (_unsafe.Count > 0 && ex.CheckpointErrorKind != CheckpointErrorKind.Unsafe)
        {
            throw UnsafeError(ex);
        }
    }

    private async Task<PickleValue> RunToStopAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var at = _reader.Position;
            var op = await ByteAsync("an opcode", cancellationToken).ConfigureAwait(false);
            switch (op)
            {
                case 0x80: // PROTO
                    {
                        var p = await ByteAsync("the protocol number", cancellationToken).ConfigureAwait(false);
                        if (p > 5) throw Error(PyTorchCodes.PickleOpcode, at, $"pickle protocol {p} is newer than any this reader knows (2 to 5)");
                        break;
                    }
                case 0x95: // FRAME: a length hint; the content follows inline
                    {
                        var n = await U64Async("the frame length", cancellationToken).ConfigureAwait(false);
                        if (n > (ulong)Remaining) throw Truncated(at, $"a frame of {n} bytes, but {Remaining} bytes are left in {_stream}");
                        break;
                    }
                case (byte)'.': // STOP
                    {
                        if (_unsafe.Count > 0) throw UnsafeError();
                        if (_stack.Count == 0) throw Error(PyTorchCodes.PickleStructure, at, "STOP with an empty stack: the pickle produced no value");
                        return _stack[^1];
                    }
                case (byte)'(': // MARK
                    if (_marks.Count >= _limits.MaxPickleStackDepth) throw Error(PyTorchCodes.PickleStructure, at, $"more than {_limits.MaxPickleStackDepth} nested MARKs");
                    _marks.Push(_stack.Count);
                    break;
                case (byte)'0': Pop(at); break; // POP
                case (byte)'1': PopMark(at); break; // POP_MARK
                case (byte)'2': Push(Peek(at), at); break; // DUP

                // Scalars
                case (byte)'N': Push(new PickleNone { Offset = at }, at); break;
                case 0x88: Push(new PickleBool(true) { Offset = at }, at); break;
                case 0x89: Push(new PickleBool(false) { Offset = at }, at); break;
                case (byte)'J': Push(new PickleInt((int)await U32Async("BININT", cancellationToken).ConfigureAwait(false)) { Offset = at }, at); break;
                case (byte)'K': Push(new PickleInt(await ByteAsync("BININT1", cancellationToken).ConfigureAwait(false)) { Offset = at }, at); break;
                case (byte)'M': Push(new PickleInt(await U16Async("BININT2", cancellationToken).ConfigureAwait(false)) { Offset = at }, at); break;
                case 0x8A: // LONG1
                    {
                        var n = await ByteAsync("the LONG1 length", cancellationToken).ConfigureAwait(false);
                        var bytes = await BytesAsync(n, "a LONG1 integer", at, cancellationToken).ConfigureAwait(false);
                        Push(new PickleInt(new BigInteger(bytes, isUnsigned: false, isBigEndian: false)) { Offset = at }, at);
                        break;
                    }
                case (byte)'I': // INT (text; I01/I00 are booleans in protocol 0/1)
                    {
                        var line = await LineAsync("INT", at, cancellationToken).ConfigureAwait(false);
                        PickleValue v = line switch
                        {
                            "01" => new PickleBool(true),
                            "00" => new PickleBool(false),
                            _ => BigInteger.TryParse(line, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var i) && line.Length <= 40
                                ? new PickleInt(i)
                                : throw Error(PyTorchCodes.PickleStructure, at, $"INT operand '{Clip(line)}' is not an integer"),
                        };
                        Push(v, at);
                        break;
                    }
                case (byte)'L': // LONG (text)
                    {
                        var line = (await LineAsync("LONG", at, cancellationToken).ConfigureAwait(false)).TrimEnd('L');
                        if (line.Length > 40 || !BigInteger.TryParse(line, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var i))
                        {
                            throw Error(PyTorchCodes.PickleStructure, at, $"LONG operand '{Clip(line)}' is not an integer");
                        }
                        Push(new PickleInt(i) { Offset = at }, at);
                        break;
                    }
                case (byte)'G': // BINFLOAT, big-endian
                    {
                        Need(8, at, "BINFLOAT");
                        await _reader.EnsureAsync(8, "BINFLOAT", cancellationToken).ConfigureAwait(false);
                        Push(new PickleFloat(BinaryPrimitives.ReadDoubleBigEndian(_reader.ReadSpan(8))) { Offset = at }, at);
                        break;
                    }
                case (byte)'F': // FLOAT (text)
                    {
                        var line = await LineAsync("FLOAT", at, cancellationToken).ConfigureAwait(false);
                        if (!double.TryParse(line, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)) throw Error(PyTorchCodes.PickleStructure, at, $"FLOAT operand '{Clip(line)}' is not a number");
                        Push(new PickleFloat(d) { Offset = at }, at);
                        break;
                    }

                // Strings and bytes
                case (byte)'X': Push(new PickleString(await Utf8Async(await U32Async("BINUNICODE length", cancellationToken).ConfigureAwait(false), at, cancellationToken).ConfigureAwait(false)) { Offset = at }, at); break;
                case 0x8C: Push(new PickleString(await Utf8Async(await ByteAsync("SHORT_BINUNICODE length", cancellationToken).ConfigureAwait(false), at, cancellationToken).ConfigureAwait(false)) { Offset = at }, at); break;
                case 0x8D: Push(new PickleString(await Utf8Async(await U64Async("BINUNICODE8 length", cancellationToken).ConfigureAwait(false), at, cancellationToken).ConfigureAwait(false)) { Offset = at }, at); break;
                case (byte)'T': Push(new PickleString(Latin1(await BytesAsync(await U32Async("BINSTRING length", cancellationToken).ConfigureAwait(false), "BINSTRING", at, cancellationToken).ConfigureAwait(false))) { Offset = at }, at); break;
                case (byte)'U': Push(new PickleString(Latin1(await BytesAsync(await ByteAsync("SHORT_BINSTRING length", cancellationToken).ConfigureAwait(false), "SHORT_BINSTRING", at, cancellationToken).ConfigureAwait(false))) { Offset = at }, at); break;
                case (byte)'B': Push(new PickleBytes(await BytesAsync(await U32Async("BINBYTES length", cancellationToken).ConfigureAwait(false), "BINBYTES", at, cancellationToken).ConfigureAwait(false)) { Offset = at }, at); break;
                case (byte)'C': Push(new PickleBytes(await BytesAsync(await ByteAsync("SHORT_BINBYTES length", cancellationToken).ConfigureAwait(false), "SHORT_BINBYTES", at, cancellationToken).ConfigureAwait(false)) { Offset = at }, at); break;
                case 0x8E: Push(new PickleBytes(await BytesAsync(await U64Async("BINBYTES8 length", cancellationToken).ConfigureAwait(false), "BINBYTES8", at, cancellationToken).ConfigureAwait(false)) { Offset = at }, at); break;
                case 0x96: Push(new PickleBytes(await BytesAsync(await U64Async("BYTEARRAY8 length", cancellationToken).ConfigureAwait(false), "BYTEARRAY8", at, cancellationToken).ConfigureAwait(false)) { Offset = at }, at); break;

                // Containers
                case (byte)')': Push(new PickleSequence(PickleSequenceKind.Tuple, []) { Offset = at }, at); break;
                case (byte)'t': Push(new PickleSequence(PickleSequenceKind.Tuple, PopToMark(at)) { Offset = at }, at); break;
                case 0x85: case 0x86: case 0x87: // TUPLE1..3
                    {
                        var n = op - 0x84;
                        if (_stack.Count - CurrentMarkFloor < n) throw Error(PyTorchCodes.PickleStructure, at, $"TUPLE{n} needs {n} items on the stack");
                        var items = _stack.GetRange(_stack.Count - n, n);
                        _stack.RemoveRange(_stack.Count - n, n);
                        Push(new PickleSequence(PickleSequenceKind.Tuple, items) { Offset = at }, at);
                        break;
                    }
                case (byte)']': Push(new PickleSequence(PickleSequenceKind.List, []) { Offset = at }, at); break;
                case (byte)'l': Push(new PickleSequence(PickleSequenceKind.List, PopToMark(at)) { Offset = at }, at); break;
                case (byte)'a': // APPEND
                    {
                        var item = Pop(at);
                        AppendTo(Peek(at), [item], at);
                        break;
                    }
                case (byte)'e': // APPENDS
                    {
                        var items = PopToMark(at);
                        AppendTo(Peek(at), items, at);
                        break;
                    }
                case 0x8F: Push(new PickleSequence(PickleSequenceKind.Set, []) { Offset = at }, at); break; // EMPTY_SET
                case 0x90: // ADDITEMS
                    {
                        var items = PopToMark(at);
                        var target = Peek(at);
                        if (target is PickleSequence { Kind: PickleSequenceKind.Set } set) set.Items.AddRange(items);
                        else if (target is not PickleTainted) throw Error(PyTorchCodes.PickleStructure, at, $"ADDITEMS on {Describe(target)}: only sets take items");
                        break;
                    }
                case 0x91: Push(new PickleSequence(PickleSequenceKind.Set, PopToMark(at)) { Offset = at }, at); break; // FROZENSET
                case (byte)'}': Push(new PickleDict { Offset = at }, at); break;
                case (byte)'d': // DICT
                    {
                        var items = PopToMark(at);
                        if (items.Count % 2 != 0) throw Error(PyTorchCodes.PickleStructure, at, "DICT needs key/value pairs");
                        var dict = new PickleDict { Offset = at };
                        for (var i = 0; i < items.Count; i += 2) dict.Set(items[i], items[i + 1]);
                        Push(dict, at);
                        break;
                    }
                case (byte)'s': // SETITEM
                    {
                        var value = Pop(at);
                        var key = Pop(at);
                        SetItems(Peek(at), [key, value], at);
                        break;
                    }
                case (byte)'u': // SETITEMS
                    {
                        var items = PopToMark(at);
                        if (items.Count % 2 != 0) throw Error(PyTorchCodes.PickleStructure, at, "SETITEMS needs key/value pairs");
                        SetItems(Peek(at), items, at);
                        break;
                    }

                // Memo
                case (byte)'q': Memoize(await ByteAsync("BINPUT index", cancellationToken).ConfigureAwait(false), at); break;
                case (byte)'r': Memoize(await U32Async("LONG_BINPUT index", cancellationToken).ConfigureAwait(false), at); break;
                case (byte)'p': Memoize(ParseIndex(await LineAsync("PUT", at, cancellationToken).ConfigureAwait(false), at), at); break;
                case 0x94: Memoize(_memo.Count, at); break; // MEMOIZE
                case (byte)'h': Push(Recall(await ByteAsync("BINGET index", cancellationToken).ConfigureAwait(false), at), at); break;
                case (byte)'j': Push(Recall(await U32Async("LONG_BINGET index", cancellationToken).ConfigureAwait(false), at), at); break;
                case (byte)'g': Push(Recall(ParseIndex(await LineAsync("GET", at, cancellationToken).ConfigureAwait(false), at), at), at); break;

                // Globals and calls
                case (byte)'c': // GLOBAL "module\nname\n"
                    {
                        var module = await LineAsync("GLOBAL module", at, cancellationToken).ConfigureAwait(false);
                        var name = await LineAsync("GLOBAL name", at, cancellationToken).ConfigureAwait(false);
                        Push(Global(module, name, at), at);
                        break;
                    }
                case 0x93: // STACK_GLOBAL
                    {
                        var name = Pop(at);
                        var module = Pop(at);
                        if (module is not PickleString m || name is not PickleString n)
                        {
                            throw Error(PyTorchCodes.PickleStructure, at, $"STACK_GLOBAL needs two strings, found {Describe(module)} and {Describe(name)}");
                        }
                        Push(Global(m.Value, n.Value, at), at);
                        break;
                    }
                case (byte)'R': // REDUCE
                    {
                        var args = Pop(at);
                        var callable = Pop(at);
                        Push(callable is PickleTainted || args is PickleTainted ? new PickleTainted { Offset = at } : PickleCalls.Call(callable, args, at, Error, _copies), at);
                        break;
                    }
                case 0x81: // NEWOBJ
                    {
                        var args = Pop(at);
                        var cls = Pop(at);
                        Push(cls is PickleTainted || args is PickleTainted ? new PickleTainted { Offset = at } : PickleCalls.New(cls, args, at, Error), at);
                        break;
                    }
                case 0x92: // NEWOBJ_EX
                    {
                        var kwargs = Pop(at);
                        var args = Pop(at);
                        var cls = Pop(at);
                        if (kwargs is PickleDict { Entries.Count: > 0 }) throw Error(PyTorchCodes.PickleStructure, at, "NEWOBJ_EX with keyword arguments");
                        Push(cls is PickleTainted || args is PickleTainted ? new PickleTainted { Offset = at } : PickleCalls.New(cls, args, at, Error), at);
                        break;
                    }
                case (byte)'b': // BUILD
                    {
                        var state = Pop(at);
                        PickleCalls.Build(Peek(at), state, at, Error);
                        break;
                    }
                case (byte)'Q': // BINPERSID
                    {
                        var pid = Pop(at);
                        Push(pid is PickleTainted ? pid : _persistentLoad(pid, at), at);
                        break;
                    }
                case (byte)'P':
                    throw Error(PyTorchCodes.PickleOpcode, at, "PERSID (text persistent id) is not used by torch and is refused");
                case (byte)'i': case (byte)'o':
                    throw Error(PyTorchCodes.PickleOpcode, at, $"opcode '{(char)op}' ({(op == 'i' ? "INST" : "OBJ")}) builds an arbitrary object and is refused");
                case 0x82: case 0x83: case 0x84:
                    throw Error(PyTorchCodes.PickleOpcode, at, $"opcode 0x{op:X2} (EXT{1 << (op - 0x82)}) refers to the copyreg extension registry and is refused");
                case 0x97: case 0x98:
                    throw Error(PyTorchCodes.PickleOpcode, at, $"opcode 0x{op:X2} refers to out-of-band buffers and is refused");
                case 0x8B:
                    throw Error(PyTorchCodes.PickleOpcode, at, "LONG4 (integers of more than 255 bytes) is refused");
                default:
                    throw Error(PyTorchCodes.PickleOpcode, at, $"unknown or unsupported pickle opcode 0x{op:X2}");
            }
        }
    }

    private long Remaining => _end - _reader.Position;

    private int CurrentMarkFloor => _marks.Count == 0 ? 0 : _marks.Peek();

    private PickleValue Global(string module, string name, long at)
    {
        var full = module + "." + name;
        _globals.Add(full);
        var allowed = PickleGlobals.Resolve(module, name, at);
        if (allowed is not null) return allowed;
        _unsafe.Add((full, at));
        return new PickleTainted { Offset = at };
    }

    private CheckpointFormatException UnsafeError(CheckpointFormatException? later = null)
    {
        var (first, at) = _unsafe[0];
        var names = string.Join(", ", _unsafe.Select(u => $"{u.Name} (offset {u.Offset}, byte {u.Offset - StreamStart} of {_stream})").Distinct().Take(20));
        var after = later is null ? "" : $" (reading stopped after it: {later.Detail})";
        return new CheckpointFormatException(CheckpointErrorKind.Unsafe, PyTorchCodes.UnsafeGlobal, _path,
            $"{_stream} names {(_unsafe.Count == 1 ? "a global" : $"{_unsafe.Count} globals")} outside the allow-list, which an ordinary unpickler would import and call: {names}. Nothing was imported or executed; {first} is not something a checkpoint needs{after}",
            at, innerException: later);
    }

    private void Push(PickleValue value, long at)
    {
        if (_stack.Count >= _limits.MaxPickleStackDepth) throw Error(PyTorchCodes.PickleStructure, at, $"the stack grew past {_limits.MaxPickleStackDepth} items");
        _stack.Add(value);
    }

    private PickleValue Pop(long at)
    {
        if (_stack.Count <= CurrentMarkFloor) throw Error(PyTorchCodes.PickleStructure, at, "stack underflow: an opcode needs a value the stack does not have");
        var v = _stack[^1];
        _stack.RemoveAt(_stack.Count - 1);
        return v;
    }

    private PickleValue Peek(long at)
    {
        if (_stack.Count <= CurrentMarkFloor) throw Error(PyTorchCodes.PickleStructure, at, "stack underflow: an opcode needs a value the stack does not have");
        return _stack[^1];
    }

    private List<PickleValue> PopToMark(long at)
    {
        if (_marks.Count == 0) throw Error(PyTorchCodes.PickleStructure, at, "an opcode needs a MARK that was never pushed");
        var floor = _marks.Pop();
        var items = _stack.GetRange(floor, _stack.Count - floor);
        _stack.RemoveRange(floor, _stack.Count - floor);
        return items;
    }

    private void PopMark(long at) => PopToMark(at);

    private void AppendTo(PickleValue target, List<PickleValue> items, long at)
    {
        if (target is PickleSequence { Kind: PickleSequenceKind.List } list) list.Items.AddRange(items);
        else if (target is not PickleTainted) throw Error(PyTorchCodes.PickleStructure, at, $"APPEND on {Describe(target)}: only lists take appended items");
    }

    private void SetItems(PickleValue target, List<PickleValue> items, long at)
    {
        if (target is PickleDict dict)
        {
            for (var i = 0; i < items.Count; i += 2) dict.Set(items[i], items[i + 1]);
        }
        else if (target is not PickleTainted)
        {
            throw Error(PyTorchCodes.PickleStructure, at, $"SETITEM on {Describe(target)}: only dicts take items");
        }
    }

    private void Memoize(long index, long at)
    {
        if (!_memo.ContainsKey(index) && _memo.Count >= _limits.MaxPickleMemo) throw Error(PyTorchCodes.PickleStructure, at, $"more than {_limits.MaxPickleMemo} memo entries");
        _memo[index] = Peek(at);
    }

    private PickleValue Recall(long index, long at) =>
        _memo.TryGetValue(index, out var v) ? v : throw Error(PyTorchCodes.PickleStructure, at, $"memo index {index} was never stored");

    private long ParseIndex(string line, long at) =>
        long.TryParse(line, NumberStyles.None, CultureInfo.InvariantCulture, out var i) ? i : throw Error(PyTorchCodes.PickleStructure, at, $"memo index '{Clip(line)}' is not a number");

    private void Need(long count, long at, string what)
    {
        if (count > Remaining) throw Truncated(at, $"{what} needs {count} bytes but only {Remaining} are left in {_stream}");
    }

    private async ValueTask<byte> ByteAsync(string what, CancellationToken ct)
    {
        Need(1, _reader.Position, what);
        return await _reader.ReadByteAsync(what, ct).ConfigureAwait(false);
    }

    private async ValueTask<ushort> U16Async(string what, CancellationToken ct)
    {
        Need(2, _reader.Position, what);
        return await _reader.ReadUInt16Async(what, ct).ConfigureAwait(false);
    }

    private async ValueTask<uint> U32Async(string what, CancellationToken ct)
    {
        Need(4, _reader.Position, what);
        return await _reader.ReadUInt32Async(what, ct).ConfigureAwait(false);
    }

    private async ValueTask<ulong> U64Async(string what, CancellationToken ct)
    {
        Need(8, _reader.Position, what);
        return await _reader.ReadUInt64Async(what, ct).ConfigureAwait(false);
    }

    private async ValueTask<byte[]> BytesAsync(ulong count, string what, long at, CancellationToken ct)
    {
        if (count > (ulong)Remaining) throw Truncated(at, $"{what} declares {count} bytes but only {Remaining} are left in {_stream}");
        return await _reader.ReadBytesAsync((long)count, what, ct).ConfigureAwait(false);
    }

    private async ValueTask<string> Utf8Async(ulong count, long at, CancellationToken ct)
    {
        var bytes = await BytesAsync(count, "a string", at, ct).ConfigureAwait(false);
        try
        {
            return SequentialReader.StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw Error(PyTorchCodes.PickleStructure, at, "a string is not valid UTF-8");
        }
    }

    private static string Latin1(byte[] bytes) => Encoding.Latin1.GetString(bytes);

    /// <summary>A newline-terminated ASCII operand (text opcodes), at most 4 KiB.</summary>
    private async ValueTask<string> LineAsync(string what, long at, CancellationToken ct)
    {
        var sb = new StringBuilder();
        while (true)
        {
            var b = await ByteAsync(what, ct).ConfigureAwait(false);
            if (b == (byte)'\n') return sb.ToString();
            if (b < 0x20 || b > 0x7E) throw Error(PyTorchCodes.PickleStructure, at, $"{what}: byte 0x{b:X2} in a text operand");
            if (sb.Length >= 4096) throw Error(PyTorchCodes.PickleStructure, at, $"{what}: a text operand longer than 4096 bytes");
            sb.Append((char)b);
        }
    }

    private CheckpointFormatException Truncated(long at, string detail) =>
        new(CheckpointErrorKind.Truncated, "CKPT_TRUNCATED", _path, detail, at);

    private CheckpointFormatException Error(string code, long at, string detail) =>
        CheckpointErrors.Invalid(code, _path, at, $"{detail} (byte {at - StreamStart} of {_stream})");

    public static string Describe(PickleValue v) => v switch
    {
        PickleDict => "a dict",
        PickleSequence s => "a " + s.Kind.ToString().ToLowerInvariant(),
        PickleString => "a string",
        PickleInt => "an int",
        PickleFloat => "a float",
        PickleBool => "a bool",
        PickleNone => "None",
        PickleBytes => "bytes",
        PickleGlobal g => g.FullName,
        PickleTensor => "a tensor",
        PickleStorage => "a storage",
        _ => v.GetType().Name,
    };

    private static string Clip(string s) => s.Length > 40 ? s[..40] + "…" : s;
}
