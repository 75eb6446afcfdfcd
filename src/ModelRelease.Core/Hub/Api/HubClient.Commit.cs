using System.Text.Json;

namespace ModelRelease.Core.Hub;

/// <summary>Preupload (which files go through LFS, what the Hub has) and the NDJSON commit.</summary>
public sealed partial class HubClient
{
    /// <summary>Files per preupload call: huggingface_hub's PREUPLOAD_BATCH_SIZE, which it calls the Hub's server-side limit.</summary>
    public const int MaxPreuploadFiles = 256;

    public async Task<(IReadOnlyList<PreuploadAnswer> Files, string? CommitOid)> PreuploadAsync(RepoRef repo, string revision, IReadOnlyList<(string Path, long Size, byte[] Sample)> files, bool createPullRequest, CancellationToken ct = default)
    {
        var answers = new List<PreuploadAnswer>();
        string? head = null;
        var what = $"preupload {repo}@{revision}";
        foreach (var chunk in files.Chunk(MaxPreuploadFiles))
        {
            var body = new PreuploadBody(chunk.Select(f => new PreuploadFileBody(f.Path, Convert.ToBase64String(f.Sample), f.Size)));
            var url = Api($"api/{repo.ApiPath}/preupload/{Segment(revision)}" + (createPullRequest ? "?create_pr=1" : ""));
            var (page, commit) = await SendForJsonAsync(() => Request(HttpMethod.Post, url, JsonBody(body, HubRequestJson.Default.PreuploadBody)), what, repo.Id, true, ParsePreupload, ct).ConfigureAwait(false);
            answers.AddRange(page);
            head ??= commit;
        }
        return (answers, head);
    }

    /// <summary>
    /// One NDJSON commit, streamed (<see cref="CommitPayloadContent"/>). Sent once: a lost answer is resolved by the
    /// caller, never by resending.
    /// </summary>
    public async Task<CommitAnswer> CommitAsync(RepoRef repo, string revision, string summary, string? description, string? parentCommit, IReadOnlyList<CommitLine> lines, bool createPullRequest, CancellationToken ct = default)
    {
        var header = JsonSerializer.SerializeToUtf8Bytes(new CommitHeaderLine("header", new CommitHeaderValue(summary, description ?? "", parentCommit)), HubRequestJson.Default.CommitHeaderLine);
        var headerLine = new byte[header.Length + 1];
        header.CopyTo(headerLine, 0);
        headerLine[^1] = (byte)'\n';
        var url = Api($"api/{repo.ApiPath}/commit/{Segment(revision)}" + (createPullRequest ? "?create_pr=1" : ""));
        return await SendForJsonAsync(() => Request(HttpMethod.Post, url, new CommitPayloadContent(headerLine, lines)),
            $"commit to {repo}@{revision}", repo.Id, retry: false, ParseCommitAnswer, ct).ConfigureAwait(false);
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
