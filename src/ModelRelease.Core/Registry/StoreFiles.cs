using System.Text;

namespace ModelRelease.Core.Registry;

/// <summary>Writes of the store's files: whole files in one atomic step (a temporary file beside it, flushed, renamed over it).</summary>
internal static class StoreFiles
{
    public static readonly UTF8Encoding Utf8 = new(false);

    /// <summary>Writes <paramref name="text"/> (UTF-8 without BOM); on failure the file is as it was (MREG_IO).</summary>
    public static async Task WriteAtomicAsync(string path, string text, CancellationToken cancellationToken)
    {
        var full = Path.GetFullPath(path);
        var temporary = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            await using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous))
            {
                await stream.WriteAsync(Utf8.GetBytes(text), cancellationToken).ConfigureAwait(false);
                await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, full, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or OperationCanceledException)
        {
            TryDelete(temporary);
            if (ex is OperationCanceledException) throw;
            throw Unwritable(full, ex);
        }
    }

    public static ModelRegistryException Unwritable(string path, Exception ex) =>
        new(ModelRegistryErrors.StoreUnwritable, ModelRegistryCodes.Io, path, $"{path}: cannot write the file: {ex.Message}", ErrorKind.PermissionDenied, ex);

    public static void TryDelete(string file)
    {
        try
        {
            if (File.Exists(file)) File.Delete(file);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // a stray temporary file is all that can remain
        }
    }

    public static void TryDeleteFolder(string folder)
    {
        try
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // a stray temporary folder is all that can remain
        }
    }
}
