namespace ModelRelease.Core.Checkpoints.Deep;

/// <summary>Progress of a deep scan: bytes streamed so far out of the total to stream.</summary>
public readonly record struct DeepScanProgress(string File, long BytesDone, long BytesTotal);
