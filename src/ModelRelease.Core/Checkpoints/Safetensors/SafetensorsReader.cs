using System.Buffers.Binary;
using ModelRelease.Core.Checkpoints.Common;

namespace ModelRelease.Core.Checkpoints.Safetensors;

/// <summary>
/// Reads a safetensors file's header (8-byte little-endian length N, N bytes of JSON) and validates
/// it with every rule of the reference reader, in its order (reference-formats §1.5), plus duplicate
/// keys. Reads 8 + N bytes and nothing of the tensor data.
/// </summary>
public sealed class SafetensorsReader : ICheckpointFormatReader
{
    public string Name => "safetensors";

    /// <summary>
    /// By structure: a plausible little-endian header length (≤ the reference's 100 MB, and within the
    /// file when the whole file is in <paramref name="head"/>), then optional JSON whitespace and <c>{</c>.
    /// A file named <c>*.safetensors</c> is also claimed (so a damaged one gets a precise error) unless
    /// its first bytes are another format's magic (GGUF, zip, pickle).
    /// </summary>
    public bool Recognizes(ReadOnlySpan<byte> head, string path)
    {
        if (head.IsEmpty) return false;
        if (LooksLikeHeader(head)) return true;
        return path.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase) && !HasOtherMagic(head);
    }

    /// <summary>GGUF (either byte order), zip local header / empty archive, pickle protocol 2-5 (legacy torch).
    /// Only consulted when the structure test failed: a header length may legitimately start with 0x80 or "PK".</summary>
    private static bool HasOtherMagic(ReadOnlySpan<byte> head) =>
        head.StartsWith("GGUF"u8) || head.StartsWith("FUGG"u8)
        || head.StartsWith("PK\u0003\u0004"u8) || head.StartsWith("PK\u0005\u0006"u8)
        || (head.Length >= 2 && head[0] == 0x80 && head[1] is >= 2 and <= 5);

    private static bool LooksLikeHeader(ReadOnlySpan<byte> head)
    {
        if (head.Length < 9) return false;
        var n = BinaryPrimitives.ReadUInt64LittleEndian(head);
        if (n == 0 || n > (ulong)CheckpointReaderLimits.Default.MaxSafetensorsHeaderBytes) return false;
        var wholeFile = head.Length < CheckpointSniffer.HeadLength;
        if (wholeFile && 8 + n > (ulong)head.Length) return false;
        var end = (int)Math.Min((ulong)head.Length, 8 + n);
        for (var i = 8; i < end; i++)
        {
            if (StrictJson.IsJsonWhitespace(head[i])) continue;
            return head[i] == (byte)'{';
        }
        // Only whitespace so far: a header padded in front (safetensors ≥ 0.8 may page-align its data).
        return !wholeFile && 8 + n > (ulong)head.Length;
    }

    public async Task<Checkpoint> ReadAsync(ByteSource source, CheckpointReadContext context, CancellationToken cancellationToken)
    {
        var path = source.Path;
        var limits = context.Limits;

        // Rule 1: at least the 8-byte length.
        if (source.Length < 8)
        {
            throw CheckpointErrors.Invalid(SafetensorsCodes.HeaderTooSmall, path, 0,
                $"the file is {source.Length} bytes long; a safetensors file starts with an 8-byte header length");
        }
        var prefix = new byte[8];
        await source.ReadExactlyAtAsync(0, prefix, "safetensors header length", cancellationToken).ConfigureAwait(false);
        var n = BinaryPrimitives.ReadUInt64LittleEndian(prefix);

        // Rules 2-3: the reference's 100,000,000-byte limit (and never more than one .NET array holds).
        var maxHeader = Math.Min(limits.MaxSafetensorsHeaderBytes, Array.MaxLength);
        if (n > (ulong)maxHeader)
        {
            throw CheckpointErrors.Invalid(SafetensorsCodes.HeaderTooLarge, path, 0,
                $"the header length is {n} bytes; at most {maxHeader} are allowed");
        }

        // Rule 4: the header must fit in the file.
        if (8 + n > (ulong)source.Length)
        {
            throw new CheckpointFormatException(CheckpointErrorKind.Truncated, SafetensorsCodes.HeaderLength, path,
                $"the header length says {n} bytes of JSON follow, but the file has only {source.Length - 8} bytes after the length (file of {source.Length} bytes; expected at least {8 + n})",
                0);
        }

        var header = new byte[(int)n];
        await source.ReadExactlyAtAsync(8, header, "safetensors header", cancellationToken).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();

        // Rule 5: UTF-8.
        var bad = StrictJson.FindInvalidUtf8(header);
        if (bad >= 0)
        {
            throw CheckpointErrors.Invalid(SafetensorsCodes.HeaderUtf8, path, 8 + bad, "the header is not valid UTF-8");
        }

        // Rule 6 (+ duplicates, unknown dtype): the JSON schema.
        var findings = new List<Finding>();
        if (header.Length > 0 && header[0] != (byte)'{' && StrictJson.IsJsonWhitespace(header[0]))
        {
            findings.Add(new Finding(FindingSeverity.Warning, SafetensorsCodes.HeaderLeadingWhitespace,
                "the header starts with whitespace before '{'; the reference reader accepts it (safetensors ≥ 0.8 pads this way) but the format's README and older readers such as Netron require '{' first")
            { Path = path, Offset = 8 });
        }
        var parsed = SafetensorsHeaderParser.Parse(header, 8, path, findings);

        // Rules 7-11: offsets, sizes, coverage.
        var tensors = SafetensorsLayoutValidator.Validate(parsed, n, source);

        if (n > (ulong)limits.SafetensorsHubJsHeaderWarningBytes)
        {
            findings.Add(new Finding(FindingSeverity.Warning, SafetensorsCodes.HeaderHubLimit,
                $"the header is {n} bytes; the Hugging Face Hub's JavaScript client refuses headers above {limits.SafetensorsHubJsHeaderWarningBytes} bytes")
            { Path = path, Offset = 0 });
        }

        var metadata = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (parsed.Metadata is not null)
        {
            var names = new HashSet<string>(tensors.Select(t => t.Name), StringComparer.Ordinal);
            foreach (var (key, value) in parsed.Metadata)
            {
                metadata[key] = value;
                // save_model records each dropped tied tensor as removed_name → kept_name.
                if (!names.Contains(key) && names.Contains(value))
                {
                    findings.Add(new Finding(FindingSeverity.Info, SafetensorsCodes.MetadataTiedWeight,
                        $"'{key}' is not stored: __metadata__ records it as tied to '{value}'")
                    { Path = path, Tensor = value });
                }
            }
        }

        long parameters = 0;
        foreach (var t in tensors) parameters = CheckedMath.Add(parameters, t.ElementCount) ?? long.MaxValue;

        return new Checkpoint
        {
            Path = path,
            Format = CheckpointFormat.Safetensors,
            Length = source.Length,
            Tensors = tensors,
            Metadata = metadata,
            Findings = findings,
            FormatVersion = null,
            ByteOrder = "little",
            DataOffset = (long)(8 + n),
            ParameterCount = parameters,
        };
    }
}
