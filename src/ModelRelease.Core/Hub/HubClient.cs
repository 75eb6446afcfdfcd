using System.Net;
using System.Net.Http.Headers;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Microsoft.Win32.SafeHandles;
using Polly;
using Polly.Retry;

namespace ModelRelease.Core.Hub;

/// <summary>
/// The Hub's HTTP API (shared/reference/hf-hub-protocol.md): repositories, preupload, the LFS batch API
/// with basic and multipart transfers, NDJSON commits, listings, refs and tags, downloads. Safe requests
/// are retried on 408, 429, 5xx and dropped connections with exponential backoff and jitter, honouring
/// Retry-After; the commit is never retried blindly (see <see cref="Publishing.Publisher"/>). The token
/// only ever leaves as the Authorization header of requests to the Hub's own API — never to transfer URLs.
/// </summary>
public sealed class HubClient : IDisposable
{
    private static readonly string UserAgent = $"modelrelease/{typeof(HubClient).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion?.Split('+')[0] ?? "0"}; dotnet/{Environment.Version}";
    private static readonly MediaTypeHeaderValue LfsJson = new("application/vnd.git-lfs+json");

    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly ResiliencePipeline<HttpResponseMessage> _retry;

    public HubClient(Uri endpoint, HubToken? token, HubClientOptions? options = null, HttpMessageHandler? handler = null)
    {
        Endpoint = new Uri(endpoint.ToString().TrimEnd('/') + "/");
        Token = token;
        Options = options ?? new HubClientOptions();
        _ownsHttp = true;
        _http = new HttpClient(handler ?? new SocketsHttpHandler
        {
            // .NET's default proxy handling (HTTPS_PROXY, HTTP_PROXY, NO_PROXY, the system setting) applies.
            MaxConnectionsPerServer = 64,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
        }, disposeHandler: true)
        {
            Timeout = Options.RequestTimeout,
        };
        _http.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", UserAgent);
        // MaxRetries = 0 means no retry (Polly refuses a retry strategy of zero attempts, so none is added).
        var retry = new ResiliencePipelineBuilder<HttpResponseMessage>();
        if (Options.MaxRetries > 0) retry.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
        {
            ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                .Handle<HttpRequestException>()
                .Handle<IOException>()
                .Handle<TaskCanceledException>(ex => ex.InnerException is TimeoutException)
                .HandleResult(r => HubErrors.IsTransient(r.StatusCode)),
            MaxRetryAttempts = Options.MaxRetries,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = Options.RetryBaseDelay,
            MaxDelay = Options.RetryMaxDelay,
            DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome.Result)),
            OnRetry = args =>
            {
                var why = args.Outcome.Exception is { } ex ? ex.GetType().Name + ": " + Redact(ex.Message) : $"{(int)args.Outcome.Result!.StatusCode}";
                Log($"retry {args.AttemptNumber + 1} in {args.RetryDelay.TotalSeconds:0.0} s after {why}");
                args.Outcome.Result?.Dispose();
                return default;
            },
        });
        _retry = retry.Build();
    }

    public Uri Endpoint { get; }

    public HubToken? Token { get; }

    public HubClientOptions Options { get; }

    private void Log(string line) => Options.Log?.Invoke(PrintableText.Escape(Redact(line)));

    private string Redact(string text) => Token?.Redact(text) ?? Redaction.Redact(text);

    private TimeSpan? RetryAfter(HttpResponseMessage? response)
    {
        if (response?.Headers.RetryAfter is not { } after) return null;
        var wait = after.Delta ?? (after.Date is { } date ? date - DateTimeOffset.UtcNow : null);
        return wait is { } w && w > TimeSpan.Zero ? (w > Options.MaxRetryAfter ? Options.MaxRetryAfter : w) : null;
    }

    // ---------------------------------------------------------------- plumbing

    private Uri Api(string relative) => new(Endpoint, relative);

    private HttpRequestMessage Request(HttpMethod method, Uri url, HttpContent? content = null, bool authorize = true)
    {
        var request = new HttpRequestMessage(method, url) { Content = content };
        // The token goes only to the Hub itself, never to the storage URLs the Hub hands out.
        if (authorize && Token is not null && url.Host == Endpoint.Host && url.Port == Endpoint.Port)
        {
            request.Headers.TryAddWithoutValidation("Authorization", Token.AuthorizationValue);
        }
        return request;
    }

    /// <summary>Sends a request built afresh for each attempt; a failed final answer becomes a HubException.</summary>
    private async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> build, string what, object? target, bool retry, CancellationToken cancellationToken, params HttpStatusCode[] accepted)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        HttpResponseMessage response;
        try
        {
            response = retry
                ? await _retry.ExecuteAsync(async ct =>
                {
                    using var request = build();
                    return await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
                }, cancellationToken).ConfigureAwait(false)
                : await SendOnceAsync(build, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new HubException("HubUnreachable", ErrorKind.ConnectionFailed, Redact($"{what}: the Hub at {Endpoint} could not be reached: {ex.Message}"), target, innerException: null)
            {
                RecommendedAction = "Check the endpoint and the network (proxies come from HTTPS_PROXY / NO_PROXY); run again to resume.",
            };
        }
        Log($"{what} → {(int)response.StatusCode} ({started.ElapsedMilliseconds} ms)");
        if (response.IsSuccessStatusCode || accepted.Contains(response.StatusCode)) return response;
        using (response)
        {
            throw await HubErrors.FromResponseAsync(response, what, target, Token, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<HttpResponseMessage> SendOnceAsync(Func<HttpRequestMessage> build, CancellationToken cancellationToken)
    {
        using var request = build();
        return await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<JsonDocument> JsonAsync(HttpResponseMessage response, CancellationToken ct)
    {
        using (response)
        {
            await using var stream = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
            return await JsonDocument.ParseAsync(stream, cancellationToken: ct).ConfigureAwait(false);
        }
    }

    private static StringContent JsonBody(object body) => new(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");

    private static string Segment(string value) => Uri.EscapeDataString(value);

    private static string PathSegments(string path) => string.Join('/', path.Split('/').Select(Uri.EscapeDataString));

    // ---------------------------------------------------------------- account and repositories

    public async Task<string> WhoAmIAsync(CancellationToken ct = default)
    {
        using var doc = await JsonAsync(await SendAsync(() => Request(HttpMethod.Get, Api("api/whoami-v2")), "whoami", Endpoint.ToString(), true, ct).ConfigureAwait(false), ct).ConfigureAwait(false);
        return doc.RootElement.GetProperty("name").GetString() ?? "";
    }

    public async Task<JsonDocument> WhoAmIDocumentAsync(CancellationToken ct = default) => await JsonAsync(await SendAsync(() => Request(HttpMethod.Get, Api("api/whoami-v2")), "whoami", Endpoint.ToString(), true, ct).ConfigureAwait(false), ct).ConfigureAwait(false); // the whole whoami-v2 answer (orgs, token role): Operations/Release/HubAccount reads it

    /// <summary>Repository info at a revision, or null when the repository does not exist (or is not visible).</summary>
    public async Task<RepoInfo?> GetRepoInfoAsync(RepoRef repo, string revision, CancellationToken ct = default)
    {
        var url = Api($"api/{repo.ApiPath}/revision/{Segment(revision)}");
        var response = await SendAsync(() => Request(HttpMethod.Get, url), $"GET repo info {repo}@{revision}", repo.Id, true, ct, HttpStatusCode.NotFound, HttpStatusCode.Unauthorized).ConfigureAwait(false);
        if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Unauthorized)
        {
            var exception = await HubErrors.FromResponseAsync(response, $"GET repo info {repo}@{revision}", repo.Id, Token, ct).ConfigureAwait(false);
            response.Dispose();
            if (exception.ErrorId == "HubRepoNotFound") return null;
            throw exception;
        }
        try
        {
            using var doc = await JsonAsync(response, ct).ConfigureAwait(false);
            return ParseRepoInfo(doc.RootElement, repo, revision);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw Malformed($"GET repo info {repo}@{revision}", ex.Message, repo.Id);
        }
    }

    private static RepoInfo ParseRepoInfo(JsonElement root, RepoRef repo, string revision)
    {
        var siblings = root.TryGetProperty("siblings", out var s) && s.ValueKind == JsonValueKind.Array
            ? s.EnumerateArray().Select(x => new HubRepoFile
            {
                RepoId = repo.Id,
                Revision = revision,
                Path = x.GetProperty("rfilename").GetString()!,
                Type = "file",
                Size = x.TryGetProperty("size", out var sz) && sz.ValueKind == JsonValueKind.Number ? sz.GetInt64() : 0,
                BlobId = x.TryGetProperty("blobId", out var b) ? b.GetString() : null,
                LfsOid = x.TryGetProperty("lfs", out var l) && l.ValueKind == JsonValueKind.Object ? l.GetProperty("sha256").GetString() : null,
            }).ToList()
            : [];
        return new RepoInfo(root.GetProperty("sha").GetString()!, root.TryGetProperty("private", out var p) && p.ValueKind == JsonValueKind.True, siblings);
    }

    /// <summary>Creates the repository; false when it already existed.</summary>
    public async Task<bool> CreateRepoAsync(RepoRef repo, bool isPrivate, CancellationToken ct = default)
    {
        var parts = repo.Id.Split('/');
        var body = new { name = parts[1], organization = parts[0], type = repo.Type, @private = isPrivate, visibility = isPrivate ? "private" : "public" };
        using var response = await SendAsync(() => Request(HttpMethod.Post, Api("api/repos/create"), JsonBody(body)), $"create repo {repo}", repo.Id, true, ct, HttpStatusCode.Conflict).ConfigureAwait(false);
        return response.StatusCode != HttpStatusCode.Conflict;
    }

    // ---------------------------------------------------------------- uploads

    public async Task<(IReadOnlyList<PreuploadAnswer> Files, string? CommitOid)> PreuploadAsync(RepoRef repo, string revision, IReadOnlyList<(string Path, long Size, byte[] Sample)> files, bool createPullRequest, CancellationToken ct = default)
    {
        var answers = new List<PreuploadAnswer>();
        string? head = null;
        foreach (var chunk in files.Chunk(256))
        {
            var body = new { files = chunk.Select(f => new { path = f.Path, sample = Convert.ToBase64String(f.Sample), size = f.Size }) };
            var url = Api($"api/{repo.ApiPath}/preupload/{Segment(revision)}" + (createPullRequest ? "?create_pr=1" : ""));
            using var doc = await JsonAsync(await SendAsync(() => Request(HttpMethod.Post, url, JsonBody(body)), $"preupload {repo}@{revision}", repo.Id, true, ct).ConfigureAwait(false), ct).ConfigureAwait(false);
            foreach (var f in doc.RootElement.GetProperty("files").EnumerateArray())
            {
                answers.Add(new PreuploadAnswer(
                    f.GetProperty("path").GetString()!,
                    f.GetProperty("uploadMode").GetString() == "lfs",
                    f.TryGetProperty("shouldIgnore", out var ig) && ig.ValueKind == JsonValueKind.True,
                    f.TryGetProperty("oid", out var oid) && oid.ValueKind == JsonValueKind.String ? oid.GetString() : null));
            }
            head ??= doc.RootElement.TryGetProperty("commitOid", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
        }
        return (answers, head);
    }

    public async Task<IReadOnlyList<LfsAction>> LfsBatchAsync(RepoRef repo, string revision, IReadOnlyList<(string Oid, long Size)> objects, bool createPullRequest, CancellationToken ct = default)
    {
        var result = new List<LfsAction>();
        foreach (var chunk in objects.Chunk(100))
        {
            var body = new Dictionary<string, object>
            {
                ["operation"] = "upload",
                ["transfers"] = new[] { "basic", "multipart" },
                ["objects"] = chunk.Select(o => new { oid = o.Oid, size = o.Size }).ToArray(),
                ["hash_algo"] = "sha256",
            };
            if (!createPullRequest) body["ref"] = new { name = revision };
            var url = Api($"{repo.ContentPath}.git/info/lfs/objects/batch");
            using var doc = await JsonAsync(await SendAsync(() =>
            {
                var content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8);
                content.Headers.ContentType = LfsJson;
                var request = Request(HttpMethod.Post, url, content);
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(LfsJson.MediaType!));
                return request;
            }, $"LFS batch {repo}", repo.Id, true, ct).ConfigureAwait(false), ct).ConfigureAwait(false);
            foreach (var o in doc.RootElement.GetProperty("objects").EnumerateArray())
            {
                var oid = o.GetProperty("oid").GetString()!;
                var size = o.GetProperty("size").GetInt64();
                if (o.TryGetProperty("error", out var error))
                {
                    throw new HubException("HubUploadFailed", ErrorKind.InvalidData,
                        Redact($"LFS batch refused object {oid}: {error.GetProperty("code").GetInt32()} {(error.TryGetProperty("message", out var m) ? m.GetString() : "")}"), repo.Id, error.GetProperty("code").GetInt32());
                }
                if (!o.TryGetProperty("actions", out var actions) || !actions.TryGetProperty("upload", out var upload))
                {
                    result.Add(new LfsAction(oid, size, true, null, new Dictionary<string, string>(), null, []));
                    continue;
                }
                var header = upload.TryGetProperty("header", out var h) && h.ValueKind == JsonValueKind.Object
                    ? h.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.ToString(), StringComparer.Ordinal)
                    : new Dictionary<string, string>(StringComparer.Ordinal);
                long? chunkSize = header.TryGetValue("chunk_size", out var cs) && long.TryParse(cs, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var csv) && csv > 0 ? csv : null;
                var parts = chunkSize is null ? [] : header.Where(kv => kv.Key.All(char.IsAsciiDigit)).OrderBy(kv => int.Parse(kv.Key, System.Globalization.CultureInfo.InvariantCulture)).Select(kv => kv.Value).ToList();
                if (chunkSize is { } c && parts.Count != (int)((size + c - 1) / c))
                {
                    throw new HubException("HubUploadFailed", ErrorKind.InvalidData, $"The Hub offered {parts.Count} parts for an object of {size} bytes in parts of {c}: an invalid multipart answer", repo.Id);
                }
                result.Add(new LfsAction(oid, size, false, upload.GetProperty("href").GetString(), header, chunkSize, parts));
            }
        }
        return result;
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
            ?? throw new HubException("HubUploadFailed", ErrorKind.InvalidData, "The storage answered a part upload without an ETag", target);
    }

    public async Task CompleteMultipartAsync(LfsAction action, IReadOnlyList<string> etags, object? target, CancellationToken ct = default)
    {
        var url = new Uri(action.Href!);
        var body = JsonSerializer.Serialize(new { oid = action.Oid, parts = etags.Select((e, i) => new { partNumber = i + 1, etag = e }) });
        using var _ = await SendAsync(() =>
        {
            var content = new StringContent(body, Encoding.UTF8);
            content.Headers.ContentType = LfsJson;
            var request = Request(HttpMethod.Post, url, content, authorize: false);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(LfsJson.MediaType!));
            return request;
        }, $"complete multipart {action.Oid[..12]}", target, true, ct).ConfigureAwait(false);
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
        using var doc = await JsonAsync(await SendAsync(() =>
        {
            var content = new StringContent(payload, Encoding.UTF8);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");
            return Request(HttpMethod.Post, url, content);
        }, $"commit to {repo}@{revision}", repo.Id, retry: false, ct).ConfigureAwait(false), ct).ConfigureAwait(false);
        var root = doc.RootElement;
        return new CommitAnswer(root.GetProperty("commitOid").GetString()!, root.TryGetProperty("commitUrl", out var u) ? u.GetString() : null,
            root.TryGetProperty("pullRequestUrl", out var pr) && pr.ValueKind == JsonValueKind.String ? pr.GetString() : null);
    }

    // ---------------------------------------------------------------- reading

    public async IAsyncEnumerable<HubRepoFile> ListTreeAsync(RepoRef repo, string revision, string? path, bool recursive, [EnumeratorCancellation] CancellationToken ct = default)
    {
        var next = Api($"api/{repo.ApiPath}/tree/{Segment(revision)}" + (string.IsNullOrEmpty(path) ? "" : "/" + PathSegments(path.Trim('/'))) + $"?recursive={(recursive ? "true" : "false")}&expand=false");
        var visited = new HashSet<Uri>();
        while (next is not null)
        {
            // A server that pages in a circle would never end the listing.
            if (!visited.Add(next)) throw Malformed($"list {repo}@{revision}", $"the page {next} was offered twice", repo.Id);
            var url = next;
            var response = await SendAsync(() => Request(HttpMethod.Get, url), $"list {repo}@{revision}", repo.Id, true, ct).ConfigureAwait(false);
            next = NextLink(response);
            List<HubRepoFile> page;
            try
            {
                using var doc = await JsonAsync(response, ct).ConfigureAwait(false);
                page = doc.RootElement.EnumerateArray().Select(e => new HubRepoFile
                {
                    RepoId = repo.Id,
                    Revision = revision,
                    Path = e.GetProperty("path").GetString()!,
                    Type = e.GetProperty("type").GetString()!,
                    Size = e.TryGetProperty("size", out var s) && s.ValueKind == JsonValueKind.Number ? s.GetInt64() : 0,
                    BlobId = e.TryGetProperty("oid", out var o) ? o.GetString() : null,
                    LfsOid = e.TryGetProperty("lfs", out var l) && l.ValueKind == JsonValueKind.Object ? l.GetProperty("oid").GetString() : null,
                }).ToList();
            }
            catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
            {
                throw Malformed($"list {repo}@{revision}", ex.Message, repo.Id);
            }
            foreach (var file in page) yield return file;
        }
    }

    /// <summary>An answer from the server that is not what the Hub sends (bad JSON, a missing field, a circular page link).</summary>
    private HubException Malformed(string what, string why, object? target) =>
        new("HubResponseInvalid", ErrorKind.InvalidData, Redact($"{what}: the server's answer is not what the Hub sends: {why}"), target);

    private Uri? NextLink(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("Link", out var links)) return null;
        foreach (var link in string.Join(',', links).Split(','))
        {
            var m = System.Text.RegularExpressions.Regex.Match(link, "<([^>]+)>\\s*;\\s*rel=\"next\"");
            if (m.Success) return new Uri(Endpoint, m.Groups[1].Value);
        }
        return null;
    }

    public async Task<IReadOnlyList<HubRepoFile>> PathsInfoAsync(RepoRef repo, string revision, IReadOnlyList<string> paths, CancellationToken ct = default)
    {
        var result = new List<HubRepoFile>();
        foreach (var chunk in paths.Chunk(500))
        {
            var url = Api($"api/{repo.ApiPath}/paths-info/{Segment(revision)}");
            using var doc = await JsonAsync(await SendAsync(() => Request(HttpMethod.Post, url, JsonBody(new { paths = chunk, expand = false })), $"paths-info {repo}@{revision}", repo.Id, true, ct).ConfigureAwait(false), ct).ConfigureAwait(false);
            foreach (var e in doc.RootElement.EnumerateArray())
            {
                result.Add(new HubRepoFile
                {
                    RepoId = repo.Id,
                    Revision = revision,
                    Path = e.GetProperty("path").GetString()!,
                    Type = e.GetProperty("type").GetString()!,
                    Size = e.TryGetProperty("size", out var s) && s.ValueKind == JsonValueKind.Number ? s.GetInt64() : 0,
                    BlobId = e.TryGetProperty("oid", out var o) ? o.GetString() : null,
                    LfsOid = e.TryGetProperty("lfs", out var l) && l.ValueKind == JsonValueKind.Object ? l.GetProperty("oid").GetString() : null,
                });
            }
        }
        return result;
    }

    public async Task<IReadOnlyList<HubCommitInfo>> ListCommitsAsync(RepoRef repo, string revision, int max, CancellationToken ct = default)
    {
        var result = new List<HubCommitInfo>();
        Uri? next = Api($"api/{repo.ApiPath}/commits/{Segment(revision)}");
        while (next is not null && result.Count < max)
        {
            var url = next;
            var response = await SendAsync(() => Request(HttpMethod.Get, url), $"list commits {repo}@{revision}", repo.Id, true, ct).ConfigureAwait(false);
            next = NextLink(response);
            using var doc = await JsonAsync(response, ct).ConfigureAwait(false);
            foreach (var c in doc.RootElement.EnumerateArray())
            {
                result.Add(new HubCommitInfo(c.GetProperty("id").GetString()!, c.TryGetProperty("title", out var t) ? t.GetString() ?? "" : "",
                    c.TryGetProperty("date", out var d) && DateTimeOffset.TryParse(d.GetString(), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var date) ? date : null));
            }
        }
        return result;
    }

    public async Task<HubRefs> GetRefsAsync(RepoRef repo, CancellationToken ct = default)
    {
        using var doc = await JsonAsync(await SendAsync(() => Request(HttpMethod.Get, Api($"api/{repo.ApiPath}/refs")), $"list refs of {repo}", repo.Id, true, ct).ConfigureAwait(false), ct).ConfigureAwait(false);
        static List<HubRef> Read(JsonElement root, string name) => root.TryGetProperty(name, out var a) && a.ValueKind == JsonValueKind.Array
            ? a.EnumerateArray().Select(r => new HubRef(r.GetProperty("name").GetString()!, r.GetProperty("targetCommit").GetString()!, r.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null)).ToList()
            : [];
        return new HubRefs(Read(doc.RootElement, "branches"), Read(doc.RootElement, "tags"));
    }

    /// <summary>Creates a tag; throws HubConflict (409) when it exists.</summary>
    public async Task CreateTagAsync(RepoRef repo, string revision, string tag, string? message, CancellationToken ct = default)
    {
        var url = Api($"api/{repo.ApiPath}/tag/{Segment(revision)}");
        using var _ = await SendAsync(() => Request(HttpMethod.Post, url, JsonBody(message is null ? new { tag } : new { tag, message })), $"create tag {tag} on {repo}", repo.Id, retry: false, ct).ConfigureAwait(false);
    }

    public async Task DeleteTagAsync(RepoRef repo, string tag, CancellationToken ct = default)
    {
        var url = Api($"api/{repo.ApiPath}/tag/{Segment(tag)}");
        using var _ = await SendAsync(() => Request(HttpMethod.Delete, url), $"delete tag {tag} on {repo}", repo.Id, retry: true, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// GET the file's content from <paramref name="from"/> (a Range request when above 0), following the
    /// Hub's redirect to its storage without the token. The caller disposes the response.
    /// </summary>
    public async Task<(HttpResponseMessage Response, string CommitOid)> DownloadAsync(RepoRef repo, string revision, string path, long from, CancellationToken ct = default)
    {
        var url = Api($"{repo.ContentPath}/resolve/{Segment(revision)}/{PathSegments(path)}");
        string? firstCommit = null;
        for (var hop = 0; hop < 5; hop++)
        {
            var target = url;
            var response = await SendAsync(() =>
            {
                var request = Request(HttpMethod.Get, target);
                if (from > 0) request.Headers.Range = new RangeHeaderValue(from, null);
                return request;
            }, $"download {repo}@{revision}:{path}", path, true, ct, HttpStatusCode.Found, HttpStatusCode.Redirect, HttpStatusCode.TemporaryRedirect, HttpStatusCode.RequestedRangeNotSatisfiable).ConfigureAwait(false);
            firstCommit ??= response.Headers.TryGetValues("X-Repo-Commit", out var c) ? c.First() : null;
            var commit = firstCommit ?? "";
            if ((int)response.StatusCode is 301 or 302 or 307 or 308 && response.Headers.Location is { } location)
            {
                response.Dispose();
                url = location.IsAbsoluteUri ? location : new Uri(target, location);
                // Only http(s), and never from https down to http: a file://, ftp:// or downgraded redirect is refused.
                if (url.Scheme != Uri.UriSchemeHttps && !(url.Scheme == Uri.UriSchemeHttp && target.Scheme == Uri.UriSchemeHttp))
                {
                    throw new HubException("HubRedirectRefused", ErrorKind.Security,
                        $"download {RepoPath.Printable(path)}: the Hub redirected to a {url.Scheme}: URL, which is not followed", path);
                }
                continue;
            }
            return (response, commit);
        }
        throw new HubException("HubRequestFailed", ErrorKind.ConnectionFailed, $"download {path}: too many redirects", path);
    }

    /// <summary>The Hub's check of a README's metadata: the error messages (none when it is accepted).</summary>
    /// <remarks>A failure names <paramref name="target"/> (the card's file, when there is one), else README.md.</remarks>
    public async Task<IReadOnlyList<string>> ValidateYamlAsync(string readme, string repoType, CancellationToken ct = default, object? target = null)
    {
        var body = new { content = readme, repoType };
        using var response = await SendAsync(() => Request(HttpMethod.Post, Api("api/validate-yaml"), JsonBody(body)), "validate-yaml", target ?? "README.md", true, ct, HttpStatusCode.BadRequest).ConfigureAwait(false);
        using var doc = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false), cancellationToken: ct).ConfigureAwait(false);
        return doc.RootElement.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array
            ? errors.EnumerateArray().Select(e => e.TryGetProperty("message", out var m) ? m.GetString() ?? "" : e.ToString()).ToList()
            : [];
    }

    /// <summary>A small file of a repository (a model card) as its bytes; a file over <paramref name="maxBytes"/> is refused before it is read.</summary>
    public async Task<byte[]> ReadSmallFileAsync(RepoRef repo, string revision, string path, long maxBytes, CancellationToken ct = default)
    {
        var (response, _) = await DownloadAsync(repo, revision, path, 0, ct).ConfigureAwait(false);
        using (response)
        {
            if (!response.IsSuccessStatusCode) throw await HubErrors.FromResponseAsync(response, $"read {repo}@{revision}:{path}", path, Token, ct).ConfigureAwait(false);
            if (response.Content.Headers.ContentLength > maxBytes)
            {
                throw new HubException("HubFileTooLarge", ErrorKind.InvalidData, $"{repo}@{revision}:{path} is {response.Content.Headers.ContentLength} bytes; at most {maxBytes} are read", path);
            }
            await using var stream = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int n;
            while ((n = await stream.ReadAsync(chunk, ct).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + n > maxBytes) throw new HubException("HubFileTooLarge", ErrorKind.InvalidData, $"{repo}@{revision}:{path} is over {maxBytes} bytes", path);
                buffer.Write(chunk, 0, n);
            }
            return buffer.ToArray();
        }
    }

    public void Dispose()
    {
        if (_ownsHttp) _http.Dispose();
    }
}
