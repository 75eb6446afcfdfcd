namespace ModelRelease.Core.Hub.Download;

public readonly record struct DownloadProgress(string? Path, long BytesDone, long BytesTotal, int FilesDone, int FilesTotal);
