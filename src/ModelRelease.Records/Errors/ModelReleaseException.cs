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

    /// <summary>The next step for the user, when there is one: neutral, or in PowerShell's words when <see cref="CliRecommendedAction"/> gives the CLI's.</summary>
    public string? RecommendedAction { get; init; }

    /// <summary>The next step in the words of the <c>modelrelease</c> CLI (its flags), when they differ from <see cref="RecommendedAction"/>.</summary>
    public string? CliRecommendedAction { get; init; }
}
