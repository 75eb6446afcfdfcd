using System.Globalization;
using ModelRelease.Core.Checkpoints.Common;
using ModelRelease.Core.Checkpoints.DTypes;

namespace ModelRelease.Core.Checkpoints.Onnx;

/// <summary>
/// Reads an ONNX model's initializers with our own protobuf reader: names, types, dims, element
/// counts and where each tensor's bytes are — inline <c>raw_data</c> (skipped, never read) or external
/// data files (path traversal refused, file and range checked). Graph nodes are skipped. Parameters
/// counted: graph initializers, plus sparse initializers by their dense shape (reported as info).
/// </summary>
public sealed class OnnxReader : ICheckpointFormatReader
{
    private static readonly HashSet<int> ModelFields = [1, 2, 3, 4, 5, 6, 7, 8, 14, 20, 25];

    public string Name => "ONNX";

    public bool Recognizes(ReadOnlySpan<byte> head, string path)
    {
        if (!path.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase) || head.IsEmpty) return false;
        var field = head[0] >> 3;
        var wire = head[0] & 7;
        return ModelFields.Contains(field) && wire is 0 or 2;
    }

    public async Task<Checkpoint> ReadAsync(ByteSource source, CheckpointReadContext context, CancellationToken cancellationToken)
    {
        var path = source.Path;
        var reader = new SequentialReader(source);
        var proto = new ProtoReader(reader, path);
        var metadata = new Dictionary<string, object?>(StringComparer.Ordinal);
        var findings = new List<Finding>();
        // Each initializer becomes its TensorInfo as soon as it is read, so a model of a million small initializers never
        // holds the parsed entries and the records at once.
        var tensors = new List<TensorInfo>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        var state = new ParseState(e =>
        {
            if (!names.Add(e.Name)) throw CheckpointErrors.Invalid(OnnxCodes.DuplicateName, path, e.At, $"initializer name '{e.Name}' is used twice", e.Name);
            tensors.Add(Resolve(e, path, context, findings));
        });
        long? irVersion = null;
        var sawGraph = false;
        var end = source.Length;

        while (await proto.TagAsync(end, cancellationToken).ConfigureAwait(false) is { } tag)
        {
            switch (tag.Field, tag.Wire)
            {
                case (1, 0): irVersion = (long)await proto.VarintAsync(end, "ir_version", cancellationToken).ConfigureAwait(false); break;
                case (2, 2): metadata["producer_name"] = await proto.StringAsync(end, "producer_name", cancellationToken).ConfigureAwait(false); break;
                case (3, 2): metadata["producer_version"] = await proto.StringAsync(end, "producer_version", cancellationToken).ConfigureAwait(false); break;
                case (4, 2): metadata["domain"] = await proto.StringAsync(end, "domain", cancellationToken).ConfigureAwait(false); break;
                case (5, 0): metadata["model_version"] = (long)await proto.VarintAsync(end, "model_version", cancellationToken).ConfigureAwait(false); break;
                case (7, 2):
                    {
                        var length = await proto.LengthAsync(end, "graph", cancellationToken).ConfigureAwait(false);
                        await ReadGraphAsync(proto, reader.Position + length, metadata, findings, path, state, cancellationToken).ConfigureAwait(false);
                        sawGraph = true;
                        break;
                    }
                case (8, 2):
                    {
                        var length = await proto.LengthAsync(end, "opset_import", cancellationToken).ConfigureAwait(false);
                        var (domain, version) = await ReadOpsetAsync(proto, reader.Position + length, cancellationToken).ConfigureAwait(false);
                        metadata["opset." + (string.IsNullOrEmpty(domain) ? "ai.onnx" : domain)] = version;
                        break;
                    }
                case (14, 2):
                    {
                        var length = await proto.LengthAsync(end, "metadata_props", cancellationToken).ConfigureAwait(false);
                        var (key, value) = await ReadStringPairAsync(proto, reader.Position + length, "metadata_props", cancellationToken).ConfigureAwait(false);
                        metadata["metadata." + key] = value;
                        break;
                    }
                default:
                    await proto.SkipAsync(tag.Wire, end, $"model field {tag.Field}", cancellationToken).ConfigureAwait(false);
                    break;
            }
        }
        if (!sawGraph) throw CheckpointErrors.Invalid(OnnxCodes.NoGraph, path, 0, "the model has no graph (field 7): not an ONNX model");
        return new Checkpoint
        {
            Path = path,
            Format = CheckpointFormat.Onnx,
            Length = source.Length,
            Tensors = tensors,
            Metadata = metadata,
            Findings = findings,
            FormatVersion = irVersion,
            ParameterCount = ElementCounts.Sum(tensors, path, findings),
        };
    }

    /// <summary>What reading one model reuses across initializers: a scratch list for dims and the shared shapes.</summary>
    private sealed class ParseState(Action<OnnxTensorEntry> accept)
    {
        /// <summary>Checks an initializer's name and turns it into its TensorInfo.</summary>
        public Action<OnnxTensorEntry> Accept { get; } = accept;

        public List<long> Dims { get; } = [];
        public ShapeInterner Shapes { get; } = new();
    }

    private static async Task ReadGraphAsync(ProtoReader proto, long end, Dictionary<string, object?> metadata, List<Finding> findings, string path, ParseState state, CancellationToken ct)
    {
        while (await proto.TagAsync(end, ct).ConfigureAwait(false) is { } tag)
        {
            switch (tag.Field, tag.Wire)
            {
                case (2, 2): metadata["graph_name"] = await proto.StringAsync(end, "graph name", ct).ConfigureAwait(false); break;
                case (5, 2):
                    {
                        var length = await proto.LengthAsync(end, "initializer", ct).ConfigureAwait(false);
                        state.Accept(await ReadTensorAsync(proto, proto.Position + length, tag.At, path, state, ct).ConfigureAwait(false));
                        break;
                    }
                case (15, 2):
                    {
                        var length = await proto.LengthAsync(end, "sparse_initializer", ct).ConfigureAwait(false);
                        var sparse = await ReadSparseAsync(proto, proto.Position + length, tag.At, path, state, ct).ConfigureAwait(false);
                        state.Accept(sparse);
                        findings.Add(new Finding(FindingSeverity.Info, OnnxCodes.SparseInitializer, "a sparse initializer is counted by its dense shape") { Path = path, Tensor = sparse.Name, Offset = tag.At });
                        break;
                    }
                default:
                    await proto.SkipAsync(tag.Wire, end, $"graph field {tag.Field}", ct).ConfigureAwait(false);
                    break;
            }
        }
    }

    private static async ValueTask<OnnxTensorEntry> ReadTensorAsync(ProtoReader proto, long end, long at, string path, ParseState state, CancellationToken ct)
    {
        var e = new OnnxTensorEntry { At = at };
        var dims = state.Dims;
        dims.Clear();
        while (await proto.TagAsync(end, ct).ConfigureAwait(false) is { } tag)
        {
            switch (tag.Field, tag.Wire)
            {
                case (1, 0): dims.Add(Dim(await proto.VarintAsync(end, "dims", ct).ConfigureAwait(false), tag.At, path)); break;
                case (1, 2):
                    {
                        var packedEnd = proto.Position + await proto.LengthAsync(end, "dims", ct).ConfigureAwait(false);
                        while (proto.Position < packedEnd) dims.Add(Dim(await proto.VarintAsync(packedEnd, "dims", ct).ConfigureAwait(false), tag.At, path));
                        break;
                    }
                case (2, 0): e.DataType = (long)await proto.VarintAsync(end, "data_type", ct).ConfigureAwait(false); break;
                case (8, 2): e.Name = await proto.StringAsync(end, "name", ct).ConfigureAwait(false); break;
                case (9, 2):
                    {
                        e.RawLength = await proto.LengthAsync(end, "raw_data", ct).ConfigureAwait(false);
                        e.RawOffset = proto.Position;
                        proto.Skip(e.RawLength, end, "raw_data");
                        break;
                    }
                case (4, 2) or (10, 2): // packed float_data / double_data: fixed width, the same bytes as raw data
                    {
                        var n = await proto.LengthAsync(end, "typed data", ct).ConfigureAwait(false);
                        e.FixedDataBytes += n;
                        e.FixedDataWidth = tag.Field == 4 ? 4 : 8;
                        e.RawOffset ??= proto.Position;
                        proto.Skip(n, end, "typed data");
                        break;
                    }
                case (4, 5): e.FixedDataBytes += 4; e.FixedDataWidth = 4; proto.Skip(4, end, "float_data"); break;
                case (10, 1): e.FixedDataBytes += 8; e.FixedDataWidth = 8; proto.Skip(8, end, "double_data"); break;
                case (5, _) or (6, _) or (7, _) or (11, _):
                    e.HasVarintData = true;
                    await proto.SkipAsync(tag.Wire, end, "typed data", ct).ConfigureAwait(false);
                    break;
                case (13, 2):
                    {
                        var length = await proto.LengthAsync(end, "external_data", ct).ConfigureAwait(false);
                        var (key, value) = await ReadStringPairAsync(proto, proto.Position + length, "external_data", ct).ConfigureAwait(false);
                        (e.External ??= new Dictionary<string, string>(StringComparer.Ordinal))[key] = value;
                        break;
                    }
                case (14, 0): e.DataLocation = (long)await proto.VarintAsync(end, "data_location", ct).ConfigureAwait(false); break;
                default:
                    await proto.SkipAsync(tag.Wire, end, $"tensor field {tag.Field}", ct).ConfigureAwait(false);
                    break;
            }
        }
        e.Dims = state.Shapes.Intern(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(dims));
        return e;
    }

    private static async ValueTask<OnnxTensorEntry> ReadSparseAsync(ProtoReader proto, long end, long at, string path, ParseState state, CancellationToken ct)
    {
        OnnxTensorEntry? values = null;
        var dims = new List<long>();
        while (await proto.TagAsync(end, ct).ConfigureAwait(false) is { } tag)
        {
            switch (tag.Field, tag.Wire)
            {
                case (1, 2):
                    {
                        var length = await proto.LengthAsync(end, "sparse values", ct).ConfigureAwait(false);
                        values = await ReadTensorAsync(proto, proto.Position + length, tag.At, path, state, ct).ConfigureAwait(false);
                        break;
                    }
                case (3, 0): dims.Add(Dim(await proto.VarintAsync(end, "dims", ct).ConfigureAwait(false), tag.At, path)); break;
                case (3, 2):
                    {
                        var packedEnd = proto.Position + await proto.LengthAsync(end, "dims", ct).ConfigureAwait(false);
                        while (proto.Position < packedEnd) dims.Add(Dim(await proto.VarintAsync(packedEnd, "dims", ct).ConfigureAwait(false), tag.At, path));
                        break;
                    }
                default:
                    await proto.SkipAsync(tag.Wire, end, $"sparse tensor field {tag.Field}", ct).ConfigureAwait(false);
                    break;
            }
        }
        if (values is null) throw CheckpointErrors.Invalid(OnnxCodes.Protobuf, path, at, "a sparse initializer without values");
        var dense = new OnnxTensorEntry { At = at, Name = values.Name, DataType = values.DataType, HasVarintData = true, Dims = state.Shapes.Intern(dims.ToArray()) };
        return dense;
    }

    private static async Task<(string Domain, long Version)> ReadOpsetAsync(ProtoReader proto, long end, CancellationToken ct)
    {
        string domain = "";
        long version = 0;
        while (await proto.TagAsync(end, ct).ConfigureAwait(false) is { } tag)
        {
            switch (tag.Field, tag.Wire)
            {
                case (1, 2): domain = await proto.StringAsync(end, "opset domain", ct).ConfigureAwait(false); break;
                case (2, 0): version = (long)await proto.VarintAsync(end, "opset version", ct).ConfigureAwait(false); break;
                default: await proto.SkipAsync(tag.Wire, end, "opset field", ct).ConfigureAwait(false); break;
            }
        }
        return (domain, version);
    }

    private static async Task<(string Key, string Value)> ReadStringPairAsync(ProtoReader proto, long end, string what, CancellationToken ct)
    {
        string key = "", value = "";
        while (await proto.TagAsync(end, ct).ConfigureAwait(false) is { } tag)
        {
            switch (tag.Field, tag.Wire)
            {
                case (1, 2): key = await proto.StringAsync(end, what + " key", ct).ConfigureAwait(false); break;
                case (2, 2): value = await proto.StringAsync(end, what + " value", ct).ConfigureAwait(false); break;
                default: await proto.SkipAsync(tag.Wire, end, what + " field", ct).ConfigureAwait(false); break;
            }
        }
        return (key, value);
    }

    private static long Dim(ulong raw, long at, string path)
    {
        var d = unchecked((long)raw);
        return d < 0 ? throw CheckpointErrors.Invalid(OnnxCodes.Dims, path, at, $"dimension {d} is negative") : d;
    }

    private static TensorInfo Resolve(OnnxTensorEntry e, string path, CheckpointReadContext context, List<Finding> findings)
    {
        var count = CheckedMath.Product(e.Dims) ?? throw CheckpointErrors.Invalid(OnnxCodes.Dims, path, e.At, "the element count overflows", e.Name);
        if (e.DataType == 0 || !OnnxDataType.IsKnown(e.DataType))
        {
            findings.Add(new Finding(FindingSeverity.Warning, OnnxCodes.DataType, $"unknown data type {e.DataType}: its byte size cannot be checked") { Path = path, Tensor = e.Name, Offset = e.At });
        }
        var bits = OnnxDataType.Bits(e.DataType);
        long? expected = bits == 0 ? null
            : CheckedMath.Multiply(count, bits) is { } b && CheckedMath.Add(b, 7) is { } rounded ? rounded / 8
            : throw CheckpointErrors.Invalid(OnnxCodes.Dims, path, e.At, "the byte size overflows 64-bit arithmetic", e.Name);
        var formatName = OnnxDataType.Name(e.DataType);
        var info = new TensorInfo { Name = e.Name, DType = FormatDTypes.Canonical(CheckpointFormat.Onnx, formatName), FormatDType = formatName, Shape = e.Dims, ElementCount = count };

        if (e.DataLocation == 1 || e.External is { Count: > 0 })
        {
            if (e.RawOffset is not null) throw CheckpointErrors.Invalid(OnnxCodes.ExternalData, path, e.At, "a tensor stored externally also carries data in the model", e.Name);
            var (file, offset, length) = External(e, path, context, expected);
            return info with { File = file, ByteOffset = offset, ByteLength = length };
        }
        if (e.RawOffset is { } raw && e.FixedDataBytes == 0)
        {
            if (expected is { } x && x != e.RawLength)
            {
                throw CheckpointErrors.Invalid(OnnxCodes.SizeMismatch, path, raw, $"raw_data holds {e.RawLength} bytes; {count} {info.FormatDType} elements need {x}", e.Name);
            }
            return info with { ByteOffset = raw, ByteLength = e.RawLength };
        }
        if (e.FixedDataBytes > 0)
        {
            var perElement = e.DataType is 14 or 15 ? 2 : 1; // complex: two values per element
            var values = CheckedMath.Multiply(count, perElement);
            if (values is null || CheckedMath.Multiply(values.Value, e.FixedDataWidth) != e.FixedDataBytes)
            {
                throw CheckpointErrors.Invalid(OnnxCodes.SizeMismatch, path, e.At,
                    $"typed data holds {e.FixedDataBytes / e.FixedDataWidth} values; {count} {info.FormatDType} elements need {(Int128)count * perElement}", e.Name);
            }
            return info;
        }
        if (!e.HasVarintData && count > 0)
        {
            throw CheckpointErrors.Invalid(OnnxCodes.SizeMismatch, path, e.At, $"{count} elements but no data", e.Name);
        }
        return info;
    }

    private static (string File, long Offset, long Length) External(OnnxTensorEntry e, string path, CheckpointReadContext context, long? expected)
    {
        if (e.External is null || !e.External.TryGetValue("location", out var location) || string.IsNullOrEmpty(location))
        {
            throw CheckpointErrors.Invalid(OnnxCodes.ExternalPath, path, e.At, "external data without a location", e.Name);
        }
        var file = ExternalDataPath.Resolve(path, location, e.At, e.Name, context.Opener is FileByteSourceOpener);
        if (!context.Opener.Exists(file))
        {
            throw new CheckpointFormatException(CheckpointErrorKind.NotFound, OnnxCodes.ExternalMissing, path, $"external data file '{location}' does not exist", e.At, e.Name);
        }
        long fileLength;
        using (var external = context.Opener.Open(file)) fileLength = external.Length;
        var offset = ParseNumber(e, "offset", 0, path);
        var length = ParseNumber(e, "length", fileLength - offset, path);
        if (offset < 0 || length < 0 || offset > fileLength || length > fileLength - offset)
        {
            throw new CheckpointFormatException(CheckpointErrorKind.Truncated, "CKPT_TRUNCATED", path,
                $"external data {length} bytes at offset {offset} of '{location}' run past its end ({fileLength} bytes)", e.At, e.Name);
        }
        if (expected is { } x && x != length)
        {
            throw CheckpointErrors.Invalid(OnnxCodes.SizeMismatch, path, e.At, $"external data holds {length} bytes; the tensor needs {x}", e.Name);
        }
        return (file, offset, length);
    }

    private static long ParseNumber(OnnxTensorEntry e, string key, long fallback, string path) =>
        e.External is null || !e.External.TryGetValue(key, out var text) ? fallback
        : long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n
        : throw CheckpointErrors.Invalid(OnnxCodes.ExternalData, path, e.At, $"external data {key} '{text}' is not a non-negative integer", e.Name);
}
