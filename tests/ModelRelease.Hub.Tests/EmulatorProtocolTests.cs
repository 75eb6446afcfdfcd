using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace ModelRelease.Hub.Tests;

/// <summary>What the emulator answers on the wire, where clients depend on the exact shape (hf-hub-protocol.md §13).</summary>
public class EmulatorProtocolTests
{
    private static HttpClient Http(Hub hub, string? token = Hub.Token)
    {
        var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = hub.Emulator.BaseAddress };
        if (token is not null) http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    private static StringContent Ndjson(params object[] lines) =>
        new(string.Join("\n", lines.Select(l => JsonSerializer.Serialize(l))), Encoding.UTF8, "application/x-ndjson");

    private static async Task<string> CreateAsync(HttpClient http, string name)
    {
        var r = await http.PostAsync("api/repos/create", JsonContent(new { name, organization = "org" }));
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var info = JsonDocument.Parse(await http.GetStringAsync($"api/models/org/{name}"));
        return info.RootElement.GetProperty("sha").GetString()!;
    }

    private static StringContent JsonContent(object o) => new(JsonSerializer.Serialize(o), Encoding.UTF8, "application/json");

    [Fact]
    public async Task Create_is_409_with_the_url_and_the_first_commit_holds_gitattributes()
    {
        await using var hub = await Hub.StartAsync();
        using var http = Http(hub);
        await CreateAsync(http, "m");
        var again = await http.PostAsync("api/repos/create", JsonContent(new { name = "m", organization = "org" }));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.EndsWith("/org/m", JsonDocument.Parse(await again.Content.ReadAsStringAsync()).RootElement.GetProperty("url").GetString());
        var commits = JsonDocument.Parse(await http.GetStringAsync("api/models/org/m/commits/main")).RootElement;
        Assert.Equal("initial commit", commits[0].GetProperty("title").GetString());
        Assert.Equal("system", commits[0].GetProperty("authors")[0].GetProperty("user").GetString());
    }

    [Fact]
    public async Task Commits_are_guarded_by_the_parent_and_refuse_unknown_lfs_objects_and_big_regular_files()
    {
        await using var hub = await Hub.StartAsync();
        using var http = Http(hub);
        var head = await CreateAsync(http, "c");
        var header = new { key = "header", value = new { summary = "add", description = "", parentCommit = "0000000" } };
        var file = new { key = "file", value = new { path = "a.txt", content = Convert.ToBase64String("a"u8.ToArray()), encoding = "base64" } };
        var stale = await http.PostAsync("api/models/org/c/commit/main", Ndjson(header, file));
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);

        var lfs = new { key = "lfsFile", value = new { path = "w.bin", algo = "sha256", oid = new string('a', 64), size = 10 } };
        var unknown = await http.PostAsync("api/models/org/c/commit/main", Ndjson(new { key = "header", value = new { summary = "add" } }, lfs));
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("LFS pointer pointed to a file that does not exist", await unknown.Content.ReadAsStringAsync());

        var big = new { key = "file", value = new { path = "big.txt", content = Convert.ToBase64String(new byte[(10 << 20) + 1]), encoding = "base64" } };
        var tooBig = await http.PostAsync("api/models/org/c/commit/main", Ndjson(new { key = "header", value = new { summary = "big" } }, big));
        Assert.Equal(HttpStatusCode.BadRequest, tooBig.StatusCode);

        var ok = await http.PostAsync("api/models/org/c/commit/main", Ndjson(new { key = "header", value = new { summary = "add", parentCommit = head[..7] } }, file));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        var body = JsonDocument.Parse(await ok.Content.ReadAsStringAsync()).RootElement;
        Assert.True(body.GetProperty("success").GetBoolean());
        Assert.EndsWith("/commit/" + body.GetProperty("commitOid").GetString(), body.GetProperty("commitUrl").GetString());
    }

    [Fact]
    public async Task Resolve_sends_the_Hub_headers_ranges_and_entry_not_found()
    {
        await using var hub = await Hub.StartAsync();
        using var http = Http(hub);
        await CreateAsync(http, "r");
        var content = Encoding.UTF8.GetBytes("0123456789");
        await http.PostAsync("api/models/org/r/commit/main", Ndjson(new { key = "header", value = new { summary = "add" } }, new { key = "file", value = new { path = "d/a.txt", content = Convert.ToBase64String(content), encoding = "base64" } }));

        var head = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, "org/r/resolve/main/d/a.txt"));
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Matches("^[0-9a-f]{40}$", head.Headers.GetValues("X-Repo-Commit").Single());
        Assert.Equal("\"" + Core.Hashing.GitBlob.Id(content) + "\"", head.Headers.ETag!.Tag);
        Assert.Equal(10, head.Content.Headers.ContentLength);

        var range = new HttpRequestMessage(HttpMethod.Get, "org/r/resolve/main/d/a.txt");
        range.Headers.Range = new RangeHeaderValue(3, 5);
        var partial = await http.SendAsync(range);
        Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
        Assert.Equal("345", await partial.Content.ReadAsStringAsync());
        Assert.Equal("bytes 3-5/10", partial.Content.Headers.ContentRange!.ToString());

        var missing = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, "org/r/resolve/main/nope.txt"));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("EntryNotFound", missing.Headers.GetValues("X-Error-Code").Single());
        Assert.Single(missing.Headers.GetValues("X-Repo-Commit"));

        var anonymous = Http(hub, null);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("api/models/org/absent")).StatusCode);
        var badToken = Http(hub, "hf_notAKnownToken000000");
        var refused = await badToken.GetAsync("api/whoami-v2");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("Invalid credentials in Authorization header", refused.Headers.GetValues("X-Error-Message").Single());
    }

    [Fact]
    public async Task Tree_listings_paginate_with_a_Link_header()
    {
        var data = Directory.CreateTempSubdirectory("mr-page-").FullName;
        await using var emulator = await HubEmulator.HubEmulator.StartAsync(new HubEmulator.HubEmulatorOptions { DataDirectory = data, Tokens = new Dictionary<string, string> { [Hub.Token] = "a" }, AnyNamespace = true, PageSize = 2 });
        using var http = new HttpClient { BaseAddress = emulator.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Hub.Token);
        await http.PostAsync("api/repos/create", JsonContent(new { name = "p", organization = "org" }));
        var lines = new List<object> { new { key = "header", value = new { summary = "many" } } };
        for (var i = 0; i < 5; i++) lines.Add(new { key = "file", value = new { path = $"f{i}.txt", content = Convert.ToBase64String(new[] { (byte)i }), encoding = "base64" } });
        await http.PostAsync("api/models/org/p/commit/main", Ndjson([.. lines]));
        var seen = new List<string>();
        string? next = "api/models/org/p/tree/main?recursive=true";
        while (next is not null)
        {
            var response = await http.GetAsync(next);
            seen.AddRange(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.EnumerateArray().Select(e => e.GetProperty("path").GetString()!));
            next = response.Headers.TryGetValues("Link", out var link) ? System.Text.RegularExpressions.Regex.Match(link.First(), "<([^>]+)>").Groups[1].Value : null;
        }
        Assert.Equal([".gitattributes", "f0.txt", "f1.txt", "f2.txt", "f3.txt", "f4.txt"], seen.Order());
        Directory.Delete(data, true);
    }

    [Fact]
    public async Task Validate_yaml_reports_malformed_front_matter()
    {
        await using var hub = await Hub.StartAsync();
        using var http = Http(hub);
        var good = await http.PostAsync("api/validate-yaml", JsonContent(new { content = "---\nlicense: mit\ntags: [a]\n---\n# Card\n", repoType = "model" }));
        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
        var bad = await http.PostAsync("api/validate-yaml", JsonContent(new { content = "---\nlicense: [mit\n---\n# Card\n", repoType = "model" }));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("line", JsonDocument.Parse(await bad.Content.ReadAsStringAsync()).RootElement.GetProperty("errors")[0].GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_multipart_upload_survives_a_restart_of_the_emulator()
    {
        await using var hub = await Hub.StartAsync();
        using (var http = Http(hub)) await CreateAsync(http, "mp");
        var data = new byte[(3 << 20) + 123];
        new Random(7).NextBytes(data);
        var oid = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(data)).ToLowerInvariant();

        Uri complete;
        var parts = new List<Uri>();
        using (var http = Http(hub))
        {
            var batch = await http.PostAsync("org/mp.git/info/lfs/objects/batch", JsonContent(new { operation = "upload", transfers = new[] { "basic", "multipart" }, hash_algo = "sha256", objects = new[] { new { oid, size = data.Length } } }));
            Assert.Equal(HttpStatusCode.OK, batch.StatusCode);
            var upload = JsonDocument.Parse(await batch.Content.ReadAsStringAsync()).RootElement.GetProperty("objects")[0].GetProperty("actions").GetProperty("upload");
            complete = new Uri(upload.GetProperty("href").GetString()!);
            foreach (var header in upload.GetProperty("header").EnumerateObject().Where(h => h.Name != "chunk_size").OrderBy(h => h.Name, StringComparer.Ordinal)) parts.Add(new Uri(header.Value.GetString()!));
        }
        Assert.Equal(4, parts.Count);

        using var plain = new HttpClient();
        var etags = new List<string>();
        async Task PutPart(int i)
        {
            var target = new Uri(hub.Emulator.BaseAddress, parts[i].PathAndQuery); // the port changes with a restart; the signed path does not
            var chunk = data.AsMemory(i << 20, Math.Min(1 << 20, data.Length - (i << 20))).ToArray();
            var put = await plain.PutAsync(target, new ByteArrayContent(chunk));
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
            etags.Add(put.Headers.ETag!.Tag);
        }
        for (var i = 0; i < 3; i++) await PutPart(i);
        await hub.RestartAsync();
        await PutPart(3);

        var body = new { oid, parts = etags.Select((etag, i) => new { partNumber = i + 1, etag }) };
        var done = await plain.PostAsync(new Uri(hub.Emulator.BaseAddress, complete.PathAndQuery), JsonContent(body));
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        using var http2 = Http(hub);
        var again = await http2.PostAsync("org/mp.git/info/lfs/objects/batch", JsonContent(new { operation = "upload", hash_algo = "sha256", objects = new[] { new { oid, size = data.Length } } }));
        Assert.False(JsonDocument.Parse(await again.Content.ReadAsStringAsync()).RootElement.GetProperty("objects")[0].TryGetProperty("actions", out _)); // the object is there
        Assert.Empty(Directory.GetFiles(Path.Combine(hub.Data, "uploads")));
    }

    [Fact]
    public async Task Asking_again_for_an_open_multipart_upload_hands_back_its_parts_and_DELETE_aborts_it()
    {
        await using var hub = await Hub.StartAsync();
        using var http = Http(hub);
        await CreateAsync(http, "again");
        var data = new byte[(2 << 20) + 5];
        new Random(8).NextBytes(data);
        var oid = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(data)).ToLowerInvariant();
        async Task<(Uri Complete, List<Uri> Parts)> BatchAsync()
        {
            var batch = await http.PostAsync("org/again.git/info/lfs/objects/batch", JsonContent(new { operation = "upload", transfers = new[] { "basic", "multipart" }, hash_algo = "sha256", objects = new[] { new { oid, size = data.Length } } }));
            var upload = JsonDocument.Parse(await batch.Content.ReadAsStringAsync()).RootElement.GetProperty("objects")[0].GetProperty("actions").GetProperty("upload");
            Assert.True(upload.GetProperty("expires_in").GetInt32() > 0);
            return (new Uri(upload.GetProperty("href").GetString()!),
                upload.GetProperty("header").EnumerateObject().Where(h => h.Name != "chunk_size").OrderBy(h => h.Name, StringComparer.Ordinal).Select(h => new Uri(h.Value.GetString()!)).ToList());
        }
        using var plain = new HttpClient();
        var (_, parts) = await BatchAsync();
        var first = await plain.PutAsync(parts[0], new ByteArrayContent(data[..(1 << 20)]));
        var etag1 = first.Headers.ETag!.Tag;
        Assert.Equal((1, 1), Pending());

        // Asked again (new URLs, as after they expired): the part already sent still counts at completion.
        var (complete, again) = await BatchAsync();
        foreach (var i in new[] { 1, 2 })
        {
            var put = await plain.PutAsync(again[i], new ByteArrayContent(data[(i << 20)..Math.Min(data.Length, (i + 1) << 20)]));
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }
        Assert.Equal((1, 3), Pending());

        // An abort drops the upload and its parts; completing it afterwards finds nothing.
        Assert.Equal(HttpStatusCode.NoContent, (await plain.DeleteAsync(complete)).StatusCode);
        Assert.Equal((0, 0), Pending());
        Assert.Equal(HttpStatusCode.NotFound, (await plain.DeleteAsync(complete)).StatusCode);
        var done = await plain.PostAsync(complete, JsonContent(new { oid, parts = new[] { new { partNumber = 1, etag = etag1 } } }));
        Assert.Equal(HttpStatusCode.NotFound, done.StatusCode);
        Assert.Empty(Directory.GetFiles(Path.Combine(hub.Data, "uploads")));

        (int, int) Pending() => ModelRelease.HubEmulator.Http.MultipartUploads.Pending(Path.Combine(hub.Data, "uploads"));
    }

    [Theory]
    [InlineData("license: Apache 2.0\n", "lower case")]
    [InlineData("license: mit\nmodel-index:\n  - name: m\n    results:\n      - task: {type: text-generation}\n        dataset: {type: wikitext}\n        metrics: [{type: ppl}]\n", "dataset.name")]
    [InlineData("license: mit\nmodel-index: {name: x}\n", "must be an array")]
    [InlineData("datasets: {a: b}\n", "list of strings")]
    [InlineData("license: [mit\n", "Invalid YAML")]
    public async Task The_Hubs_card_rules_hold_at_validate_yaml_and_at_commit(string yaml, string error)
    {
        await using var hub = await Hub.StartAsync();
        using var http = Http(hub);
        var head = await CreateAsync(http, "card");
        var readme = "---\n" + yaml + "---\n# m\n";
        var validate = await http.PostAsync("api/validate-yaml", JsonContent(new { content = readme, repoType = "model" }));
        Assert.Equal(HttpStatusCode.BadRequest, validate.StatusCode);
        Assert.Contains(error, await validate.Content.ReadAsStringAsync());

        var header = new { key = "header", value = new { summary = "card", parentCommit = head } };
        var file = new { key = "file", value = new { path = "README.md", content = Convert.ToBase64String(Encoding.UTF8.GetBytes(readme)), encoding = "base64" } };
        var commit = await http.PostAsync("api/models/org/card/commit/main", Ndjson(header, file));
        Assert.Equal(HttpStatusCode.BadRequest, commit.StatusCode);
        Assert.Contains(error, await commit.Content.ReadAsStringAsync());

        var good = new { key = "file", value = new { path = "README.md", content = Convert.ToBase64String("---\nlicense: mit\n---\n# m\n"u8.ToArray()), encoding = "base64" } };
        Assert.Equal(HttpStatusCode.OK, (await http.PostAsync("api/models/org/card/commit/main", Ndjson(header, good))).StatusCode);
    }
}
