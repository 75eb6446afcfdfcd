using ModelRelease.Core.Checkpoints.Common;
using ModelRelease.Core.Checkpoints.DTypes;

namespace ModelRelease.Core.Checkpoints.Gguf;

/// <summary>
/// Reads GGUF v2/v3 headers, little- or big-endian (reference-formats §2), and split sets
/// (<c>name-00001-of-00003.gguf</c>): reading the first split follows the others through the
/// context's opener and returns the whole set as one <see cref="Checkpoint"/>.
/// </summary>
public sealed class GgufReader : ICheckpointFormatReader
{
    public string Name => "GGUF";

    /// <summary>The magic <c>GGUF</c> (both byte orders share it), the never-adopted big-endian magic <c>FUGG</c>
    /// (to explain it), or a <c>*.gguf</c> name whose first bytes are no other format's magic (so a damaged
    /// magic gets a precise error).</summary>
    public bool Recognizes(ReadOnlySpan<byte> head, string path)
    {
        if (head.StartsWith("GGUF"u8) || head.StartsWith("FUGG"u8)) return true;
        if (head.IsEmpty || !path.EndsWith(".gguf", StringComparison.OrdinalIgnoreCase)) return false;
        var otherMagic = head.StartsWith("PK\u0003\u0004"u8) || head.StartsWith("PK\u0005\u0006"u8)
            || (head.Length >= 2 && head[0] == 0x80 && head[1] is >= 2 and <= 5);
        return !otherMagic;
    }

    public async Task<Checkpoint> ReadAsync(ByteSource source, CheckpointReadContext context, CancellationToken cancellationToken)
    {
        var header = await GgufHeaderParser.ParseAsync(source, context.Limits, cancellationToken).ConfigureAwait(false);
        if (header.SplitCount is long count && count > 1)
        {
            if (header.SplitNo == 0 && context.FollowShards)
            {
                return await ReadSetAsync(header, context, cancellationToken).ConfigureAwait(false);
            }
            var setName = GgufSplitName.TryParse(Path.GetFileName(header.Path), out var prefix, out _, out _) ? $"'{prefix}'" : "of this file";
            var no = header.SplitNo ?? 0;
            header.Findings.Add(new Finding(FindingSeverity.Info, GgufCodes.SplitMember,
                no == 0
                    ? $"first split of the {count}-file set {setName}, read alone: tensors and parameters cover this split only"
                    : $"split {no + 1} of {count} of the set {setName}, read alone: tensors and parameters cover this split only; read the first split for the whole set")
            { Path = header.Path, Offset = header.PositionOf("split.no") });
        }

        var findings = new List<Finding>(header.Findings);
        if (header.SplitNo is null or 0) AddContentFindings(header, [header], findings);
        return Build(header, [header], findings, isSet: false);
    }

    private static async Task<Checkpoint> ReadSetAsync(GgufHeader first, CheckpointReadContext context, CancellationToken cancellationToken)
    {
        var path = first.Path;
        var countPosition = first.PositionOf("split.count");
        var count = first.SplitCount!.Value;
        if (count > context.Limits.MaxShards)
        {
            throw CheckpointErrors.Invalid(GgufCodes.SplitCount, path, countPosition, $"split.count is {count}; sets of more than {context.Limits.MaxShards} files are refused");
        }
        var n = (int)count;
        var fileName = Path.GetFileName(path);
        if (!GgufSplitName.TryParse(fileName, out var prefix, out var nameNumber, out var nameCount))
        {
            throw new CheckpointFormatException(CheckpointErrorKind.NotFound, GgufCodes.SplitMissing, path,
                $"split.count is {n} but the file name '{fileName}' does not follow '<prefix>-00001-of-{n:D5}.gguf', so the other splits cannot be found; restore the name or read this split alone",
                countPosition);
        }
        if (nameCount != n)
        {
            throw CheckpointErrors.Invalid(GgufCodes.SplitCount, path, countPosition, $"the file name says the set has {nameCount} splits but split.count is {n}");
        }
        if (nameNumber != 1)
        {
            throw CheckpointErrors.Invalid(GgufCodes.SplitIndex, path, first.PositionOf("split.no"), $"the file name says this is split {nameNumber} but split.no is 0 (the first split)");
        }

        var folder = Path.GetDirectoryName(path) ?? "";
        var paths = Enumerable.Range(1, n).Select(k => k == 1 ? path : Path.Combine(folder, GgufSplitName.Format(prefix, k, n))).ToList();
        var missing = paths.Skip(1).Where(p => !context.Opener.Exists(p)).ToList();
        if (missing.Count > 0)
        {
            var list = string.Join(", ", missing.Take(5).Select(p => $"'{Path.GetFileName(p)}'")) + (missing.Count > 5 ? $" and {missing.Count - 5} more" : "");
            throw new CheckpointFormatException(CheckpointErrorKind.NotFound, GgufCodes.SplitMissing, path,
                $"{missing.Count} of the {n} splits of the set are missing beside the first: {list}", countPosition);
        }

        var headers = new List<GgufHeader> { first };
        for (var k = 2; k <= n; k++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var split = context.Opener.Open(paths[k - 1]);
            var h = await GgufHeaderParser.ParseAsync(split, context.Limits, cancellationToken).ConfigureAwait(false);
            if (h.SplitNo != k - 1)
            {
                throw CheckpointErrors.Invalid(GgufCodes.SplitIndex, h.Path, h.PositionOf("split.no"),
                    h.SplitNo is null ? $"split.no is missing; expected {k - 1} for split {k} of {n}" : $"split.no is {h.SplitNo}; expected {k - 1} for split {k} of {n} (split.no counts from 0)");
            }
            if (h.SplitCount != n)
            {
                throw CheckpointErrors.Invalid(GgufCodes.SplitCount, h.Path, h.PositionOf("split.count"),
                    h.SplitCount is null ? $"split.count is missing; the first split says {n}" : $"split.count is {h.SplitCount}; the first split says {n}");
            }
            headers.Add(h);
        }

        var owner = new Dictionary<string, string>(StringComparer.Ordinal);
        var total = 0L;
        foreach (var h in headers)
        {
            foreach (var t in h.Tensors)
            {
                if (!owner.TryAdd(t.Name, h.Path))
                {
                    throw CheckpointErrors.Invalid(GgufCodes.SplitDuplicateTensor, h.Path, t.InfoPosition,
                        $"the tensor is also in split '{Path.GetFileName(owner[t.Name])}'; a tensor must be in exactly one split", t.Name);
                }
            }
            total += h.Tensors.Count;
        }

        var findings = headers.SelectMany(h => h.Findings).ToList();
        if (first.SplitTensorsCount is long declared)
        {
            if (declared != total)
            {
                throw CheckpointErrors.Invalid(GgufCodes.SplitTensorCount, path, first.PositionOf("split.tensors.count"),
                    $"split.tensors.count is {declared} but the {n} splits hold {total} tensors");
            }
        }
        else
        {
            findings.Add(new Finding(FindingSeverity.Warning, GgufCodes.SplitTensorCount,
                "split.tensors.count is missing from the first split, so the set's tensor total cannot be checked (llama.cpp requires it)")
            { Path = path });
        }
        AddContentFindings(first, headers, findings);
        return Build(first, headers, findings, isSet: true);
    }

    /// <summary>Warnings about the model as a whole: general.file_type absent or not matching the tensors, quantization version missing.</summary>
    private static void AddContentFindings(GgufHeader first, IReadOnlyList<GgufHeader> headers, List<Finding> findings)
    {
        var entries = headers.SelectMany(h => h.Tensors).ToList();
        if (entries.Count == 0) return;
        if (!first.Metadata.TryGetValue("general.file_type", out var fileTypeValue))
        {
            findings.Add(new Finding(FindingSeverity.Warning, GgufCodes.FileTypeMissing,
                "general.file_type is absent; tools cannot name the quantization without it")
            { Path = first.Path });
        }
        else if (GgufHeaderParser.AsInteger(fileTypeValue) is long ft && GgufFileType.MainTypeOf(ft) is string main
                 && !entries.Any(e => e.DTypeName == main))
        {
            findings.Add(new Finding(FindingSeverity.Warning, GgufCodes.FileTypeMismatch,
                $"general.file_type is {GgufFileType.Name(ft)} but no tensor has type {main}")
            { Path = first.Path, Offset = first.PositionOf("general.file_type") });
        }
        if (entries.Any(e => e.Type?.IsQuantized == true) && !first.Metadata.ContainsKey("general.quantization_version"))
        {
            findings.Add(new Finding(FindingSeverity.Warning, GgufCodes.QuantizationVersionMissing,
                "quantized tensors are present but general.quantization_version is absent (the spec requires it)")
            { Path = first.Path });
        }
    }

    private static Checkpoint Build(GgufHeader first, IReadOnlyList<GgufHeader> headers, List<Finding> findings, bool isSet)
    {
        var tensors = new List<TensorInfo>(headers.Sum(h => h.Tensors.Count));
        var shapes = new ShapeInterner();
        Span<long> shape = stackalloc long[GgufHeaderParser.MaxDims];
        long parameters = 0, length = 0;
        foreach (var h in headers)
        {
            for (var i = 0; i < h.Tensors.Count; i++)
            {
                var t = h.Tensors[i];
                var rank = t.Ne.Length;
                for (var d = 0; d < rank; d++) shape[d] = t.Ne[rank - 1 - d];
                tensors.Add(new TensorInfo
                {
                    Name = t.Name,
                    DType = FormatDTypes.Canonical(CheckpointFormat.Gguf, t.DTypeName),
                    FormatDType = t.DTypeName,
                    Shape = shapes.Intern(shape[..rank]),
                    ElementCount = t.ElementCount,
                    ByteOffset = h.DataOffset + t.Offset, // bounds-checked: ≤ file length
                    ByteLength = h.ByteLengths[i],
                    File = isSet ? h.Path : null,
                });
                parameters = CheckedMath.Add(parameters, t.ElementCount)
                    ?? throw CheckpointErrors.Invalid(GgufCodes.Dims, h.Path, t.InfoPosition, "the total element count overflows 64-bit arithmetic", t.Name);
            }
            length += h.Length;
        }

        string? fileType = null;
        if (first.Metadata.TryGetValue("general.file_type", out var ft) && GgufHeaderParser.AsInteger(ft) is long ftValue)
        {
            fileType = GgufFileType.Name(ftValue);
        }

        return new Checkpoint
        {
            Path = first.Path,
            Format = CheckpointFormat.Gguf,
            Length = length,
            Tensors = tensors,
            Metadata = first.Metadata,
            Shards = isSet ? headers.Select(h => new CheckpointShard(h.Path, h.Length, h.Tensors.Count)).ToList() : [],
            Findings = findings,
            FormatVersion = first.Version,
            ByteOrder = first.BigEndian ? "big" : "little",
            FileType = fileType,
            DataOffset = isSet ? null : first.DataOffset,
            ParameterCount = parameters,
        };
    }
}
