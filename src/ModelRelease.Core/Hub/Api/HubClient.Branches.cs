namespace ModelRelease.Core.Hub;

/// <summary>Branches: creating one at a starting point, deleting one (branches are listed with the refs).</summary>
public sealed partial class HubClient
{
    /// <summary>Creates <paramref name="branch"/> at <paramref name="startingPoint"/> (a branch, tag or commit; the Hub's default branch when null); throws HubConflict (409) when it exists.</summary>
    public async Task CreateBranchAsync(RepoRef repo, string branch, string? startingPoint, CancellationToken ct = default)
    {
        var url = Api($"api/{repo.ApiPath}/branch/{Segment(branch)}");
        // Not retried: a lost answer to a create that succeeded would be retried into a 409; the caller reads the refs instead.
        using var _ = await SendAsync(() => Request(HttpMethod.Post, url, JsonBody(new CreateBranchBody(startingPoint), HubRequestJson.Default.CreateBranchBody)), $"create branch {branch} on {repo}", repo.Id, retry: false, ct).ConfigureAwait(false);
    }

    /// <summary>Deletes <paramref name="branch"/> (the Hub refuses to delete main).</summary>
    public async Task DeleteBranchAsync(RepoRef repo, string branch, CancellationToken ct = default)
    {
        var url = Api($"api/{repo.ApiPath}/branch/{Segment(branch)}");
        using var _ = await SendAsync(() => Request(HttpMethod.Delete, url), $"delete branch {branch} on {repo}", repo.Id, retry: true, ct).ConfigureAwait(false);
    }
}
