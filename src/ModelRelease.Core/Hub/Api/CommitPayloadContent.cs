using System.Buffers;
using System.Buffers.Text;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using ModelRelease.Core.Hashing;

namespace ModelRelease.Core.Hub;

/// <summary>
/// The NDJSON body of a commit, written line by line as the request is sent: a regular file's content is read from
/// disk and base64-encoded in 48 KiB pieces while it is written, so no line is ever held whole. The length is exact
/// and known before the first byte (a Content-Length, not a chunked body). A file that no longer has the size or the
/// git blob id it was planned with throws <see cref="HubErrorIds.PublishInputChanged"/> part-way: the request is cut
/// off short of its length and the server commits nothing.
/// </summary>
internal sealed class CommitPayloadContent : HttpContent
{
    private const int RawPiece = 48 * 1024; // a multiple of 3: every piece but the last encodes without padding
    private static readonly byte[] FilePrefix = "{\"key\":\"file\",\"value\":{\"path\":\""u8.ToArray();
    private static readonly byte[] ContentOpen = "\",\"content\":\""u8.ToArray();
    private static readonly byte[] FileSuffix = "\",\"encoding\":\"base64\"}}\n"u8.ToArray();

    private readonly byte[] _header;
    private readonly IReadOnlyList<CommitLine> _lines;
    private readonly long _length;

    public CommitPayloadContent(byte[] headerLine, IReadOnlyList<CommitLine> lines)
    {
        _header = headerLine;
        _lines = lines;
        long length = headerLine.Length;
        foreach (var line in lines) length += LineLength(line);
        _length = length;
        Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson") { CharSet = "utf-8" };
    }

    protected override bool TryComputeLength(out long length)
    {
        length = _length;
        return true;
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        var output = new BufferedStream(stream, 64 * 1024);
        await output.WriteAsync(_header, cancellationToken).ConfigureAwait(false);
        var raw = ArrayPool<byte>.Shared.Rent(RawPiece);
        var encoded = ArrayPool<byte>.Shared.Rent(Base64.GetMaxEncodedToUtf8Length(RawPiece));
        try
        {
            foreach (var line in _lines)
            {
                if (line is CommitLocalFile local)
                {
                    await WriteLocalFileAsync(output, local, raw, encoded, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await output.WriteAsync(SmallLine(line), cancellationToken).ConfigureAwait(false);
                }
            }
            await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(raw);
            ArrayPool<byte>.Shared.Return(encoded);
        }
    }

    private static async Task WriteLocalFileAsync(Stream output, CommitLocalFile file, byte[] raw, byte[] encoded, CancellationToken ct)
    {
        await output.WriteAsync(FilePrefix, ct).ConfigureAwait(false);
        await output.WriteAsync(JsonEncodedText.Encode(file.Path).EncodedUtf8Bytes.ToArray(), ct).ConfigureAwait(false);
        await output.WriteAsync(ContentOpen, ct).ConfigureAwait(false);
        using var blob = GitBlob.Hasher(file.Size);
        using (var handle = File.OpenHandle(file.LocalPath, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.SequentialScan))
        {
            if (RandomAccess.GetLength(handle) != file.Size) throw Changed(file);
            long offset = 0;
            while (offset < file.Size)
            {
                var want = (int)Math.Min(RawPiece, file.Size - offset);
                var got = 0;
                while (got < want)
                {
                    var n = await RandomAccess.ReadAsync(handle, raw.AsMemory(got, want - got), offset + got, ct).ConfigureAwait(false);
                    if (n == 0) throw Changed(file);
                    got += n;
                }
                blob.AppendData(raw, 0, got);
                Base64.EncodeToUtf8(raw.AsSpan(0, got), encoded, out _, out var written);
                await output.WriteAsync(encoded.AsMemory(0, written), ct).ConfigureAwait(false);
                offset += got;
            }
        }
        if (file.GitBlobId is { } expected && !string.Equals(Hex.Lower(blob.GetHashAndReset()), expected, StringComparison.OrdinalIgnoreCase)) throw Changed(file);
        await output.WriteAsync(FileSuffix, ct).ConfigureAwait(false);
    }

    private static HubException Changed(CommitLocalFile file) =>
        new(HubErrorIds.PublishInputChanged, ErrorKind.InvalidOperation, $"'{file.LocalPath}' changed while it was being published; nothing was committed", file.LocalPath)
        {
            RecommendedAction = "Run the publish again once the file is final.",
        };

    private static long LineLength(CommitLine line) => line switch
    {
        CommitLocalFile f => FilePrefix.Length + JsonEncodedText.Encode(f.Path).EncodedUtf8Bytes.Length + ContentOpen.Length + ((f.Size + 2) / 3 * 4) + FileSuffix.Length,
        _ => SmallLine(line).Length,
    };

    /// <summary>A line held whole: the header, an LFS pointer, a deletion, or a regular file given as bytes.</summary>
    private static byte[] SmallLine(CommitLine line)
    {
        var json = line switch
        {
            CommitRegularFile f => JsonSerializer.SerializeToUtf8Bytes(new CommitFileLine("file", new CommitFileValue(f.Path, Convert.ToBase64String(f.Content), "base64")), HubRequestJson.Default.CommitFileLine),
            CommitLfsFile l => JsonSerializer.SerializeToUtf8Bytes(new CommitLfsFileLine("lfsFile", new CommitLfsFileValue(l.Path, "sha256", l.Oid, l.Size)), HubRequestJson.Default.CommitLfsFileLine),
            CommitDeletedFile d => JsonSerializer.SerializeToUtf8Bytes(new CommitDeletedFileLine("deletedFile", new CommitDeletedFileValue(d.Path)), HubRequestJson.Default.CommitDeletedFileLine),
            _ => throw new ArgumentException("unknown commit line"),
        };
        var result = new byte[json.Length + 1];
        json.CopyTo(result, 0);
        result[^1] = (byte)'\n';
        return result;
    }
}
