using Microsoft.Win32.SafeHandles;

namespace ModelRelease.Core.Checkpoints.Common;

/// <summary>A file opened for shared reading; reads are positional (no shared file pointer).</summary>
public sealed class FileByteSource : ByteSource
{
    private readonly SafeFileHandle _handle;

    private FileByteSource(string path, SafeFileHandle handle, long length)
        : base(path, length)
    {
        _handle = handle;
    }

    /// <summary>Opens <paramref name="path"/>; a missing file becomes CKPT_NOT_FOUND.</summary>
    public static FileByteSource Open(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        try
        {
            var handle = File.OpenHandle(full, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, FileOptions.None);
            try
            {
                return new FileByteSource(full, handle, RandomAccess.GetLength(handle));
            }
            catch
            {
                handle.Dispose();
                throw;
            }
        }
        catch (FileNotFoundException ex)
        {
            throw new CheckpointFormatException(CheckpointErrorKind.NotFound, "CKPT_NOT_FOUND", full, "file not found", innerException: ex);
        }
        catch (DirectoryNotFoundException ex)
        {
            throw new CheckpointFormatException(CheckpointErrorKind.NotFound, "CKPT_NOT_FOUND", full, "file not found (its folder does not exist)", innerException: ex);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new CheckpointFormatException(CheckpointErrorKind.NotFound, "CKPT_ACCESS", full, "the file cannot be opened for reading: " + ex.Message, innerException: ex);
        }
    }

    protected override ValueTask<int> ReadCoreAsync(long offset, Memory<byte> buffer, CancellationToken cancellationToken) =>
        RandomAccess.ReadAsync(_handle, buffer, offset, cancellationToken);

    protected override void Dispose(bool disposing)
    {
        if (disposing) _handle.Dispose();
    }
}
