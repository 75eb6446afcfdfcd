using ModelRelease.Core.Hub;
using ModelRelease.Core.Operations;

namespace ModelRelease.Hub.Tests;

/// <summary>Sessions over a test emulator (cache in the test's own folder, no ambient environment), and what the emulator wrote.</summary>
public static class Sessions
{
    private static readonly string[] WriteEndpoints = ["create", "delete", "upload", "part", "complete", "commit", "tag", "branch", "settings"];

    public static ModelReleaseSession Session(this Hub hub, string? token = Hub.Token) => new(hub.SessionOptions(token));

    /// <summary>A session over the emulator with the test defaults changed by <paramref name="configure"/> (the shared cache, offline mode, warnings…).</summary>
    public static ModelReleaseSession Session(this Hub hub, Func<ModelReleaseSessionOptions, ModelReleaseSessionOptions> configure, string? token = Hub.Token) =>
        new(configure(hub.SessionOptions(token)));

    public static ModelReleaseSessionOptions SessionOptions(this Hub hub, string? token = Hub.Token) => new()
    {
        CacheFolder = Path.Combine(hub.Work, "cache"),
        ReadTokenFile = _ => null,
        Hub = new HubConnection
        {
            Endpoint = hub.Emulator.BaseAddress.ToString(),
            ExplicitToken = token,
            RequireToken = false,
            Options = new HubClientOptions { RetryBaseDelay = TimeSpan.FromMilliseconds(10), RetryMaxDelay = TimeSpan.FromMilliseconds(200) },
        },
    };

    /// <summary>Requests the emulator received on its writing endpoints.</summary>
    public static long Writes(this Hub hub) => WriteEndpoints.Sum(e => hub.Emulator.Statistics.Requests.GetValueOrDefault(e));

    /// <summary>A decider that answers <paramref name="answer"/> and records every question.</summary>
    public static (OperationDecider Decide, List<OperationQuestion> Asked) Recording(Func<OperationQuestion, bool>? answer = null)
    {
        var asked = new List<OperationQuestion>();
        return ((question, _) =>
        {
            lock (asked) asked.Add(question);
            return ValueTask.FromResult(answer?.Invoke(question) ?? true);
        }, asked);
    }

    /// <summary>The checkout's root (examples/ lives there).</summary>
    public static string RepositoryRoot { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ModelRelease.slnx"))) return dir.FullName;
        }
        throw new InvalidOperationException("ModelRelease.slnx not found above " + AppContext.BaseDirectory);
    }
}
