using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Win32.SafeHandles;

namespace ModelRelease.Core.Hub;

/// <summary>
/// The LFS batch API and its transfers: basic (one PUT of the object), multipart (PUT each part to its presigned URL,
/// then POST the completion) and, where the server has it, aborting a multipart upload that is no longer wanted.
/// </summary>
public sealed partial class HubClient
{
    /// <summary>Objects per LFS batch call: huggingface_hub's UPLOAD_BATCH_MAX_NUM_FILES (the Hub documents no figure).</summary>
    public const int MaxLfsBatchObjects = 256;

    public async Task<IReadOnlyList<LfsAction>> LfsBatchAsync(RepoRef repo, string revision, IReadOnlyList<(string Oid, long Size)> objects, bool createPullRequest, CancellationToken ct = default)
    {
        var result = new List<LfsAction>();
        foreach (var chunk in objects.Chunk(MaxLfsBatchObjects))
        {
            var body = new LfsBatchBody("upload", ["basic", "multipart"], chunk.Select(o => new LfsBatchObject(o.Oid, o.Size)).ToArray(), "sha256",
                createPullRequest ? null : new LfsBatchRef(revision));
            var json = JsonSerializer.Serialize(body, HubRequestJson.Default.LfsBatchBody);
            var url = Api($"{repo.ContentPath}.git/info/lfs/objects/batch");
            var asked = DateTimeOffset.UtcNow;
            result.AddRange(await SendForJsonAsync(() => LfsRequest(HttpMethod.Post, url, json, authorize: true), $"LFS batch {repo}", repo.Id, true,
                root => HubJson.Items(root, "objects").Select(o => ParseLfsObject(o, asked, repo)).ToList(), ct).ConfigureAwait(false));
        }
        return result;
    }

    /// <summary>
    /// One object of a batch answer: <c>{oid, size, error: {code, message}}</c>, or without <c>actions</c> when the
    /// Hub has it, or <c>actions.upload: {href, header: {chunk_size, "00001": url, …}, expires_in | expires_at}</c>.
    /// </summary>
    private LfsAction ParseLfsObject(JsonElement o, DateTimeOffset asked, RepoRef repo)
    {
        var oid = HubJson.String(o, "oid");
        var size = HubJson.Int64(o, "size");
        if (oid.Length != 64 || !oid.All(char.IsAsciiHexDigitLower)) throw new HubJson.ShapeException($"'{oid}' is not a sha256 object id");
        if (HubJson.OptionalObject(o, "error") is { } error)
        {
            var code = HubJson.OptionalInt64(error, "code");
            throw new HubException(HubErrorIds.UploadFailed, ErrorKind.InvalidData,
                Redact($"LFS batch refused object {oid}: {code} {PrintableText.Escape(HubJson.OptionalString(error, "message") ?? "")}"), repo.Id, (int?)code);
        }
        if (HubJson.OptionalObject(o, "actions") is not { } actions || HubJson.OptionalObject(actions, "upload") is not { } upload)
        {
            return new LfsAction(oid, size, true, null, new Dictionary<string, string>(), null, []);
        }
        var header = HubJson.StringMap(HubJson.OptionalObject(upload, "header"));
        long? chunkSize = header.TryGetValue("chunk_size", out var cs) && long.TryParse(cs, NumberStyles.None, CultureInfo.InvariantCulture, out var csv) && csv > 0 ? csv : null;
        var parts = chunkSize is null ? [] : header.Where(kv => kv.Key.All(char.IsAsciiDigit)).OrderBy(kv => int.Parse(kv.Key, CultureInfo.InvariantCulture)).Select(kv => kv.Value).ToList();
        if (chunkSize is { } c && parts.Count != (int)((size + c - 1) / c))
        {
            throw new HubException(HubErrorIds.UploadFailed, ErrorKind.InvalidData, $"The Hub offered {parts.Count} parts for an object of {size} bytes in parts of {c}: an invalid multipart answer", repo.Id);
        }
        var expires = HubJson.OptionalDate(upload, "expires_at") ?? (HubJson.OptionalInt64(upload, "expires_in") is { } seconds and > 0 ? asked.AddSeconds(seconds) : null);
        return new LfsAction(oid, size, false, HubJson.String(upload, "href"), header, chunkSize, parts) { ExpiresAt = expires };
    }

    /// <summary>Basic transfer: PUT the whole object, streamed from the file, to the Hub's storage URL (no Authorization).</summary>
    public async Task UploadBasicAsync(LfsAction action, SafeFileHandle file, Action<long>? onBytes, object? target, CancellationToken ct = default)
    {
        var url = new Uri(action.Href!);
        using var _ = await SendAsync(() =>
        {
            var request = Request(HttpMethod.Put, url, new FileRangeContent(file, 0, action.Size, onBytes), authorize: false);
            foreach (var (k, v) in action.Header.Where(kv => kv.Key != "chunk_size" && !kv.Key.All(char.IsAsciiDigit))) request.Headers.TryAddWithoutValidation(k, v);
            return request;
        }, $"upload {action.Oid[..12]} ({action.Size} bytes)", target, true, ct).ConfigureAwait(false);
    }

    /// <summary>One part of a multipart transfer; returns the part's ETag (kept verbatim).</summary>
    public async Task<string> UploadPartAsync(string url, SafeFileHandle file, long offset, long length, Action<long>? onBytes, object? target, CancellationToken ct = default)
    {
        var uri = new Uri(url);
        using var response = await SendAsync(() => Request(HttpMethod.Put, uri, new FileRangeContent(file, offset, length, onBytes), authorize: false),
            $"upload part at {offset} ({length} bytes)", target, true, ct).ConfigureAwait(false);
        return response.Headers.ETag?.ToString() ?? (response.Headers.TryGetValues("ETag", out var e) ? e.First() : null)
            ?? throw new HubException(HubErrorIds.UploadFailed, ErrorKind.InvalidData, "The storage answered a part upload without an ETag", target);
    }

    /// <summary>Completes a multipart upload: POST <c>{oid, parts: [{partNumber, etag}]}</c> to the action's href (no Authorization).</summary>
    public async Task CompleteMultipartAsync(LfsAction action, IReadOnlyList<string> etags, object? target, CancellationToken ct = default) =>
        await CompleteMultipartAsync(action.Href!, action.Oid, etags, target, ct).ConfigureAwait(false);

    /// <summary>Completes the multipart upload whose completion URL is <paramref name="completionUrl"/>.</summary>
    public async Task CompleteMultipartAsync(string completionUrl, string oid, IReadOnlyList<string> etags, object? target, CancellationToken ct = default)
    {
        var url = new Uri(completionUrl);
        var body = JsonSerializer.Serialize(new CompleteMultipartBody(oid, etags.Select((e, i) => new MultipartPart(i + 1, e))), HubRequestJson.Default.CompleteMultipartBody);
        using var _ = await SendAsync(() => LfsRequest(HttpMethod.Post, url, body, authorize: false), $"complete multipart {oid[..12]}", target, true, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Asks the server to drop a multipart upload that will not be completed (DELETE on its completion URL, as an S3
    /// abort). False when the server has no such request (404, 405, 501): its storage then expires the parts itself.
    /// </summary>
    public async Task<bool> AbortMultipartAsync(string completionUrl, string oid, object? target, CancellationToken ct = default)
    {
        var url = new Uri(completionUrl);
        using var response = await SendAsync(() => Request(HttpMethod.Delete, url, authorize: false), $"abort multipart {oid[..12]}", target, true, ct,
            HttpStatusCode.NotFound, HttpStatusCode.MethodNotAllowed, HttpStatusCode.NotImplemented).ConfigureAwait(false);
        return response.IsSuccessStatusCode;
    }
}
