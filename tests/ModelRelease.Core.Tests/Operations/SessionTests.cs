using System.Reflection;
using ModelRelease.Core.Operations;
using ModelRelease.Core.Operations.Gate;
using ModelRelease.Core.Operations.Release;

namespace ModelRelease.Core.Tests.Operations;

/// <summary>The session reads nothing ambient, and the operations' codes are a catalogue.</summary>
public sealed class SessionTests
{
    [Fact]
    public void The_environment_is_read_only_through_the_accessor_a_face_gives()
    {
        var env = new Dictionary<string, string?> { ["XDG_CACHE_HOME"] = "/tmp/xdg", ["HOME"] = "/home/someone" };
        Assert.Equal(Path.Combine("/tmp/xdg", "modelrelease"), SessionEnvironment.CacheFolder(n => env.GetValueOrDefault(n)));
        env.Remove("XDG_CACHE_HOME");
        Assert.Equal(Path.Combine("/home/someone", ".cache", "modelrelease"), SessionEnvironment.CacheFolder(n => env.GetValueOrDefault(n)));
        Assert.Null(SessionEnvironment.CacheFolder(_ => null)); // no home: an in-memory cache, never a guess
        Assert.False(SessionEnvironment.ConfiguresHub(_ => null, _ => null));
        Assert.True(SessionEnvironment.ConfiguresHub(n => n == "HF_TOKEN" ? "hf_abcdefghijkl" : null, _ => null));
        Assert.True(SessionEnvironment.ConfiguresHub(n => n == "HF_ENDPOINT" ? "http://127.0.0.1:1" : null, _ => null));
    }

    [Fact]
    public void A_session_keeps_its_hash_cache_in_the_folder_it_is_given_and_saves_it_when_it_ends()
    {
        var dir = Directory.CreateTempSubdirectory("mr-session-").FullName;
        try
        {
            var file = Path.Combine(dir, "data.bin");
            File.WriteAllBytes(file, [1, 2, 3]);
            using (var session = new ModelReleaseSession(new ModelReleaseSessionOptions { CacheFolder = Path.Combine(dir, "cache") }))
            {
                Assert.Equal(Path.Combine(dir, "cache", "hash-cache.json"), session.HashCache.FilePath);
                session.HashCache.Set(new FileInfo(file), new string('a', 64));
                Assert.Equal(new Uri("https://huggingface.co/"), session.Endpoint); // no environment: the documented default, not this machine's HF_ENDPOINT
            }
            Assert.True(File.Exists(Path.Combine(dir, "cache", "hash-cache.json")));
            using var again = new ModelReleaseSession(new ModelReleaseSessionOptions { CacheFolder = Path.Combine(dir, "cache") });
            Assert.True(again.HashCache.TryGet(new FileInfo(file), out var sha));
            Assert.Equal(new string('a', 64), sha);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void Without_a_cache_folder_the_cache_is_in_memory()
    {
        using var session = new ModelReleaseSession(new ModelReleaseSessionOptions());
        Assert.Null(session.HashCache.FilePath);
        Assert.Null(session.ReleaseFolder(Hub.RepoRef.Parse("org/model"), "1.0.0"));
    }

    [Fact]
    public void A_write_without_a_token_names_every_place_looked_at()
    {
        using var session = new ModelReleaseSession(new ModelReleaseSessionOptions { ReadTokenFile = _ => null, Environment = n => n == "HF_HOME" ? "/nonexistent" : null });
        var ex = Assert.Throws<HubException>(() => session.HubForWriting());
        Assert.Equal("HubTokenNotFound", ex.ErrorId);
        Assert.Contains("HF_TOKEN", ex.Message);
    }

    public static TheoryData<Type> Catalogues() => new() { typeof(GateCodes), typeof(ReleaseCodes), typeof(OperationErrors) };

    [Theory]
    [MemberData(nameof(Catalogues))]
    public void Codes_are_a_catalogue_of_unique_stable_constants(Type catalogue)
    {
        var codes = catalogue.GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).ToList();
        Assert.NotEmpty(codes);
        Assert.Equal(codes.Count, codes.Distinct(StringComparer.Ordinal).Count());
        var pattern = catalogue == typeof(OperationErrors) ? "^[A-Z][A-Za-z]+$" : "^(GATE|RELEASE|CKPT)_[A-Z0-9_]+$";
        Assert.All(codes, c => Assert.Matches(pattern, c));
    }

    [Fact]
    public void Gate_and_release_codes_do_not_overlap()
    {
        static IEnumerable<string> Of(Type t) => t.GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (string)f.GetRawConstantValue()!);
        Assert.Empty(Of(typeof(GateCodes)).Intersect(Of(typeof(ReleaseCodes))));
    }
}
