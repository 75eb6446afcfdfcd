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
    public async Task<bool> CreateRepoAsync(RepoRef repo, bool isPrivate, CancellationToken ct = default) =>
        (await CreateRepositoryAsync(repo, isPrivate, ct).ConfigureAwait(false)).Created;

    /// <summary>
    /// <c>POST api/repos/create</c> with <c>private</c> and <c>visibility</c> (old and new Hubs read one or the other):
    /// whether it was created (false: 409, it exists) and its URL (the Hub sends it with the 409 too).
    /// </summary>
    public async Task<(bool Created, string? Url)> CreateRepositoryAsync(RepoRef repo, bool isPrivate, CancellationToken ct = default)
    {
        var parts = repo.Id.Split('/');
        var body = new CreateRepoBody(parts[1], parts[0], repo.Type, isPrivate, isPrivate ? "private" : "public");
        var what = $"create repo {repo}";
        var response = await SendAsync(() => Request(HttpMethod.Post, Api("api/repos/create"), JsonBody(body, HubRequestJson.Default.CreateRepoBody)), what, repo.Id, true, ct, HttpStatusCode.Conflict).ConfigureAwait(false);
        var created = response.StatusCode != HttpStatusCode.Conflict;
        string? url = null;
        try
        {
            url = await ReadJsonAsync(response, what, repo.Id, root => root.ValueKind == JsonValueKind.Object ? HubJson.OptionalString(root, "url") : null, ct).ConfigureAwait(false);
        }
        catch (HubException ex) when (ex.ErrorId == HubErrorIds.ResponseInvalid)
        {
            // The answer's body is not needed to know the outcome.
        }
        return (created, url);
    }

    /// <summary><c>DELETE api/repos/delete</c> with <c>{name, organization, type}</c>; false when there was no such repository.</summary>
    public async Task<bool> DeleteRepositoryAsync(RepoRef repo, CancellationToken ct = default)
    {
        var parts = repo.Id.Split('/');
        var body = new DeleteRepoBody(parts[1], parts[0], repo.Type);
        var what = $"delete repo {repo}";
        using var response = await SendAsync(() => Request(HttpMethod.Delete, Api("api/repos/delete"), JsonBody(body, HubRequestJson.Default.DeleteRepoBody)), what, repo.Id, retry: false, ct, HttpStatusCode.NotFound, HttpStatusCode.Unauthorized).ConfigureAwait(false);
        if (response.IsSuccessStatusCode) return true;
        var error = await HubErrors.FromResponseAsync(response, what, repo.Id, Token, ct).ConfigureAwait(false);
        if (error.ErrorId == HubErrorIds.RepoNotFound) return false;
        throw error;
    }

    /// <summary><c>PUT api/{type}s/{repo}/settings</c> with <c>visibility</c> and the older <c>private</c>.</summary>
    public async Task SetVisibilityAsync(RepoRef repo, bool isPrivate, CancellationToken ct = default)
    {
        var body = new RepoSettingsBody(isPrivate, isPrivate ? "private" : "public");
        var url = Api($"api/{repo.ApiPath}/settings");
        using var _ = await SendAsync(() => Request(HttpMethod.Put, url, JsonBody(body, HubRequestJson.Default.RepoSettingsBody)), $"change visibility of {repo}", repo.Id, retry: true, ct).ConfigureAwait(false);
    }

    /// <summary>The repository's page on this Hub: <c>{endpoint}/{org}/{name}</c> (datasets/ and spaces/ prefixed).</summary>
    public string RepositoryUrl(RepoRef repo) => new Uri(Endpoint, repo.ContentPath).ToString();

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
