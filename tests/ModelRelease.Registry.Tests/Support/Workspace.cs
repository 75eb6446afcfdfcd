using System.Globalization;
using ModelRelease.Core.Operations;
using ModelRelease.Core.Operations.Registry;
using ModelRelease.Core.Registry;

namespace ModelRelease.Registry.Tests.Support;

/// <summary>
/// A model store in a temporary folder with a lifecycle policy (four components), checkpoints, performance files and
/// test results, and its registry in SQLite (the default file) or in a fresh PostgreSQL database.
/// </summary>
internal sealed class Workspace : IAsyncDisposable
{
    public const string Policy = """
    {
      "schemaVersion": 1,
      "prefix": "pib-vg",
      "approvers": ["alice", "bob", "carol"],
      "requiredApprovals": 1,
      "gracePeriodDays": 7,
      "components": {
        "base": { "architecture": "diffusion", "requiredApprovals": 2, "metrics": { "fid": { "direction": "lower", "threshold": 12.0 }, "clip_score": { "direction": "higher", "threshold": 0.30 } } },
        "residual": { "metrics": { "fid": { "direction": "lower", "threshold": 14.0 } } },
        "super-resolution": { "metrics": { "psnr": { "direction": "higher", "threshold": 28.0 } } },
        "fact-checking": { "approvers": ["dave"], "metrics": { "accuracy": { "direction": "higher", "threshold": 0.9 } } }
      }
    }
    """;

    private readonly ModelReleaseSession _session;
    private readonly string? _postgres;

    private Workspace(string root, string? postgres, ManualClock clock, RegistryHooks? hooks)
    {
        Root = root;
        _postgres = postgres;
        Clock = clock;
        _session = new ModelReleaseSession(new ModelReleaseSessionOptions());
        Registry = new ModelRegistryOperations(_session, clock, hooks);
        Location = new ModelRegistryLocation { Root = root, Registry = postgres };
        Directory.CreateDirectory(Path.Combine(root, "config"));
        File.WriteAllText(Path.Combine(root, "config", "model_policy.json"), Policy);
        Directory.CreateDirectory(Path.Combine(root, "in"));
    }

    public string Root { get; }

    public ManualClock Clock { get; }

    public ModelRegistryOperations Registry { get; }

    public ModelRegistryLocation Location { get; }

    public string Provider => _postgres is null ? "sqlite" : "postgres";

    public static async Task<Workspace> CreateAsync(string provider, RegistryHooks? hooks = null, ManualClock? clock = null)
    {
        var root = Path.Combine(Path.GetTempPath(), "mr-registry-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(root);
        var postgres = provider == "postgres" ? await Postgres.CreateDatabaseAsync() : null;
        return new Workspace(root, postgres, clock ?? new ManualClock(), hooks);
    }

    /// <summary>Another view of the same store and registry (another agent), with its own hooks.</summary>
    public ModelRegistryOperations Agent(RegistryHooks? hooks = null) => new(_session, Clock, hooks);

    public string In(string name) => Path.Combine(Root, "in", name);

    public string Checkpoint(string name, int seed = 1, bool nan = false) => Checkpoints.Write(In(name), seed, nan);

    public string Performance(string name, params (string Metric, double Value, string Direction)[] metrics)
    {
        var body = string.Join(",\n", metrics.Select(m => $"    \"{m.Metric}\": {{ \"value\": {m.Value.ToString("R", CultureInfo.InvariantCulture)}, \"direction\": \"{m.Direction}\" }}"));
        var path = In(name);
        File.WriteAllText(path, $"{{\n  \"schemaVersion\": 1,\n  \"dataset\": \"coco-val-5k\",\n  \"metrics\": {{\n{body}\n  }}\n}}\n");
        return path;
    }

    public string JUnit(string name, int tests = 12, int failures = 0)
    {
        var path = In(name);
        File.WriteAllText(path, $"<?xml version=\"1.0\"?><testsuites><testsuite name=\"unit\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\" skipped=\"0\"><testcase name=\"a\"/></testsuite></testsuites>");
        return path;
    }

    public AddModelVersionOptions Add(string component, string version, string? checkpoint = null, string? performance = null) => new()
    {
        Location = Location,
        Component = component,
        Version = version,
        Architecture = component == "base" ? "diffusion" : "esrgan",
        Weights = [checkpoint ?? Checkpoint($"{component}-{version}.safetensors", seed: version.GetHashCode(StringComparison.Ordinal))],
        Performance = performance ?? Performance($"{component}-{version}-perf.json", ("fid", 10.5, "lower"), ("clip_score", 0.32, "higher"), ("psnr", 29.0, "higher"), ("accuracy", 0.93, "higher")),
        Description = $"{component} model {version}",
        Authors = ["Ada Example"],
        Training = new Dictionary<string, object> { ["dataset"] = "laion-5k", ["epochs"] = 20L },
        Dependencies = new Dictionary<string, string> { ["torch"] = "2.1.0" },
        Changelog = "first version",
        Actor = "ci-agent",
    };

    public SetModelStatusOptions Move(string component, string version, ModelStatus to, string reason = "ready", IReadOnlyList<string>? approvers = null, string? tests = null, bool emergency = false) => new()
    {
        Location = Location,
        Component = component,
        Version = version,
        Status = to,
        Reason = reason,
        Approvers = approvers ?? [],
        TestResults = tests,
        Emergency = emergency,
        Actor = "release-manager",
    };

    /// <summary>Registers a version and moves it through every gate to production.</summary>
    public async Task<IReadOnlyList<ModelStatusChange>> ToProductionAsync(string component, string version, string? performance = null)
    {
        await Registry.Versions.AddAsync(Add(component, version, performance: performance));
        await Registry.Lifecycle.SetStatusAsync(Move(component, version, ModelStatus.Testing, "tests pass", tests: JUnit($"{component}-{version}-tests.xml")));
        await Registry.Lifecycle.SetStatusAsync(Move(component, version, ModelStatus.Staging, "meets thresholds"));
        return await Registry.Lifecycle.SetStatusAsync(Move(component, version, ModelStatus.Production, "approved", component == "fact-checking" ? ["dave"] : ["alice", "bob"]));
    }

    public async ValueTask DisposeAsync()
    {
        _session.Dispose();
        if (_postgres is not null) await Postgres.DropDatabaseAsync(_postgres);
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
