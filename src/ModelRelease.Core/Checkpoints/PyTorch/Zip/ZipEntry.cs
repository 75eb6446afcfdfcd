namespace ModelRelease.Core.Checkpoints.PyTorch.Zip;

/// <summary>One record of a zip archive as its central directory describes it.</summary>
public sealed record ZipEntry(string Name, ushort Method, long CompressedSize, long UncompressedSize, long LocalHeaderOffset, uint Crc32, long CentralDirectoryOffset);
