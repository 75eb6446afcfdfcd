using System.Text.Json;
using ModelRelease.Core.Hub;
using ModelRelease.Core.Hub.Publishing;
using ModelRelease.HubEmulator.Faults;

namespace ModelRelease.Hub.Tests;

public class SecretTests
{
    [Fact]
    public async Task No_output_stream_error_log_or_result_of_a_publish_contains_the_token()
    {
        await using var hub = await Hub.StartAsync(new FaultConfiguration { Seed = 2, Rules = [new() { Endpoint = "part", ErrorRate = 0.3, Status = 500 }, new() { Endpoint = "batch", ErrorRate = 0.3, Status = 429, RetryAfterSeconds = 0 }] });
        var folder = Path.Combine(hub.Work, "s");
        hub.File("s/m.safetensors", 3 << 20, seed: 1);
        hub.Text("s/config.json", "{}");
        var seen = new List<string>();
        using var client = hub.Client();
        var result = await hub.Publisher(client).PublishAsync(Hub.Request("org/secret", [folder]), new Core.SyncProgress<PublishProgress>(p => seen.Add(p.ToString())));
        seen.Add(JsonSerializer.Serialize(result));
        seen.Add(result.ToString());
        seen.Add(client.Token!.ToString());
        // and the failures: a bad token, a missing repo, a conflict
        using var bad = hub.Client("hf_AnotherSecretToken55555555");
        var errors = new List<Exception>
        {
            await Assert.ThrowsAsync<HubException>(() => bad.WhoAmIAsync()),
            await Assert.ThrowsAsync<HubException>(() => client.CommitAsync(RepoRef.Parse("org/secret"), "main", "x", null, "0000000", [], false)),
            await Assert.ThrowsAsync<HubException>(() => new Core.Hub.Download.Downloader(client).DownloadAsync(RepoRef.Parse("org/none"), "main", null, hub.Work)),
        };
        seen.AddRange(errors.Select(e => e.ToString()));
        seen.AddRange(hub.Log);
        Assert.Contains(seen, s => s.Contains("retry", StringComparison.Ordinal)); // the log did record the retries
        foreach (var text in seen)
        {
            Assert.DoesNotContain(Hub.Token, text);
            Assert.DoesNotContain("hf_AnotherSecretToken55555555", text);
        }
    }

    [Theory]
    [InlineData("hf_TestToken0123456789abcdef")]   // token-shaped
    [InlineData("hf_x.y-0123456789abcdef")]        // not token-shaped: only the exact value can find it
    public async Task A_server_that_echoes_the_token_in_its_error_gets_it_redacted(string token)
    {
        var faults = new FaultConfiguration { Rules = [new() { Endpoint = "preupload", ErrorRate = 1, Status = 400, EchoToken = true }] };
        await using var hub = await Hub.StartAsync(faults);
        var lines = new List<string>();
        using var logging = new HubClient(hub.Emulator.BaseAddress, new HubToken(token, "test"), new HubClientOptions { Log = lines.Add, MaxRetries = 0 });
        var ex = await Assert.ThrowsAsync<HubException>(() => logging.PreuploadAsync(RepoRef.Parse("org/echo"), "main", [("a.txt", 1, [0x61])], false));
        Assert.Equal("HubBadRequest", ex.ErrorId);
        Assert.Contains("this request sent Authorization: ***", ex.Message); // the Hub's message is kept, the secret is not
        foreach (var text in lines.Append(ex.ToString()).Append(ex.RecommendedAction ?? ""))
        {
            Assert.DoesNotContain(token, text);
        }
    }

    [Fact]
    public void The_token_type_never_prints_its_value()
    {
        var token = new HubToken("hf_SuperSecret1234567890", "HF_TOKEN");
        Assert.Equal("hf_*** (from HF_TOKEN)", token.ToString());
        Assert.Equal("Bearer hf_SuperSecret1234567890", token.AuthorizationValue);
        Assert.Equal("header hf_*** and hf_*** ok", token.Redact("header hf_SuperSecret1234567890 and hf_OtherLooking12345678 ok"));
        Assert.Equal("Authorization: ***", Redaction.Redact("Authorization: Bearer abc.def"));
    }

    [Fact]
    public void Tokens_are_found_in_the_documented_order_and_a_missing_one_names_every_place()
    {
        var env = new Dictionary<string, string?> { ["HUGGINGFACE_API_KEY"] = "hf_fromapikey000000", ["HF_HOME"] = "/nowhere" };
        var resolver = new TokenResolver(k => env.GetValueOrDefault(k), _ => null);
        Assert.Equal("HUGGINGFACE_API_KEY", resolver.Resolve().Source);
        env["HUGGING_FACE_HUB_TOKEN"] = "hf_fromhub0000000000";
        Assert.Equal("HUGGING_FACE_HUB_TOKEN", resolver.Resolve().Source);
        env["HF_TOKEN"] = "hf_fromhf00000000000";
        Assert.Equal("HF_TOKEN", resolver.Resolve().Source);
        Assert.Equal("-Token", resolver.Resolve("hf_explicit000000000").Source);

        var files = new TokenResolver(k => k == "HF_HOME" ? "/hfhome" : null, p => p == "/hfhome/token" ? "hf_fromfile000000000\n" : null);
        Assert.Equal("/hfhome/token", files.Resolve().Source);

        var none = new TokenResolver(k => k == "HF_HOME" ? "/hfhome" : null, _ => null);
        var ex = Assert.Throws<HubException>(() => none.Resolve());
        Assert.Equal("HubTokenNotFound", ex.ErrorId);
        foreach (var place in new[] { "HF_TOKEN", "HUGGING_FACE_HUB_TOKEN", "HUGGINGFACE_API_KEY", "/hfhome/token" }) Assert.Contains(place, ex.Message);
        // The next step in each face's words: PowerShell's parameter, the CLI's command; the message itself names neither.
        Assert.Contains("-Token", ex.RecommendedAction);
        Assert.Contains("modelrelease login", ex.CliRecommendedAction);
        Assert.DoesNotContain("-Token", ex.Message + ex.CliRecommendedAction);
    }

    [Fact]
    public void The_endpoint_comes_from_the_parameter_then_HF_ENDPOINT_then_the_Hub()
    {
        Assert.Equal("https://huggingface.co/", new TokenResolver(_ => null).ResolveEndpoint().ToString());
        Assert.Equal("http://127.0.0.1:9/", new TokenResolver(k => k == "HF_ENDPOINT" ? "http://127.0.0.1:9/" : null).ResolveEndpoint().ToString());
        Assert.Equal("http://localhost:1/", new TokenResolver(k => k == "HF_ENDPOINT" ? "http://127.0.0.1:9" : null).ResolveEndpoint("http://localhost:1").ToString());
        Assert.Throws<HubException>(() => new TokenResolver(_ => null).ResolveEndpoint("ftp://x"));
    }
}
