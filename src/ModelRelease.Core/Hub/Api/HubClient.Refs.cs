using System.Text.Json;

namespace ModelRelease.Core.Hub;

/// <summary>Refs: the branches and tags of a repository, and creating and deleting tags.</summary>
public sealed partial class HubClient
{
    public async Task<HubRefs> GetRefsAsync(RepoRef repo, CancellationToken ct = default) =>
        await SendForJsonAsync(() => Request(HttpMethod.Get, Api($"api/{repo.ApiPath}/refs")), $"list refs of {repo}", repo.Id, true, ParseRefs, ct).ConfigureAwait(false);

    /// <summary>Creates a tag; throws HubConflict (409) when it exists.</summary>
    public async Task CreateTagAsync(RepoRef repo, string revision, string tag, string? message, CancellationToken ct = default)
    {
        var url = Api($"api/{repo.ApiPath}/tag/{Segment(revision)}");
        using var _ = await SendAsync(() => Request(HttpMethod.Post, url, JsonBody(new CreateTagBody(tag, message), HubRequestJson.Default.CreateTagBody)), $"create tag {tag} on {repo}", repo.Id, retry: false, ct).ConfigureAwait(false);
    }

    public async Task DeleteTagAsync(RepoRef repo, string tag, CancellationToken ct = default)
    {
        var url = Api($"api/{repo.ApiPath}/tag/{Segment(tag)}");
        using var _ = await SendAsync(() => Request(HttpMethod.Delete, url), $"delete tag {tag} on {repo}", repo.Id, retry: true, ct).ConfigureAwait(false);
    }

    /// <summary>Refs: <c>{branches: [{name, targetCommit}], tags: [{name, targetCommit, message}]}</c>.</summary>
    private static HubRefs ParseRefs(JsonElement root)
    {
        static List<HubRef> Read(JsonElement root, string name) => HubJson.OptionalItems(root, name)
            .Select(r => new HubRef(HubJson.String(r, "name"), HubJson.String(r, "targetCommit"), HubJson.OptionalString(r, "message"))).ToList();
        if (root.ValueKind != JsonValueKind.Object) throw new HubJson.ShapeException($"an object was expected, not {root.ValueKind}");
        return new HubRefs(Read(root, "branches"), Read(root, "tags"));
    }
}
