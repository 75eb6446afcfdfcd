using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace ModelRelease.Core.Hub;

/// <summary>Preupload (which files go through LFS, what the Hub has) and the NDJSON commit.</summary>
public sealed partial class HubClient
{
    public async Task<(IReadOnlyList<PreuploadAnswer> Files, string? CommitOid)> PreuploadAsync(RepoRef repo, string revision, IReadOnlyList<(string Path, long Size, byte[] Sample)> files, bool createPullRequest, CancellationToken ct = default)
    {
        var answers = new List<PreuploadAnswer>();
        string? head = null;
        var what = $"preupload {repo}@{revision}";
        foreach (var chunk in files.Chunk(256))
        {
            var body = new { files = chunk.Select(f => new { path = f.Path, sample = Convert.ToBase64String(f.Sample), size = f.Size }) };
            var url = Api($"api/{repo.ApiPath}/preupload/{Segment(revision)}" + (createPullRequest ? "?create_pr=1" : ""));
            var (page, commit) = await SendForJsonAsync(() => Request(HttpMethod.Post, url, JsonBody(body)), what, repo.Id, true, ParsePreupload, ct).ConfigureAwait(false);
            answers.AddRange(page);
            head ??= commit;
        }
        return (answers, head);
    }

    /// <summary>One NDJSON commit. Sent once: a lost answer is resolved by the caller, never by resending.</summary>
    public async Task<CommitAnswer> CommitAsync(RepoRef repo, string revision, string summary, string? description, string? parentCommit, IReadOnlyList<CommitLine> lines, bool createPullRequest, CancellationToken ct = default)
    {
        var sb = new StringBuilder();
        var header = new Dictionary<string, object?> { ["summary"] = summary, ["description"] = description ?? "" };
        if (parentCommit is not null) header["parentCommit"] = parentCommit;
        sb.Append(JsonSerializer.Serialize(new { key = "header", value = header })).Append('\n');
        foreach (var line in lines)
        {
            object entry = line switch
            {
                CommitRegularFile f => new { key = "file", value = new { path = f.Path, content = Convert.ToBase64String(f.Content), encoding = "base64" } },
                CommitLfsFile l => new { key = "lfsFile", value = new { path = l.Path, algo = "sha256", oid = l.Oid, size = l.Size } },
                CommitDeletedFile d => new { key = "deletedFile", value = new { path = d.Path } },
                _ => throw new ArgumentException("unknown commit line"),
            };
            sb.Append(JsonSerializer.Serialize(entry)).Append('\n');
        }
        var url = Api($"api/{repo.ApiPath}/commit/{Segment(revision)}" + (createPullRequest ? "?create_pr=1" : ""));
        var payload = sb.ToString();
        return await SendForJsonAsync(() =>
        {
            var content = new StringContent(payload, Encoding.UTF8);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");
            return Request(HttpMethod.Post, url, content);
        }, $"commit to {repo}@{revision}", repo.Id, retry: false, ParseCommitAnswer, ct).ConfigureAwait(false);
    }

    /// <summary>Preupload: <c>{files: [{path, uploadMode, shouldIgnore, oid}], commitOid}</c>.</summary>
    private static (List<PreuploadAnswer> Files, string? CommitOid) ParsePreupload(JsonElement root) => (
        HubJson.Items(root, "files").Select(f => new PreuploadAnswer(
            HubJson.String(f, "path"),
            HubJson.String(f, "uploadMode") == "lfs",
            HubJson.IsTrue(f, "shouldIgnore"),
            HubJson.OptionalString(f, "oid"))).ToList(),
        HubJson.OptionalString(root, "commitOid"));

    /// <summary>Commit: <c>{commitOid, commitUrl, pullRequestUrl}</c>.</summary>
    private static CommitAnswer ParseCommitAnswer(JsonElement root) =>
        new(HubJson.String(root, "commitOid"), HubJson.OptionalString(root, "commitUrl"), HubJson.OptionalString(root, "pullRequestUrl"));
}
