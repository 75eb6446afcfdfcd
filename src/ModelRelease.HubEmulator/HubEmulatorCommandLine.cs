using System.Text.Json;
using ModelRelease.HubEmulator.Faults;

namespace ModelRelease.HubEmulator;

/// <summary>
/// Options from a command line (<c>--urls</c>, <c>--data DIR</c>, <c>--token hf_x[=user]</c> (repeatable),
/// <c>--org NAME</c>, <c>--faults FILE</c>, <c>--chunk-size BYTES</c>, <c>--multipart-threshold BYTES</c>)
/// and the environment (<c>MODELRELEASE_HUB_FAULTS</c> = fault JSON).
/// </summary>
public static class HubEmulatorCommandLine
{
    public static HubEmulatorOptions Parse(IReadOnlyList<string> args, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        string? data = null, urls = null, faultsFile = null;
        long? chunk = null, threshold = null;
        var tokens = new Dictionary<string, string>(StringComparer.Ordinal);
        var orgs = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--urls": urls = Value(); break;
                case "--data": data = Value(); break;
                case "--faults": faultsFile = Value(); break;
                case "--org": orgs.Add(Value()); break;
                case "--chunk-size": chunk = long.Parse(Value(), System.Globalization.CultureInfo.InvariantCulture); break;
                case "--multipart-threshold": threshold = long.Parse(Value(), System.Globalization.CultureInfo.InvariantCulture); break;
                case "--token":
                    {
                        var v = Value();
                        var eq = v.IndexOf('=', StringComparison.Ordinal);
                        tokens[eq < 0 ? v : v[..eq]] = eq < 0 ? "user" : v[(eq + 1)..];
                        break;
                    }
                default: throw new ArgumentException($"unknown option {args[i]}");
            }
        }
        var faultsJson = faultsFile is not null ? File.ReadAllText(faultsFile) : environment("MODELRELEASE_HUB_FAULTS");
        var faults = string.IsNullOrWhiteSpace(faultsJson) ? new FaultConfiguration() : JsonSerializer.Deserialize<FaultConfiguration>(faultsJson, Http.HubContext.JsonOptions) ?? new FaultConfiguration();
        var defaults = new HubEmulatorOptions { DataDirectory = "." };
        return new HubEmulatorOptions
        {
            DataDirectory = data ?? throw new ArgumentException("--data DIR is required"),
            Urls = urls ?? defaults.Urls,
            Tokens = tokens,
            Organizations = orgs,
            Faults = faults,
            ChunkSize = chunk ?? defaults.ChunkSize,
            MultipartThreshold = threshold ?? defaults.MultipartThreshold,
        };
    }
}
