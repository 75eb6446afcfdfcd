namespace ModelRelease.Infrastructure;

/// <summary>
/// A destructive action (moving a release tag, creating a public repository) needed a confirmation that the host
/// could not ask for (a non-interactive session, a host without a UI). Nothing was changed. The inner exception is
/// the host's own error.
/// </summary>
public sealed class ConfirmationRequiredException(string message, string target, Exception? innerException = null)
    : ModelReleaseException(message, innerException)
{
    /// <summary>The stable error id.</summary>
    public const string Id = "ConfirmationRequired";

    public override string ErrorId => Id;

    public override ErrorKind Kind => ErrorKind.InvalidOperation;

    public override object? Target { get; } = target;
}
