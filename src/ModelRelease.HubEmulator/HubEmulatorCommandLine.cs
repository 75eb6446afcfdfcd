using System.Text.Json;
using ModelRelease.HubEmulator.Faults;

namespace ModelRelease.HubEmulator;

/// <summary>
/// Options from a command line (<c>--urls</c>, <c>--data DIR</c>, <c>--token hf_x[=user]</c> (repeatable),
/// <c>--org NAME</c>, <c>--faults FILE</c>, <c>--chunk-size BYTES</c>, <c>--multipart-threshold BYTES</c>,
/// <c>--admin-token hf_x</c>, <c>--any-namespace</c>) and the environment (<c>MODELRELEASE_HUB_FAULTS</c> = fault JSON).
/// Every bad value is an <see cref="ArgumentException"/> saying which option and why.
/// </summary>
public static class HubEmulatorCommandLine
{
    public static HubEmulatorOptions Parse(IReadOnlyList<string> args, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        string? data = null, urls = null, faultsFile = null, admin = null;
        var anyNamespace = false;
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
                case "--chunk-size": chunk = Bytes(args[i], Value()); break;
                case "--multipart-threshold": threshold = Bytes(args[i], Value()); break;
                case "--admin-token": admin = Value(); break;
                case "--any-namespace": anyNamespace = true; break;
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
        var faults = Faults(faultsFile, environment);
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
            AdminToken = admin,
            AnyNamespace = anyNamespace,
        };
    }

    private static long Bytes(string option, string value) =>
        long.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw new ArgumentException($"{option} takes a positive number of bytes, not '{value}'");

    private static FaultConfiguration Faults(string? file, Func<string, string?> environment)
    {
        string? json;
        var source = file is null ? "MODELRELEASE_HUB_FAULTS" : $"--faults {file}";
        try
        {
            json = file is not null ? File.ReadAllText(file) : environment("MODELRELEASE_HUB_FAULTS");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ArgumentException($"{source}: {ex.Message}");
        }
        if (string.IsNullOrWhiteSpace(json)) return new FaultConfiguration();
        try
        {
            return JsonSerializer.Deserialize(json, Http.EmulatorJson.Default.FaultConfiguration) ?? new FaultConfiguration();
        }
        catch (JsonException ex)
        {
            throw new ArgumentException($"{source} is not a fault configuration: {ex.Message}");
        }
    }
}
