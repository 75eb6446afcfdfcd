using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ModelRelease.HubEmulator;

namespace ModelRelease.Hub.Tests;

/// <summary>
/// The emulator runs on users' machines (offline rehearsal): no request may read, write or delete outside its data
/// folder or across namespaces, and its own endpoints need its admin token. Each test is a class of hostile request.
/// </summary>
public class EmulatorSecurityTests
{
    private const string Bob = "hf_bob_token_0123456789";
    private const string Admin = "hf_admin_token_0123456789";

    /// <summary>The Hub's rules: alice (Hub.Token) and bob, each in their own namespace, alice also in org "team".</summary>
    private static Task<Hub> StrictAsync(string? admin = null) => Hub.StartAsync(o => o with
    {
        Tokens = new Dictionary<string, string> { [Hub.Token] = "alice", [Bob] = "bob" },
        Organizations = ["team"],
        AnyNamespace = false,
        AdminToken = admin,
    });

    private static HttpClient Http(Hub hub, string? token = Hub.Token)
    {
        var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = hub.Emulator.BaseAddress };
        if (token is not null) http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    private static StringContent Json(object o) => new(JsonSerializer.Serialize(o), Encoding.UTF8, "application/json");

    private static StringContent Ndjson(params object[] lines) =>
        new(string.Join("\n", lines.Select(l => JsonSerializer.Serialize(l))), Encoding.UTF8, "application/x-ndjson");

    private static object Header(string summary = "c") => new { key = "header", value = new { summary } };

    private static object File(string path, string content = "x") =>
        new { key = "file", value = new { path, content = Convert.ToBase64String(Encoding.UTF8.GetBytes(content)), encoding = "base64" } };

    private static async Task CreateAsync(HttpClient http, string id, bool isPrivate = false)
    {
        var response = await http.PostAsync("api/repos/create", Json(new { name = id, @private = isPrivate }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("/etc/passwd")]
    [InlineData("../../secret.key")]
    [InlineData("../secret.key")]
    [InlineData("secret.key")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task An_lfs_oid_that_is_not_64_hex_is_refused_and_nothing_outside_the_store_is_served(string oid)
    {
        await using var hub = await StrictAsync();
        using var http = Http(hub);
        await CreateAsync(http, "alice/m");
        var lfs = new { key = "lfsFile", value = new { path = "leak.bin", algo = "sha256", oid, size = 10 } };
        var response = await http.PostAsync("api/models/alice/m/commit/main", Ndjson(Header(), lfs));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var leak = await http.GetAsync("alice/m/resolve/main/leak.bin");
        Assert.Equal(HttpStatusCode.NotFound, leak.StatusCode);
    }

    [Theory]
    [InlineData("alice/../../../../victim")]
    [InlineData("../victim")]
    [InlineData("alice/..")]
    [InlineData("alice/m/../../x")]
    public async Task A_repository_id_with_path_tricks_deletes_and_creates_nothing(string name)
    {
        await using var hub = await StrictAsync();
        // A folder beside the data folder that looks like a repository.
        var victim = Path.Combine(Path.GetDirectoryName(hub.Data)!, "victim-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(victim);
        System.IO.File.WriteAllText(Path.Combine(victim, "repo.json"), "{}");
        try
        {
            using var http = Http(hub);
            var delete = await http.SendAsync(new HttpRequestMessage(HttpMethod.Delete, "api/repos/delete") { Content = Json(new { name }) });
            Assert.Equal(HttpStatusCode.BadRequest, delete.StatusCode);
            var create = await http.PostAsync("api/repos/create", Json(new { name }));
            Assert.Equal(HttpStatusCode.BadRequest, create.StatusCode);
            Assert.True(System.IO.File.Exists(Path.Combine(victim, "repo.json")));
            Assert.False(Directory.Exists(Path.Combine(hub.Data, "repos", "model", "victim")));
        }
        finally
        {
            Directory.Delete(victim, recursive: true);
        }
    }

    [Fact]
    public async Task A_user_writes_to_its_own_namespace_and_its_organisations_only()
    {
        await using var hub = await StrictAsync();
        using var alice = Http(hub);
        using var bob = Http(hub, Bob);
        await CreateAsync(alice, "alice/mine");
        await CreateAsync(alice, "team/shared");
        Assert.Equal(HttpStatusCode.Forbidden, (await alice.PostAsync("api/repos/create", Json(new { name = "bob/not-mine" }))).StatusCode);
        await CreateAsync(bob, "bob/his");
        Assert.Equal(HttpStatusCode.Forbidden, (await bob.PostAsync("api/models/alice/mine/commit/main", Ndjson(Header(), File("a.txt")))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await bob.PostAsync("api/models/alice/mine/tag/main", Json(new { tag = "v1" }))).StatusCode);
        var deleted = await bob.SendAsync(new HttpRequestMessage(HttpMethod.Delete, "api/repos/delete") { Content = Json(new { name = "alice/mine" }) });
        Assert.Equal(HttpStatusCode.Forbidden, deleted.StatusCode);
        // --org names an organisation every user of the emulator belongs to.
        Assert.Equal(HttpStatusCode.OK, (await alice.PostAsync("api/models/team/shared/commit/main", Ndjson(Header(), File("a.txt")))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await bob.PostAsync("api/models/team/shared/commit/main", Ndjson(Header(), File("b.txt")))).StatusCode);
    }

    [Fact]
    public async Task A_private_repository_is_visible_to_its_owners_only()
    {
        await using var hub = await StrictAsync();
        using var alice = Http(hub);
        await CreateAsync(alice, "alice/secret", isPrivate: true);
        await alice.PostAsync("api/models/alice/secret/commit/main", Ndjson(Header(), File("weights.txt", "private")));
        Assert.Equal(HttpStatusCode.OK, (await alice.GetAsync("api/models/alice/secret")).StatusCode);
        foreach (var other in new[] { Http(hub, Bob), Http(hub, null) })
        {
            using (other)
            {
                Assert.NotEqual(HttpStatusCode.OK, (await other.GetAsync("api/models/alice/secret")).StatusCode);
                Assert.NotEqual(HttpStatusCode.OK, (await other.GetAsync("alice/secret/resolve/main/weights.txt")).StatusCode);
                Assert.NotEqual(HttpStatusCode.OK, (await other.GetAsync("api/models/alice/secret/tree/main")).StatusCode);
                Assert.NotEqual(HttpStatusCode.OK, (await other.GetAsync("api/models/alice/secret/refs")).StatusCode);
            }
        }
    }

    [Fact]
    public async Task Relaxed_namespaces_are_an_explicit_option()
    {
        await using var hub = await Hub.StartAsync(o => o with { Tokens = new Dictionary<string, string> { [Hub.Token] = "alice" }, AnyNamespace = true });
        using var alice = Http(hub);
        await CreateAsync(alice, "anyone/anything");
        Assert.False(new HubEmulatorOptions { DataDirectory = "." }.AnyNamespace, "the Hub's rules are the default");
    }

    [Fact]
    public async Task The_admin_endpoints_need_the_admin_token()
    {
        await using (var closed = await StrictAsync(admin: null))
        {
            using var alice = Http(closed);
            Assert.Equal(HttpStatusCode.Forbidden, (await alice.GetAsync("_emulator/stats")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await alice.PostAsync("_emulator/faults", Json(new { rules = Array.Empty<object>() }))).StatusCode);
        }
        await using var hub = await StrictAsync(Admin);
        foreach (var token in new[] { null, Hub.Token, Admin + "x" })
        {
            using var http = Http(hub, token);
            Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("_emulator/stats")).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await http.PostAsync("_emulator/faults", Json(new { rules = new[] { new { endpoint = "*", errorRate = 1.0 } } }))).StatusCode);
        }
        using var admin = Http(hub, Admin);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("_emulator/stats")).StatusCode);
        Assert.Empty(hub.Emulator.Faults.Rules);
    }

    public static TheoryData<string> PathsGitCannotHold => new()
    {
        "a\0b.txt",
        "ctrl\u0001.txt",
        "bell\u0007/x.txt",
        "del\u007f.txt",
        new string('n', 5000) + ".txt",
        "dir/" + new string('n', 300),
        "a/./b",
        ".git/config",
        "x/../../y",
    };

    [Theory]
    [MemberData(nameof(PathsGitCannotHold))]
    public async Task Paths_git_cannot_hold_are_refused(string path)
    {
        await using var hub = await StrictAsync();
        using var http = Http(hub);
        await CreateAsync(http, "alice/p");
        var response = await http.PostAsync("api/models/alice/p/commit/main", Ndjson(Header(), File(path)));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain('\0', response.Headers.GetValues("X-Error-Message").Single());
    }

    [Fact]
    public async Task A_path_cannot_be_a_file_and_a_folder()
    {
        await using var hub = await StrictAsync();
        using var http = Http(hub);
        await CreateAsync(http, "alice/f");
        Assert.Equal(HttpStatusCode.BadRequest, (await http.PostAsync("api/models/alice/f/commit/main", Ndjson(Header(), File("dir"), File("dir/file")))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.PostAsync("api/models/alice/f/commit/main", Ndjson(Header(), File("dir")))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await http.PostAsync("api/models/alice/f/commit/main", Ndjson(Header(), File("dir/file")))).StatusCode);
    }

    [Theory]
    [InlineData("main")]
    [InlineData("HEAD")]
    [InlineData("@")]
    [InlineData("refs/heads/main")]
    [InlineData("abcdef0")]
    [InlineData("0123456789abcdef0123456789abcdef01234567")]
    [InlineData("v1..2")]
    [InlineData("v1~1")]
    [InlineData("v1.lock")]
    [InlineData("nul\0tag")]
    public async Task A_tag_cannot_take_a_name_that_hijacks_a_revision(string tag)
    {
        await using var hub = await StrictAsync();
        using var http = Http(hub);
        await CreateAsync(http, "alice/t");
        var response = await http.PostAsync("api/models/alice/t/tag/main", Json(new { tag }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var refs = JsonDocument.Parse(await http.GetStringAsync("api/models/alice/t/refs")).RootElement;
        Assert.Equal(0, refs.GetProperty("tags").GetArrayLength());
        Assert.Equal(HttpStatusCode.OK, (await http.PostAsync("api/models/alice/t/tag/main", Json(new { tag = "v1.0.0" }))).StatusCode);
    }

    [Fact]
    public async Task Two_uploads_to_one_url_store_the_object()
    {
        await using var hub = await StrictAsync();
        using var http = Http(hub);
        await CreateAsync(http, "alice/u");
        var bytes = new byte[256 << 10];
        new Random(7).NextBytes(bytes);
        var oid = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(bytes)).ToLowerInvariant();
        var batch = await http.PostAsync("alice/u.git/info/lfs/objects/batch", Json(new { operation = "upload", transfers = new[] { "basic" }, objects = new[] { new { oid, size = bytes.Length } }, hash_algo = "sha256" }));
        var href = JsonDocument.Parse(await batch.Content.ReadAsStringAsync()).RootElement.GetProperty("objects")[0].GetProperty("actions").GetProperty("upload").GetProperty("href").GetString()!;
        using var transfer = new HttpClient();
        var puts = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => transfer.PutAsync(href, new ByteArrayContent(bytes))));
        var statuses = string.Join(", ", await Task.WhenAll(puts.Select(async r => $"{(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}")));
        Assert.All(puts, r => Assert.True(r.StatusCode == HttpStatusCode.OK, statuses));
        var lfs = new { key = "lfsFile", value = new { path = "w.bin", algo = "sha256", oid, size = bytes.Length } };
        Assert.Equal(HttpStatusCode.OK, (await http.PostAsync("api/models/alice/u/commit/main", Ndjson(Header(), lfs))).StatusCode);
        Assert.Equal(bytes, await transfer.GetByteArrayAsync(new Uri(hub.Emulator.BaseAddress, "alice/u/resolve/main/w.bin")));
        Assert.Empty(Directory.GetFiles(Path.Combine(hub.Data, "uploads")));
    }

    public static TheoryData<string[]> BadCommandLines => new()
    {
        new[] { "--data", ".", "--urls", "http://0.0.0.0:1" },
        new[] { "--data", ".", "--urls", "not a url" },
        new[] { "--data", ".", "--urls", "https://127.0.0.1:0" },
        new[] { "--data", ".", "--token", "foo" },
        new[] { "--data", ".", "--token", "hf_0123456789=../x" },
        new[] { "--data", ".", "--org", "a/b" },
        new[] { "--data", ".", "--chunk-size", "-1" },
        new[] { "--data", ".", "--admin-token", "admin" },
        new[] { "--data", ".", "--faults", "/nonexistent/faults.json" },
    };

    [Theory]
    [MemberData(nameof(BadCommandLines))]
    public async Task Bad_options_are_an_argument_error_naming_the_option(string[] args)
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(async () =>
        {
            var options = HubEmulatorCommandLine.Parse(args) with { DataDirectory = Directory.CreateTempSubdirectory("mr-hub-bad-").FullName };
            await using var hub = await HubEmulator.HubEmulator.StartAsync(options);
        });
        Assert.StartsWith("--", error.Message);
    }
}
