namespace ModelRelease.Core.Operations.Release;

/// <summary>The stages of a release, in order.</summary>
public enum ReleaseStage
{
    /// <summary>Something the user must know before anything happens (the target is huggingface.co).</summary>
    Notice,
    Validating,
    Card,
    Checking,
    Planning,
    Publishing,
    Tagging,
    Verifying,
}

/// <summary>
/// Progress of a release: the stage, what it is doing, and bytes where bytes move. <see cref="Activity"/> names the
/// part of the stage the bytes belong to (<c>deep scan model.safetensors</c>, <c>hashing</c>, <c>uploading</c>,
/// <c>downloading</c>): each has its own rate and time left.
/// </summary>
public readonly record struct ReleaseProgress(ReleaseStage Stage, string Message, long BytesDone = 0, long BytesTotal = 0, string? Activity = null);
