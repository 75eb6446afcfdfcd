namespace ModelRelease.Core.Hub;

/// <summary>
/// The stable ids (<see cref="HubException.ErrorId"/>, the FullyQualifiedErrorId in PowerShell) of everything the Hub
/// client, publishing, downloading and tagging can fail with. Code throws and tests these constants, never string
/// literals; a test checks that each is used, that no other id is thrown, and that about_ModelRelease documents each.
/// </summary>
public static class HubErrorIds
{
    // What the Hub answered (HubErrors maps the status and X-Error-Code).
    public const string Unauthorized = "HubUnauthorized";
    public const string Forbidden = "HubForbidden";
    public const string RepoNotFound = "HubRepoNotFound";
    public const string RevisionNotFound = "HubRevisionNotFound";
    public const string EntryNotFound = "HubEntryNotFound";
    public const string NotFound = "HubNotFound";
    public const string Conflict = "HubConflict";
    public const string CommitConflict = "HubCommitConflict";
    public const string RateLimited = "HubRateLimited";
    public const string BadRequest = "HubBadRequest";
    public const string RequestFailed = "HubRequestFailed";

    // What the client found.
    public const string Unreachable = "HubUnreachable";
    public const string ResponseInvalid = "HubResponseInvalid";
    public const string RedirectRefused = "HubRedirectRefused";
    public const string UploadFailed = "HubUploadFailed";
    public const string FileTooLarge = "HubFileTooLarge";
    public const string TokenNotFound = "HubTokenNotFound";
    public const string EndpointInvalid = "HubEndpointInvalid";
    public const string RepoIdInvalid = "HubRepoIdInvalid";
    public const string TokenInvalid = "HubTokenInvalid";
    public const string TokenFileNotWritable = "HubTokenFileNotWritable";

    // The shared Hugging Face cache.
    public const string CacheMiss = "HubCacheMiss";
    public const string CacheNotWritable = "HubCacheNotWritable";
    public const string CacheUnavailable = "HubCacheUnavailable";

    // Publishing.
    public const string PublishNothing = "PublishNothing";
    public const string PublishInputNotFound = "PublishInputNotFound";
    public const string PublishInputChanged = "PublishInputChanged";
    public const string PublishPathConflict = "PublishPathConflict";
    public const string PublishPathInvalid = "PublishPathInvalid";
    public const string PublishRegularTooLarge = "PublishRegularTooLarge";
    public const string PublishCardRejected = "PublishCardRejected";

    // Downloading.
    public const string DownloadPathInvalid = "DownloadPathInvalid";
    public const string DownloadVerificationFailed = "DownloadVerificationFailed";

    // Release tags, on the Hub and in the local git repository.
    public const string ReleaseTagAlreadyExists = "ReleaseTagAlreadyExists";
    public const string ReleaseTagNameInvalid = "ReleaseTagNameInvalid";
    public const string LocalRepositoryNotFound = "LocalRepositoryNotFound";
    public const string LocalGitFailed = "LocalGitFailed";
}
