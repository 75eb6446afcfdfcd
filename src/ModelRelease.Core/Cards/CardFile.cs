using System.Text;

namespace ModelRelease.Core.Cards;

/// <summary>
/// Cards on disk: read as the bytes are (a byte order mark, CRLF and a missing final newline survive), written
/// atomically (a temporary file beside the target, then a rename), and never over an existing file unless forced.
/// </summary>
public static class CardFile
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The largest card read; a README is text, and a bigger file is refused before it is read.</summary>
    public const long MaxBytes = 16 * 1024 * 1024;

    /// <summary>The card file a path names: the path itself, or a folder's README.md.</summary>
    public static string Resolve(string path)
    {
        var full = Path.GetFullPath(path);
        return Directory.Exists(full) ? Path.Combine(full, "README.md") : full;
    }

    public static async Task<ModelCard> ReadAsync(string path, CancellationToken ct = default)
    {
        var full = Resolve(path);
        if (!File.Exists(full)) throw new ModelCardException("ModelCardNotFound", CardCodes.NotFound, full, null, "the card does not exist", ErrorKind.NotFound);
        var bytes = await ReadCappedAsync(full, "ModelCardInvalid", CardCodes.TooLarge, "a model card is at most", ct).ConfigureAwait(false);
        return CardDocument.Parse(Decode(bytes, full), full);
    }

    /// <summary>
    /// A config, metrics, template or policy file as text: refused before it is read when it is over
    /// <see cref="MaxBytes"/>, and when it is not UTF-8, naming the file and the line.
    /// </summary>
    public static string ReadInput(string path, string errorId, string code)
    {
        var bytes = ReadCappedAsync(path, errorId, code, "at most", CancellationToken.None).GetAwaiter().GetResult();
        return Decode(bytes, path, errorId, code).TrimStart(CardDocument.ByteOrderMark);
    }

    /// <summary>The file's bytes, refused before it is read when it is over <see cref="MaxBytes"/>; I/O failures name the file.</summary>
    private static async Task<byte[]> ReadCappedAsync(string path, string errorId, string code, string limit, CancellationToken ct)
    {
        try
        {
            var length = new FileInfo(path).Length;
            if (length > MaxBytes) throw new ModelCardException(errorId, code, path, null, $"the file is {ByteSizeText.Format(length)}; {limit} {ByteSizeText.Format(MaxBytes)} of text");
            return await File.ReadAllBytesAsync(path, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw Unreadable(path, ex);
        }
    }

    /// <summary>UTF-8 text, the byte order mark kept as U+FEFF; invalid UTF-8 is an error naming the line.</summary>
    public static string Decode(byte[] bytes, string? path) => Decode(bytes, path, "ModelCardInvalid", CardCodes.NotUtf8);

    private static string Decode(byte[] bytes, string? path, string errorId, string code)
    {
        try
        {
            return Utf8.GetString(bytes);
        }
        catch (DecoderFallbackException ex)
        {
            var at = Math.Max(0, ex.Index);
            var line = 1 + bytes.AsSpan(0, Math.Min(at, bytes.Length)).Count((byte)'\n');
            throw new ModelCardException(errorId, code, path, line, $"the file is not UTF-8 text (invalid byte at offset {at})", innerException: ex);
        }
    }

    public static byte[] Encode(ModelCard card) => Utf8.GetBytes(card.Text);

    private static ModelCardException Unreadable(string path, Exception ex) =>
        new("ModelCardUnreadable", CardCodes.Io, path, null, "the file could not be read: " + ex.Message, ex is UnauthorizedAccessException ? ErrorKind.PermissionDenied : ErrorKind.InvalidData, ex);

    /// <summary>
    /// Writes the card; an existing file is kept unless <paramref name="force"/>. Returns the card with its new path.
    /// Replacing a file keeps what the user set on it: its permissions (a 0600 card stays 0600), a symbolic link stays
    /// a link (the link's target is written), and a read-only file is refused (CARD_READ_ONLY), never replaced.
    /// </summary>
    public static async Task<ModelCard> WriteAsync(ModelCard card, string path, bool force, CancellationToken ct = default)
    {
        var full = Resolve(path);
        var target = LinkTarget(full);
        if (File.Exists(target) && !force)
        {
            throw new ModelCardException("ModelCardExists", CardCodes.Exists, full, null, "the file exists; nothing was written", ErrorKind.AlreadyExists)
            {
                RecommendedAction = "Overwrite it with -Force, or write the card elsewhere.",
                CliRecommendedAction = "Overwrite it with --force, or write the card elsewhere.",
            };
        }
        UnixFileMode? mode = null;
        if (File.Exists(target))
        {
            if (IsReadOnly(target, out var current))
            {
                throw new ModelCardException("ModelCardReadOnly", CardCodes.ReadOnly, full, null, "the file is read-only; nothing was written (make it writable first if it should change)", ErrorKind.PermissionDenied);
            }
            mode = current;
        }
        var folder = Path.GetDirectoryName(target)!;
        try
        {
            Directory.CreateDirectory(folder);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ModelCardException("ModelCardUnwritable", CardCodes.Io, full, null, "the card's folder could not be created: " + ex.Message, ErrorKind.PermissionDenied, ex);
        }
        var temp = Path.Combine(folder, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.tmp");
        try
        {
            await using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous))
            {
                await stream.WriteAsync(Encode(card), ct).ConfigureAwait(false);
                await stream.FlushAsync(ct).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }
            if (mode is { } keep && !OperatingSystem.IsWindows()) File.SetUnixFileMode(temp, keep);
            File.Move(temp, target, overwrite: force);
        }
        catch (IOException ex) when (File.Exists(target) && !force)
        {
            throw new ModelCardException("ModelCardExists", CardCodes.Exists, full, null, "the file appeared while the card was written; nothing was overwritten", ErrorKind.AlreadyExists, ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ModelCardException("ModelCardUnwritable", CardCodes.Io, full, null, "the card could not be written: " + ex.Message, ex is UnauthorizedAccessException ? ErrorKind.PermissionDenied : ErrorKind.InvalidOperation, ex);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
        return card with { Path = full };
    }

    /// <summary>The file a path finally names: the target of a symbolic link (through every link), or the path itself.</summary>
    private static string LinkTarget(string path)
    {
        try
        {
            var info = new FileInfo(path);
            return info.LinkTarget is null ? path : info.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? path;
        }
        catch (IOException ex)
        {
            throw new ModelCardException("ModelCardUnwritable", CardCodes.Io, path, null, "the card's link could not be followed: " + ex.Message, ErrorKind.InvalidOperation, ex);
        }
    }

    /// <summary>Whether the file must not be replaced: read-only for its owner (or, on Windows, the read-only attribute); its mode on Unix.</summary>
    private static bool IsReadOnly(string path, out UnixFileMode? mode)
    {
        mode = null;
        if (OperatingSystem.IsWindows()) return File.GetAttributes(path).HasFlag(FileAttributes.ReadOnly);
        var current = File.GetUnixFileMode(path);
        mode = current;
        return (current & UnixFileMode.UserWrite) == 0;
    }

    /// <summary>
    /// The file to publish as the repository's README.md: the card's own file when it is a README.md whose bytes
    /// are the card's, otherwise a copy in a new temporary folder (the caller deletes <c>StagingFolder</c>).
    /// </summary>
    public static async Task<(string File, string? StagingFolder)> ForPublishAsync(ModelCard card, CancellationToken ct = default)
    {
        if (card.Path is { } p && string.Equals(Path.GetFileName(p), "README.md", StringComparison.Ordinal) && File.Exists(p)
            && (await File.ReadAllBytesAsync(p, ct).ConfigureAwait(false)).AsSpan().SequenceEqual(Encode(card)))
        {
            return (p, null);
        }
        var folder = Directory.CreateTempSubdirectory("modelrelease-card-").FullName;
        var file = Path.Combine(folder, "README.md");
        await File.WriteAllBytesAsync(file, Encode(card), ct).ConfigureAwait(false);
        return (file, folder);
    }
}
