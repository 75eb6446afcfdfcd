using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace ModelRelease.Core.Checkpoints.Safetensors;

/// <summary>
/// Helpers for walking untrusted JSON token by token with <see cref="Utf8JsonReader"/>, so that
/// every property (including duplicates) is seen and every error can name its byte offset.
/// </summary>
internal static class StrictJson
{
    /// <summary>RFC 8259 only: no comments, no trailing commas; nesting limited like serde_json (128).</summary>
    public static readonly JsonReaderOptions Options = new()
    {
        CommentHandling = JsonCommentHandling.Disallow,
        AllowTrailingCommas = false,
        MaxDepth = 128,
    };

    public static bool IsJsonWhitespace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r';

    /// <summary>Index of the first byte that is not valid UTF-8, or -1 when all of <paramref name="bytes"/> is valid.</summary>
    public static int FindInvalidUtf8(ReadOnlySpan<byte> bytes)
    {
        var chars = ArrayPool<char>.Shared.Rent(4096);
        try
        {
            var done = 0;
            while (done < bytes.Length)
            {
                var status = Utf8.ToUtf16(bytes[done..], chars, out var read, out _, replaceInvalidSequences: false, isFinalBlock: true);
                if (status == OperationStatus.InvalidData) return done + read;
                if (status == OperationStatus.Done) return -1;
                if (read == 0) return done; // no progress: cannot happen with a 4096-char buffer, but never loop forever
                done += read;
            }
            return -1;
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    /// <summary>Walks every token once: throws <see cref="JsonException"/> at the first syntax error. Returns how many
    /// properties the top-level object has (to size the collections the second pass fills).</summary>
    public static int CheckSyntax(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, Options);
        var count = 0;
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1) count++;
        }
        return count;
    }

    /// <summary>Offset inside <paramref name="json"/> that a <see cref="JsonException"/> points at (line and byte-in-line → absolute).</summary>
    public static long ErrorPosition(ReadOnlySpan<byte> json, JsonException ex)
    {
        var line = ex.LineNumber ?? 0;
        var column = ex.BytePositionInLine ?? 0;
        var pos = 0;
        for (long l = 0; l < line && pos < json.Length; l++)
        {
            var nl = json[pos..].IndexOf((byte)'\n');
            if (nl < 0) break;
            pos += nl + 1;
        }
        return Math.Min(pos + column, json.Length);
    }

    /// <summary>The parser's message without its own "LineNumber: … | BytePositionInLine: …" suffix (the offset is reported separately).</summary>
    public static string CleanMessage(JsonException ex)
    {
        var m = ex.Message;
        var cut = m.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return (cut >= 0 ? m[..cut] : m).TrimEnd();
    }

    /// <summary>Human spelling of a token type for "expected X, found Y" messages.</summary>
    public static string Describe(JsonTokenType type) => type switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        JsonTokenType.EndArray => "the end of the array",
        JsonTokenType.EndObject => "the end of the object",
        JsonTokenType.PropertyName => "a property name",
        _ => type.ToString(),
    };

    /// <summary>A short, printable excerpt of a raw JSON number or string token for messages.</summary>
    public static string Excerpt(ReadOnlySpan<byte> raw)
    {
        var text = Encoding.UTF8.GetString(raw[..Math.Min(raw.Length, 40)]);
        return raw.Length > 40 ? text + "…" : text;
    }
}
