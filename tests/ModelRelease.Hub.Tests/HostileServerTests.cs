using System.Net;
using System.Text;
using ModelRelease.Core.Hub;
using ModelRelease.Core.Hub.Download;

namespace ModelRelease.Hub.Tests;

/// <summary>
/// A server that does not behave like the Hub (a hostile mirror, a broken proxy): every answer it gives becomes a
/// typed error, nothing is written outside the destination, and no redirect leaves http(s).
/// </summary>
public class HostileServerTests
{
    private const string Commit = "0123456789abcdef0123456789abcdef01234567";

    /// <summary>Answers repo info, the tree listing and file downloads from the given functions.</summary>
    private sealed class FakeHub(Func<HttpRequestMessage, HttpResponseMessage?> answer) : HttpMessageHandler
    {
        public List<Uri> Requests { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add(request.RequestUri!);
            var path = request.RequestUri!.AbsolutePath;
            var response = answer(request);
            if (response is not null) return Task.FromResult(response);
            if (path.Contains("/revision/", StringComparison.Ordinal)) return Task.FromResult(Json($$"""{"sha":"{{Commit}}","siblings":[]}"""));
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.NotFound));
        }
    }

    private static HttpResponseMessage Json(string json, HttpStatusCode status = HttpStatusCode.OK) =>
        new(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    private static HubClient Client(FakeHub fake) =>
        new(new Uri("https://hub.example/"), new HubToken("hf_hostile_test_token_0123", "test"), new HubClientOptions { MaxRetries = 0 }, fake);

    private static async Task<HubException> DownloadFails(FakeHub fake, string destination)
    {
        using var client = Client(fake);
        return await Assert.ThrowsAsync<HubException>(() => new Downloader(client).DownloadAsync(RepoRef.Parse("org/m"), "main", null, destination));
    }

    private static string Destination() => Directory.CreateTempSubdirectory("mr-hostile-").FullName;

    [Theory]
    [InlineData("a\\u0000b.bin")]
    [InlineData("../escape.bin")]
    [InlineData("/etc/passwd")]
    [InlineData("dir/.git/config")]
    [InlineData(".cache/huggingface/download/x.incomplete")]
    [InlineData("bell\\u0007.bin")]
    public async Task A_listed_path_that_cannot_be_written_is_a_typed_error(string jsonPath)
    {
        var destination = Destination();
        var fake = new FakeHub(r => r.RequestUri!.AbsolutePath.Contains("/tree/", StringComparison.Ordinal)
            ? Json($$"""[{"type":"file","path":"{{jsonPath}}","size":3,"oid":"{{Commit}}"}]""")
            : null);
        var error = await DownloadFails(fake, destination);
        Assert.Equal(("DownloadPathInvalid", ErrorKind.Security), (error.ErrorId, error.Kind));
        Assert.DoesNotContain('\0', error.Message);
        Assert.Empty(Directory.GetFileSystemEntries(destination));
        Assert.False(File.Exists(Path.Combine(Path.GetDirectoryName(destination)!, "escape.bin")));
    }

    [Theory]
    [InlineData("file:///etc/passwd")]
    [InlineData("ftp://mirror.example/model.bin")]
    [InlineData("http://downgrade.example/model.bin")]
    public async Task A_redirect_that_leaves_https_is_refused(string location)
    {
        var destination = Destination();
        var fake = new FakeHub(r =>
        {
            var path = r.RequestUri!.AbsolutePath;
            if (path.Contains("/tree/", StringComparison.Ordinal)) return Json($$"""[{"type":"file","path":"model.bin","size":3,"oid":"{{Commit}}"}]""");
            if (path.Contains("/resolve/", StringComparison.Ordinal))
            {
                var redirect = new HttpResponseMessage(HttpStatusCode.Found);
                redirect.Headers.Location = new Uri(location);
                return redirect;
            }
            return null;
        });
        var error = await DownloadFails(fake, destination);
        Assert.Equal(("HubRedirectRefused", ErrorKind.Security), (error.ErrorId, error.Kind));
        Assert.DoesNotContain(fake.Requests, u => u.Scheme != Uri.UriSchemeHttps);
        Assert.False(File.Exists(Path.Combine(destination, "model.bin")));
    }

    public static TheoryData<string> MalformedListings => new()
    {
        "not json",
        "{\"an\":\"object\"}",
        "[{\"type\":\"file\"}]",
        "[{\"path\":3,\"type\":\"file\"}]",
        "[[1,2]]",
    };

    [Theory]
    [MemberData(nameof(MalformedListings))]
    public async Task A_malformed_listing_is_a_typed_error(string body)
    {
        var fake = new FakeHub(r => r.RequestUri!.AbsolutePath.Contains("/tree/", StringComparison.Ordinal) ? Json(body) : null);
        var error = await DownloadFails(fake, Destination());
        Assert.Equal(("HubResponseInvalid", ErrorKind.InvalidData), (error.ErrorId, error.Kind));
    }

    public static TheoryData<string, string> MalformedAnswers => new()
    {
        { "whoami", "[]" },
        { "whoami", "{\"name\":7}" },
        { "refs", "[1]" },
        { "refs", "{\"tags\":[{\"name\":\"v1\"}]}" },
        { "commits", "{\"id\":1}" },
        { "paths-info", "[{\"path\":\"a\"}]" },
        { "preupload", "{\"files\":[{\"path\":\"a\"}]}" },
        { "batch", "{\"objects\":[{\"oid\":\"short\",\"size\":1}]}" },
        { "batch", "{\"objects\":[{\"oid\":\"" + new string('a', 64) + "\"}]}" },
        { "batch", "not json" },
        { "commit", "{\"commitUrl\":\"x\"}" },
        { "validate-yaml", "<html>proxy error</html>" },
        { "validate-yaml", "{}" },
    };

    /// <summary>Every endpoint's answer goes through one parse of its shape: anything else is HubResponseInvalid, never a crash.</summary>
    [Theory]
    [MemberData(nameof(MalformedAnswers))]
    public async Task A_malformed_answer_from_any_endpoint_is_a_typed_error(string endpoint, string body)
    {
        var fake = new FakeHub(_ => Json(body, endpoint == "validate-yaml" && body == "{}" ? HttpStatusCode.BadRequest : HttpStatusCode.OK));
        using var client = Client(fake);
        var repo = RepoRef.Parse("org/m");
        Func<Task> call = endpoint switch
        {
            "whoami" => () => client.WhoAmIAsync(),
            "refs" => () => client.GetRefsAsync(repo),
            "commits" => () => client.ListCommitsAsync(repo, "main", 10),
            "paths-info" => () => client.PathsInfoAsync(repo, "main", ["a"]),
            "preupload" => () => client.PreuploadAsync(repo, "main", [("a", 1, [1])], false),
            "batch" => () => client.LfsBatchAsync(repo, "main", [(new string('a', 64), 1)], false),
            "commit" => () => client.CommitAsync(repo, "main", "t", null, null, [], false),
            _ => () => client.ValidateYamlAsync("---\nlicense: mit\n---\n", "model"),
        };
        var error = await Assert.ThrowsAsync<HubException>(call);
        Assert.Equal((HubErrorIds.ResponseInvalid, ErrorKind.InvalidData), (error.ErrorId, error.Kind));
    }

    /// <summary>A body that gives a few bytes of JSON, then fails as a dropped connection does.</summary>
    private sealed class CutStream() : MemoryStream(Encoding.UTF8.GetBytes("{\"name\":\"al"))
    {
        public override int Read(byte[] buffer, int offset, int count) => Position < Length ? base.Read(buffer, offset, count) : throw new IOException("connection reset by peer");

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Position < Length ? base.ReadAsync(buffer, cancellationToken) : throw new IOException("connection reset by peer");
    }

    [Fact]
    public async Task A_connection_dropped_while_an_answer_is_read_is_HubUnreachable()
    {
        var fake = new FakeHub(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new CutStream()) });
        using var client = Client(fake);
        var error = await Assert.ThrowsAsync<HubException>(() => client.WhoAmIAsync());
        Assert.Equal((HubErrorIds.Unreachable, ErrorKind.ConnectionFailed), (error.ErrorId, error.Kind));
    }

    [Fact]
    public async Task A_listing_that_pages_in_a_circle_ends()
    {
        var fake = new FakeHub(r =>
        {
            if (!r.RequestUri!.AbsolutePath.Contains("/tree/", StringComparison.Ordinal)) return null;
            var page = Json("[]");
            page.Headers.TryAddWithoutValidation("Link", $"<{r.RequestUri}>; rel=\"next\"");
            return page;
        });
        var error = await DownloadFails(fake, Destination());
        Assert.Equal("HubResponseInvalid", error.ErrorId);
        Assert.True(fake.Requests.Count < 10);
    }

    [Fact]
    public async Task Malformed_repository_info_is_a_typed_error()
    {
        var fake = new FakeHub(r => r.RequestUri!.AbsolutePath.Contains("/revision/", StringComparison.Ordinal) ? Json("{\"siblings\":[]}") : null);
        var error = await DownloadFails(fake, Destination());
        Assert.Equal("HubResponseInvalid", error.ErrorId);
    }

    [Theory]
    [InlineData("application/json", "{\"error\":\"\\u001b[2J\\u001b]0;pwned\\u0007gone\"}")]
    [InlineData("text/plain", "\u001b[2J\u001b]0;pwned\u0007gone")]
    public async Task Escape_sequences_in_a_server_message_never_reach_the_terminal(string type, string body)
    {
        var fake = new FakeHub(_ => new HttpResponseMessage(HttpStatusCode.BadRequest) { Content = new StringContent(body, Encoding.UTF8, type) });
        var lines = new List<string>();
        using var client = new HubClient(new Uri("https://hub.example/"), null, new HubClientOptions { MaxRetries = 0, Log = lines.Add }, fake);
        var error = await Assert.ThrowsAsync<HubException>(() => client.GetRefsAsync(RepoRef.Parse("org/m")));
        Assert.DoesNotContain('\u001b', error.Message);
        Assert.DoesNotContain('\u0007', error.Message);
        Assert.Contains(@"\u001b[2J", error.Message);
        Assert.All(lines, l => Assert.DoesNotContain('\u001b', l));
    }
}
