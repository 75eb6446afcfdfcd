using System.Net;
using System.Text.Json;

namespace ModelRelease.Core.Hub;

/// <summary>Account and repositories: whoami-v2, repo info at a revision, repos/create.</summary>
public sealed partial class HubClient
{
    /// <summary>The user the token belongs to.</summary>
    public async Task<string> WhoAmIAsync(CancellationToken ct = default) =>
        await SendForJsonAsync(() => Request(HttpMethod.Get, Api("api/whoami-v2")), "whoami", Endpoint.ToString(), true, root => HubJson.String(root, "name"), ct).ConfigureAwait(false);

    /// <summary>The whole whoami-v2 answer (organisations, the token's role), as a document the caller disposes.</summary>
    public async Task<JsonDocument> WhoAmIDocumentAsync(CancellationToken ct = default) =>
        await SendForJsonAsync(() => Request(HttpMethod.Get, Api("api/whoami-v2")), "whoami", Endpoint.ToString(), true, root => JsonDocument.Parse(root.GetRawText()), ct).ConfigureAwait(false);

    /// <summary>Repository info at a revision, or null when the repository does not exist (or is not visible).</summary>
    public async Task<RepoInfo?> GetRepoInfoAsync(RepoRef repo, string revision, CancellationToken ct = default)
    {
        var what = $"GET repo info {repo}@{revision}";
        var url = Api($"api/{repo.ApiPath}/revision/{Segment(revision)}");
        var response = await SendAsync(() => Request(HttpMethod.Get, url), what, repo.Id, true, ct, HttpStatusCode.NotFound, HttpStatusCode.Unauthorized).ConfigureAwait(false);
        if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Unauthorized)
        {
            HubException exception;
            using (response) exception = await HubErrors.FromResponseAsync(response, what, repo.Id, Token, ct).ConfigureAwait(false);
            if (exception.ErrorId is HubErrorIds.RepoNotFound) return null;
            throw exception;
        }
        return await ReadJsonAsync(response, what, repo.Id, root => ParseRepoInfo(root, repo, revision), ct).ConfigureAwait(false);
    }

    /// <summary>Creates the repository; false when it already existed.</summary>
    public async Task<bool> CreateRepoAsync(RepoRef repo, bool isPrivate, CancellationToken ct = default)
    {
        var parts = repo.Id.Split('/');
        var body = new CreateRepoBody(parts[1], parts[0], repo.Type, isPrivate, isPrivate ? "private" : "public");
        using var response = await SendAsync(() => Request(HttpMethod.Post, Api("api/repos/create"), JsonBody(body, HubRequestJson.Default.CreateRepoBody)), $"create repo {repo}", repo.Id, true, ct, HttpStatusCode.Conflict).ConfigureAwait(false);
        return response.StatusCode != HttpStatusCode.Conflict;
    }

    /// <summary>Repo info: <c>{sha, private, siblings: [{rfilename, size, blobId, lfs: {sha256}}]}</c>.</summary>
    private static RepoInfo ParseRepoInfo(JsonElement root, RepoRef repo, string revision) => new(
        HubJson.String(root, "sha"),
        HubJson.IsTrue(root, "private"),
        HubJson.OptionalItems(root, "siblings").Select(x => new HubRepoFile
        {
            RepoId = repo.Id,
            Revision = revision,
            Path = HubJson.String(x, "rfilename"),
            Type = "file",
            Size = HubJson.OptionalInt64(x, "size") ?? 0,
            BlobId = HubJson.OptionalString(x, "blobId"),
            LfsOid = HubJson.OptionalObject(x, "lfs") is { } lfs ? HubJson.String(lfs, "sha256") : null,
        }).ToList());
}
