namespace ModelRelease.Core.Checkpoints.Validation;

/// <summary>Progress of a validation that streams data (hashing or a deep scan).</summary>
public readonly record struct ValidationProgress(string Path, string Activity, long BytesDone, long BytesTotal);
