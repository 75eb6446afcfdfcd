namespace ModelRelease.HubEmulator.Http;

/// <summary>An error answer as the Hub sends it: status, optional X-Error-Code, and the message (JSON "error" and X-Error-Message).</summary>
public sealed class HubError(int status, string message, string? code = null) : Exception(message)
{
    public int Status { get; } = status;
    public string? Code { get; } = code;

    public static HubError RepoNotFound(string repo) => new(404, $"Repository not found: {repo}", "RepoNotFound");
    public static HubError RevisionNotFound(string rev) => new(404, $"Invalid rev id: {rev}", "RevisionNotFound");
    public static HubError EntryNotFound(string path) => new(404, $"Entry not found: {path}", "EntryNotFound");
    public static HubError BadRequest(string message) => new(400, message, "BadRequest");
}
