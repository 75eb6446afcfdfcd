using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace ModelRelease.Core.Hub;

/// <summary>How every endpoint talks: requests built afresh per attempt, retries, the Hub's errors, JSON answers.</summary>
public sealed partial class HubClient
{
    private static readonly MediaTypeHeaderValue LfsJson = new("application/vnd.git-lfs+json");

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

    /// <summary>A request with an LFS JSON body and Accept header (the batch endpoint and the multipart completion).</summary>
    private HttpRequestMessage LfsRequest(HttpMethod method, Uri url, string body, bool authorize)
    {
        var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = LfsJson;
        var request = Request(method, url, content, authorize);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(LfsJson.MediaType!));
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
        catch (Exception ex) when (ContentFailure(ex) is { } failure)
        {
            // The request body stopped itself (a commit whose input changed as it was read): that is the error, not the network.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
            throw;
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new HubException(HubErrorIds.Unreachable, ErrorKind.ConnectionFailed, Redact($"{what}: the Hub at {Endpoint} could not be reached: {ex.Message}"), target, innerException: null)
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

    /// <summary>A <see cref="HubException"/> the request's own content threw while it was sent, however HttpClient wrapped it.</summary>
    private static HubException? ContentFailure(Exception? ex)
    {
        for (; ex is not null; ex = ex.InnerException)
        {
            if (ex is HubException hub) return hub;
        }
        return null;
    }

    private async Task<HttpResponseMessage> SendOnceAsync(Func<HttpRequestMessage> build, CancellationToken cancellationToken)
    {
        using var request = build();
        return await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends, then reads the answer with <paramref name="map"/> (see <see cref="ReadJsonAsync{T}"/>).</summary>
    private async Task<T> SendForJsonAsync<T>(Func<HttpRequestMessage> build, string what, object? target, bool retry, Func<JsonElement, T> map, CancellationToken ct, params HttpStatusCode[] accepted) =>
        await ReadJsonAsync(await SendAsync(build, what, target, retry, ct, accepted).ConfigureAwait(false), what, target, map, ct).ConfigureAwait(false);

    /// <summary>
    /// Reads a JSON answer (and disposes it) with the one parse of its shape; an answer that is not JSON, or lacks
    /// a field the Hub always sends, is <see cref="HubErrorIds.ResponseInvalid"/>.
    /// </summary>
    private async Task<T> ReadJsonAsync<T>(HttpResponseMessage response, string what, object? target, Func<JsonElement, T> map, CancellationToken ct)
    {
        using (response)
        {
            try
            {
                await using var stream = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
                using var doc = await JsonDocument.ParseAsync(stream, cancellationToken: ct).ConfigureAwait(false);
                return map(doc.RootElement);
            }
            catch (Exception ex) when (ex is JsonException or HubJson.ShapeException or FormatException or KeyNotFoundException or InvalidOperationException && ex is not ObjectDisposedException)
            {
                throw Malformed(what, ex.Message, target);
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException)
            {
                throw new HubException(HubErrorIds.Unreachable, ErrorKind.ConnectionFailed, Redact($"{what}: the connection to the Hub dropped while its answer was read: {ex.Message}"), target)
                {
                    RecommendedAction = "Run again; nothing half-read was used.",
                };
            }
        }
    }

    /// <summary>An answer from the server that is not what the Hub sends (bad JSON, a missing field, a circular page link).</summary>
    private HubException Malformed(string what, string why, object? target) =>
        new(HubErrorIds.ResponseInvalid, ErrorKind.InvalidData, Redact($"{what}: the server's answer is not what the Hub sends: {why}"), target);

    private static StringContent JsonBody<T>(T body, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) => new(JsonSerializer.Serialize(body, type), Encoding.UTF8, "application/json");

    private static string Segment(string value) => Uri.EscapeDataString(value);

    private static string PathSegments(string path) => string.Join('/', path.Split('/').Select(Uri.EscapeDataString));

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
}
