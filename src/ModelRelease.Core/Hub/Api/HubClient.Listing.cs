using System.Runtime.CompilerServices;
using System.Text.Json;

namespace ModelRelease.Core.Hub;

/// <summary>Reading a revision: the tree (paged), paths-info, and the commit history (paged).</summary>
public sealed partial class HubClient
{
    public async IAsyncEnumerable<HubRepoFile> ListTreeAsync(RepoRef repo, string revision, string? path, bool recursive, [EnumeratorCancellation] CancellationToken ct = default)
    {
        var what = $"list {repo}@{revision}";
        var next = Api($"api/{repo.ApiPath}/tree/{Segment(revision)}" + (string.IsNullOrEmpty(path) ? "" : "/" + PathSegments(path.Trim('/'))) + $"?recursive={(recursive ? "true" : "false")}&expand=false");
        var visited = new HashSet<Uri>();
        while (next is not null)
        {
            // A server that pages in a circle would never end the listing.
            if (!visited.Add(next)) throw Malformed(what, $"the page {next} was offered twice", repo.Id);
            var url = next;
            var response = await SendAsync(() => Request(HttpMethod.Get, url), what, repo.Id, true, ct).ConfigureAwait(false);
            next = NextLink(response);
            var page = await ReadJsonAsync(response, what, repo.Id, root => HubJson.Items(root).Select(e => ParseTreeEntry(e, repo, revision)).ToList(), ct).ConfigureAwait(false);
            foreach (var file in page) yield return file;
        }
    }

    public async Task<IReadOnlyList<HubRepoFile>> PathsInfoAsync(RepoRef repo, string revision, IReadOnlyList<string> paths, CancellationToken ct = default)
    {
        var result = new List<HubRepoFile>();
        foreach (var chunk in paths.Chunk(500))
        {
            var url = Api($"api/{repo.ApiPath}/paths-info/{Segment(revision)}");
            result.AddRange(await SendForJsonAsync(() => Request(HttpMethod.Post, url, JsonBody(new PathsInfoBody(chunk, false), HubRequestJson.Default.PathsInfoBody)), $"paths-info {repo}@{revision}", repo.Id, true,
                root => HubJson.Items(root).Select(e => ParseTreeEntry(e, repo, revision)).ToList(), ct).ConfigureAwait(false));
        }
        return result;
    }

    public async Task<IReadOnlyList<HubCommitInfo>> ListCommitsAsync(RepoRef repo, string revision, int max, CancellationToken ct = default)
    {
        var what = $"list commits {repo}@{revision}";
        var result = new List<HubCommitInfo>();
        var visited = new HashSet<Uri>();
        Uri? next = Api($"api/{repo.ApiPath}/commits/{Segment(revision)}");
        while (next is not null && result.Count < max)
        {
            if (!visited.Add(next)) throw Malformed(what, $"the page {next} was offered twice", repo.Id);
            var url = next;
            var response = await SendAsync(() => Request(HttpMethod.Get, url), what, repo.Id, true, ct).ConfigureAwait(false);
            next = NextLink(response);
            result.AddRange(await ReadJsonAsync(response, what, repo.Id, root => HubJson.Items(root).Select(ParseCommitInfo).ToList(), ct).ConfigureAwait(false));
        }
        return result;
    }

    /// <summary>A tree or paths-info entry: <c>{type, path, size, oid, lfs: {oid}}</c>.</summary>
    private static HubRepoFile ParseTreeEntry(JsonElement e, RepoRef repo, string revision) => new()
    {
        RepoId = repo.Id,
        Revision = revision,
        Path = HubJson.String(e, "path"),
        Type = HubJson.String(e, "type"),
        Size = HubJson.OptionalInt64(e, "size") ?? 0,
        BlobId = HubJson.OptionalString(e, "oid"),
        LfsOid = HubJson.OptionalObject(e, "lfs") is { } lfs ? HubJson.String(lfs, "oid") : null,
    };

    /// <summary>A commit of the history: <c>{id, title, date}</c>.</summary>
    private static HubCommitInfo ParseCommitInfo(JsonElement c) =>
        new(HubJson.String(c, "id"), HubJson.OptionalString(c, "title") ?? "", HubJson.OptionalDate(c, "date"));
}
