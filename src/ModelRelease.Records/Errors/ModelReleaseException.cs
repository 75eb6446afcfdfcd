namespace ModelRelease;

/// <summary>
/// Base of every error ModelRelease raises on purpose. <see cref="ErrorId"/> is stable (PascalCase)
/// and becomes the PowerShell ErrorRecord id; <see cref="Target"/> is the thing that failed (a path,
/// a repo id, a tag), never the cmdlet.
/// </summary>
public abstract class ModelReleaseException : Exception
{
    protected ModelReleaseException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }

    public abstract string ErrorId { get; }

    public abstract ErrorKind Kind { get; }

    public abstract object? Target { get; }

    /// <summary>The next step for the user, when there is one.</summary>
    public string? RecommendedAction { get; init; }
}
