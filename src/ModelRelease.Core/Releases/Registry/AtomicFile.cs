using System.Text;

namespace ModelRelease.Core.Releases.Registry;

/// <summary>
/// Writes a file in one atomic step: a temporary file beside it, flushed to disk, renamed over it. On any failure the
/// file is as it was and the temporary file is gone; the error is a <see cref="WeightsRegistryException"/> (REG_IO).
/// </summary>
public static class AtomicFile
{
    /// <summary>Writes <paramref name="text"/> (UTF-8 without BOM) to <paramref name="path"/>; a failure is <paramref name="error"/>'s exception (default: REG_IO).</summary>
    public static async Task WriteAllTextAsync(string path, string text, CancellationToken cancellationToken = default, Func<Exception, Exception>? error = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(text);
        var full = Path.GetFullPath(path);
        var temporary = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            var bytes = new UTF8Encoding(false).GetBytes(text);
            await using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous))
            {
                await stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
                await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }
            cancellationToken.ThrowIfCancellationRequested();
            File.Move(temporary, full, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or OperationCanceledException)
        {
            TryDelete(temporary);
            if (ex is OperationCanceledException) throw;
            throw error?.Invoke(ex) ?? new WeightsRegistryException(WeightsRegistryException.RegistryUnwritable, RegistryCodes.Io, path, $"cannot write the file (it is unchanged): {ex.Message}", ErrorKind.PermissionDenied, ex);
        }
    }

    private static void TryDelete(string file)
    {
        try
        {
            File.Delete(file);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // the target is untouched; a stray temporary file is all that can remain
        }
    }
}
