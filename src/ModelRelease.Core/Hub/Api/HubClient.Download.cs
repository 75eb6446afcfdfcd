using System.Net;
using System.Net.Http.Headers;

namespace ModelRelease.Core.Hub;

/// <summary>resolve: a file's content (ranges, redirects to storage without the token), and small files read whole.</summary>
public sealed partial class HubClient
{
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
                    throw new HubException(HubErrorIds.RedirectRefused, ErrorKind.Security,
                        $"download {RepoPath.Printable(path)}: the Hub redirected to a {url.Scheme}: URL, which is not followed", path);
                }
                continue;
            }
            return (response, commit);
        }
        throw new HubException(HubErrorIds.RequestFailed, ErrorKind.ConnectionFailed, $"download {path}: too many redirects", path);
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
                throw new HubException(HubErrorIds.FileTooLarge, ErrorKind.InvalidData, $"{repo}@{revision}:{path} is {response.Content.Headers.ContentLength} bytes; at most {maxBytes} are read", path);
            }
            await using var stream = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int n;
            while ((n = await stream.ReadAsync(chunk, ct).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + n > maxBytes) throw new HubException(HubErrorIds.FileTooLarge, ErrorKind.InvalidData, $"{repo}@{revision}:{path} is over {maxBytes} bytes", path);
                buffer.Write(chunk, 0, n);
            }
            return buffer.ToArray();
        }
    }
}
