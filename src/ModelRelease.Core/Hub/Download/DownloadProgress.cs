namespace ModelRelease.Core.Hub.Download;

/// <summary>Progress of a download: all bytes and files so far, and the bytes of the file that last moved (<see cref="Path"/>).</summary>
public readonly record struct DownloadProgress(string? Path, long BytesDone, long BytesTotal, int FilesDone, int FilesTotal, long FileBytesDone = 0, long FileBytesTotal = 0);
