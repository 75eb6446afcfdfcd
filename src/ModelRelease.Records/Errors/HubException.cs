namespace ModelRelease;

/// <summary>
/// A Hub call that failed, with a stable <see cref="ErrorId"/> (HubUnauthorized, HubRepoNotFound,
/// HubRevisionNotFound, HubEntryNotFound, HubCommitConflict, HubRateLimited, HubRequestFailed,
/// HubTokenNotFound, HubUploadFailed, ReleaseTagAlreadyExists, PublishRefused, DownloadVerificationFailed; every id
/// is a constant of the catalogue ModelRelease.Core.Hub.HubErrorIds), the HTTP status and the Hub's own error code
/// and message. Never contains a token.
/// </summary>
public sealed class HubException : ModelReleaseException
{
    public HubException(string errorId, ErrorKind kind, string message, object? target = null, int? statusCode = null, string? hubErrorCode = null, Exception? innerException = null)
        : base(message, innerException)
    {
        ErrorId = errorId;
        Kind = kind;
        Target = target;
        StatusCode = statusCode;
        HubErrorCode = hubErrorCode;
    }

    public override string ErrorId { get; }

    public override ErrorKind Kind { get; }

    public override object? Target { get; }

    public int? StatusCode { get; }

    /// <summary>The Hub's X-Error-Code (RepoNotFound, RevisionNotFound, EntryNotFound, …).</summary>
    public string? HubErrorCode { get; }
}
