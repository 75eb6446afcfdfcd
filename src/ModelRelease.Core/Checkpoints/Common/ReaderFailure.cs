namespace ModelRelease.Core.Checkpoints.Common;

/// <summary>
/// Turns an exception a reader (or a scan of a file's data) did not foresee into the typed error that names the file,
/// so no input can end the process with an unhandled exception.
/// </summary>
public static class ReaderFailure
{
    /// <summary>
    /// The typed error for <paramref name="exception"/>, or null when it must propagate as it is: a
    /// <see cref="CheckpointFormatException"/> (already typed) or the caller's own cancellation.
    /// </summary>
    /// <param name="who">What failed, for the message (<c>the GGUF reader</c>, <c>the deep scan</c>); null when no reader was chosen yet.</param>
    public static CheckpointFormatException? Wrap(Exception exception, string path, string? who, CancellationToken cancellationToken)
    {
        if (exception is CheckpointFormatException) return null;
        if (exception is OperationCanceledException && cancellationToken.IsCancellationRequested) return null;
        var what = $"{exception.GetType().Name}: {exception.Message}";
        return exception is IOException or UnauthorizedAccessException
            ? new CheckpointFormatException(CheckpointErrorKind.Invalid, CheckpointCodes.ReadFailed, path,
                who is null ? $"the file could not be opened ({what})" : $"{who} could not read the file ({what})", innerException: exception)
            : new CheckpointFormatException(CheckpointErrorKind.Invalid, CheckpointCodes.ReaderFailed, path,
                who is null ? $"the file could not be opened ({what})" : $"{who} failed on this file ({what}); nothing more was read from it", innerException: exception);
    }
}
