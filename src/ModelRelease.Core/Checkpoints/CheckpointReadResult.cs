namespace ModelRelease.Core.Checkpoints;

/// <summary>One input's outcome when several paths are inspected: a checkpoint or the error that stopped it.</summary>
public sealed record CheckpointReadResult(string Path, Checkpoint? Checkpoint, CheckpointFormatException? Error);
