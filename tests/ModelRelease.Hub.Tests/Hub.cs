using System.Collections.Concurrent;
using ModelRelease.Core.Hashing;
using ModelRelease.Core.Hub;
using ModelRelease.Core.Hub.Publishing;
using ModelRelease.HubEmulator;
using ModelRelease.HubEmulator.Faults;

namespace ModelRelease.Hub.Tests;

/// <summary>A running emulator with a temp data folder, and helpers to make clients, files and publishes.</summary>
public sealed class Hub : IAsyncDisposable
{
    public const string Token = "hf_TestToken0123456789abcdef";

    private Hub(HubEmulator.HubEmulator emulator, string data, string work)
    {
        Emulator = emulator;
        Data = data;
        Work = work;
    }

    public HubEmulator.HubEmulator Emulator { get; private set; }
    public string Data { get; }
    public string Work { get; }
    public ConcurrentQueue<string> Log { get; } = new();

    public static Task<Hub> StartAsync(FaultConfiguration? faults = null, long chunk = 1 << 20) =>
        StartAsync(options => options with { Faults = faults ?? new FaultConfiguration(), ChunkSize = chunk, MultipartThreshold = chunk });

    /// <summary>An emulator with the test defaults changed by <paramref name="configure"/>.</summary>
    public static async Task<Hub> StartAsync(Func<HubEmulatorOptions, HubEmulatorOptions> configure)
    {
        var data = Directory.CreateTempSubdirectory("mr-hub-data-").FullName;
        var work = Directory.CreateTempSubdirectory("mr-hub-work-").FullName;
        var emulator = await HubEmulator.HubEmulator.StartAsync(configure(Options(data, null, 1 << 20)));
        return new Hub(emulator, data, work);
    }

    private static HubEmulatorOptions Options(string data, FaultConfiguration? faults, long chunk) => new()
    {
        DataDirectory = data,
        Tokens = new Dictionary<string, string> { [Token] = "alice" },
        AnyNamespace = true, // these tests publish to many namespaces; the Hub's namespace rules have tests of their own
        ChunkSize = chunk,
        MultipartThreshold = chunk,
        Faults = faults ?? new FaultConfiguration(),
    };

    /// <summary>Stops the emulator and starts a new one on the same folder (a restart).</summary>
    public async Task RestartAsync()
    {
        await Emulator.DisposeAsync();
        Emulator = await HubEmulator.HubEmulator.StartAsync(Options(Data, null, 1 << 20));
    }

    public HubClient Client(string? token = Token, HubClientOptions? options = null) =>
        new(Emulator.BaseAddress, token is null ? null : new HubToken(token, "test"), (options ?? new HubClientOptions()) with
        {
            RetryBaseDelay = TimeSpan.FromMilliseconds(10),
            RetryMaxDelay = TimeSpan.FromMilliseconds(200),
            Log = line => Log.Enqueue(line),
        });

    public Publisher Publisher(HubClient client, HashCache? cache = null) => new(client, cache ?? HashCache.InMemory());

    /// <summary>A file of random bytes (deterministic per seed) under the work folder.</summary>
    public string File(string relative, int size, int seed = 1)
    {
        var path = Path.Combine(Work, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var bytes = new byte[size];
        new Random(seed).NextBytes(bytes);
        System.IO.File.WriteAllBytes(path, bytes);
        return path;
    }

    public string Text(string relative, string content)
    {
        var path = Path.Combine(Work, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        System.IO.File.WriteAllText(path, content);
        return path;
    }

    public static PublishRequest Request(string repo, IEnumerable<string> paths, string message = "Publish") => new()
    {
        Repo = RepoRef.Parse(repo),
        Files = PublishInputs.Collect(paths),
        CommitMessage = message,
    };

    public async ValueTask DisposeAsync()
    {
        await Emulator.DisposeAsync();
        foreach (var d in new[] { Data, Work })
        {
            try { Directory.Delete(d, recursive: true); } catch (IOException) { }
        }
    }
}
