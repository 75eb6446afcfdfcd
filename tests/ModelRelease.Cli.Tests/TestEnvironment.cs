using System.Runtime.CompilerServices;

namespace ModelRelease.Cli.Tests;

/// <summary>
/// The CLI reads its environment like any program: before any test runs, the cache and the Hugging Face home point
/// at a folder of this test run, and no token or endpoint of the machine's is seen, so no test touches the user's
/// ~/.cache or a real Hub. (Tests that need a Hub set HF_ENDPOINT and HF_TOKEN themselves and clear them after.)
/// </summary>
internal static class TestEnvironment
{
    public static string Root { get; private set; } = "";

    [ModuleInitializer]
    internal static void Isolate()
    {
        Root = Directory.CreateTempSubdirectory("mr-cli-tests-").FullName;
        Environment.SetEnvironmentVariable("XDG_CACHE_HOME", Path.Combine(Root, "cache"));
        Environment.SetEnvironmentVariable("HF_HOME", Path.Combine(Root, "hf-home"));
        foreach (var name in new[] { "HF_TOKEN", "HUGGING_FACE_HUB_TOKEN", "HUGGINGFACE_API_KEY", "HF_TOKEN_PATH", "HF_ENDPOINT" }) Environment.SetEnvironmentVariable(name, null);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try { Directory.Delete(Root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        };
    }
}
