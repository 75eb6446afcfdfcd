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
            var body = new PreuploadBody(chunk.Select(f => new PreuploadFileBody(f.Path, Convert.ToBase64String(f.Sample), f.Size)));
            var url = Api($"api/{repo.ApiPath}/preupload/{Segment(revision)}" + (createPullRequest ? "?create_pr=1" : ""));
            var (page, commit) = await SendForJsonAsync(() => Request(HttpMethod.Post, url, JsonBody(body, HubRequestJson.Default.PreuploadBody)), what, repo.Id, true, ParsePreupload, ct).ConfigureAwait(false);
            answers.AddRange(page);
            head ??= commit;
        }
        return (answers, head);
    }

    /// <summary>One NDJSON commit. Sent once: a lost answer is resolved by the caller, never by resending.</summary>
    public async Task<CommitAnswer> CommitAsync(RepoRef repo, string revision, string summary, string? description, string? parentCommit, IReadOnlyList<CommitLine> lines, bool createPullRequest, CancellationToken ct = default)
    {
        var sb = new StringBuilder();
        sb.Append(JsonSerializer.Serialize(new CommitHeaderLine("header", new CommitHeaderValue(summary, description ?? "", parentCommit)), HubRequestJson.Default.CommitHeaderLine)).Append('\n');
        foreach (var line in lines)
        {
            var entry = line switch
            {
                CommitRegularFile f => JsonSerializer.Serialize(new CommitFileLine("file", new CommitFileValue(f.Path, Convert.ToBase64String(f.Content), "base64")), HubRequestJson.Default.CommitFileLine),
                CommitLfsFile l => JsonSerializer.Serialize(new CommitLfsFileLine("lfsFile", new CommitLfsFileValue(l.Path, "sha256", l.Oid, l.Size)), HubRequestJson.Default.CommitLfsFileLine),
                CommitDeletedFile d => JsonSerializer.Serialize(new CommitDeletedFileLine("deletedFile", new CommitDeletedFileValue(d.Path)), HubRequestJson.Default.CommitDeletedFileLine),
                _ => throw new ArgumentException("unknown commit line"),
            };
            sb.Append(entry).Append('\n');
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
