using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using ModelRelease.Core.Releases.Registry;
using ModelRelease.Core.Releases.Versions;

namespace ModelRelease.Core.Tests.Releases;

/// <summary>
/// The Python module that `weights export-python` renders answers like the C# resolver: the test runs it with python3
/// on the same look-ups, versions, ranges and comparisons (fixed cases and seeded generated ones) and compares answers.
/// </summary>
public sealed class PythonExportTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mr-python-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private const string Driver = """
        import json, sys
        sys.path.insert(0, sys.argv[1])
        import weights_registry as w
        cases = json.load(open(sys.argv[2], encoding="utf-8"))
        resolved = []
        for c in cases["resolve"]:
            try:
                e = w.resolve(c["model"], c["version"] if c["version"] is not None else "latest", c["package"])
                resolved.append({"ok": e.version, "tag": e.tag, "latest": e.is_latest, "package": e.package_version, "repo": e.repo_id, "sha256": e.sha256})
            except w.WeightsCompatibilityError as ex:
                resolved.append({"error": "compat", "change": ex.change, "suggested": ex.suggested_package_version, "weights": ex.weights_version})
            except w.WeightsLookupError as ex:
                resolved.append({"error": ex.code})
            except ValueError:
                resolved.append({"error": "version"})
        versions = []
        for t in cases["versions"]:
            try:
                versions.append(str(w.parse_version(t)))
            except ValueError:
                versions.append(None)
        ranges = []
        for r, v in cases["ranges"]:
            try:
                rng = w.VersionRange(r)
            except ValueError:
                ranges.append("invalid")
                continue
            ranges.append(w.parse_version(v) in rng)
        compares = [w.compare_versions(w.parse_version(a), w.parse_version(b)) for a, b in cases["compares"]]
        print(json.dumps({"resolve": resolved, "versions": versions, "ranges": ranges, "compares": compares}))
        """;

    [Fact]
    public async Task The_Python_module_resolves_parses_and_compares_like_the_core()
    {
        var registry = WeightsRegistryReader.Parse(RegistrySamples.Valid, "/repo/weights-registry.json");
        var module = PythonExporter.Render(registry, packageName: "cser-tools");
        Assert.Contains("PACKAGE_NAME: Optional[str] = \"cser-tools\"", module);
        Assert.Contains("from weights-registry.json", module);
        Assert.DoesNotContain("/repo/", module);
        await PythonExporter.WriteAsync(Path.Combine(_dir, "weights_registry.py"), module);
        await File.WriteAllTextAsync(Path.Combine(_dir, "driver.py"), Driver);

        var random = new Random(440);
        var versions = FixedVersions.Concat(Enumerable.Range(0, 3000).Select(_ => GeneratedText(random, VersionPieces, 8))).ToList();
        var valid = versions.Where(v => VersionParser.TryParse(v, out _, out _)).ToList();
        var ranges = FixedRanges.Select(r => (r, "1.4.2"))
            .Concat(Enumerable.Range(0, 3000).Select(_ => (GeneratedText(random, RangePieces, 6), valid[random.Next(valid.Count)])))
            .Concat(FixedRanges.SelectMany(r => valid.Take(60).Select(v => (r, v))))
            .ToList();
        var compares = Enumerable.Range(0, 2000).Select(_ => (valid[random.Next(valid.Count)], valid[random.Next(valid.Count)])).ToList();

        var cases = new JsonObject
        {
            ["resolve"] = new JsonArray(RegistrySamples.Cases.Select(c => (JsonNode)new JsonObject { ["model"] = c.Model, ["version"] = c.Version, ["package"] = c.Package }).ToArray()),
            ["versions"] = new JsonArray(versions.Select(v => (JsonNode)JsonValue.Create(v)!).ToArray()),
            ["ranges"] = new JsonArray(ranges.Select(r => (JsonNode)new JsonArray(r.Item1, r.Item2)).ToArray()),
            ["compares"] = new JsonArray(compares.Select(c => (JsonNode)new JsonArray(c.Item1, c.Item2)).ToArray()),
        };
        var casesPath = Path.Combine(_dir, "cases.json");
        await File.WriteAllTextAsync(casesPath, cases.ToJsonString());

        var python = JsonNode.Parse(await RunPython(Path.Combine(_dir, "driver.py"), _dir, casesPath))!;

        var expectedResolve = RegistrySamples.Cases.Select(c => Resolve(registry, c)).ToList();
        var actualResolve = python["resolve"]!.AsArray().Select(n => n!.ToJsonString()).ToList();
        for (var i = 0; i < expectedResolve.Count; i++) Assert.True(expectedResolve[i] == actualResolve[i], $"resolve {RegistrySamples.Cases[i]}: C# {expectedResolve[i]}, Python {actualResolve[i]}");

        var pythonVersions = python["versions"]!.AsArray();
        for (var i = 0; i < versions.Count; i++)
        {
            var expected = VersionParser.TryParse(versions[i], out var v, out _) ? v.Version.ToString() : null;
            Assert.True(expected == (string?)pythonVersions[i], $"version '{versions[i]}': C# {expected ?? "(invalid)"}, Python {(string?)pythonVersions[i] ?? "(invalid)"}");
        }

        var pythonRanges = python["ranges"]!.AsArray();
        for (var i = 0; i < ranges.Count; i++)
        {
            var (range, version) = ranges[i];
            var expected = PackageVersionRange.TryParse(range, out var r, out _) ? (r!.Contains(VersionParser.Parse(version).Version) ? "true" : "false") : "\"invalid\"";
            Assert.True(expected == pythonRanges[i]!.ToJsonString(), $"range '{range}' with {version}: C# {expected}, Python {pythonRanges[i]!.ToJsonString()}");
        }

        var pythonCompares = python["compares"]!.AsArray();
        for (var i = 0; i < compares.Count; i++)
        {
            var expected = Math.Sign(VersionOrder.Instance.Compare(VersionParser.Parse(compares[i].Item1).Version, VersionParser.Parse(compares[i].Item2).Version));
            Assert.True(expected == (int)pythonCompares[i]!, $"compare {compares[i]}: C# {expected}, Python {pythonCompares[i]}");
        }
    }

    [Fact]
    public void Names_that_do_not_fit_Python_are_refused()
    {
        var registry = WeightsRegistryReader.Parse(RegistrySamples.Valid);
        Assert.Throws<ArgumentException>(() => PythonExporter.Render(registry, packageName: "bad\"name"));
        Assert.Throws<ArgumentException>(() => PythonExporter.Render(registry, moduleName: "not-a-module"));
    }

    [Fact]
    public async Task Registry_text_that_needs_escaping_survives_the_export()
    {
        var text = RegistrySamples.Valid.Replace("\"acme/pose-net\",", "\"acme/pose-net\", \"description\": \"quotes \\\" \\\"\\\"\\\" and a backslash \\\\ and é ünïcode \\u0001\",", StringComparison.Ordinal);
        var registry = WeightsRegistryReader.Parse(text);
        await File.WriteAllTextAsync(Path.Combine(_dir, "weights_registry.py"), PythonExporter.Render(registry));
        var script = Path.Combine(_dir, "echo.py");
        await File.WriteAllTextAsync(script, "import sys, json\nsys.path.insert(0, sys.argv[1])\nimport weights_registry as w\nprint(json.dumps(w.REGISTRY['models']['pose-net']['description']))\n");
        var output = await RunPython(script, _dir);
        Assert.Equal("quotes \" \"\"\" and a backslash \\ and é ünïcode \u0001", JsonSerializer.Deserialize<string>(output));
    }

    private static string Resolve(WeightsRegistry registry, (string Model, string? Version, string? Package) c)
    {
        try
        {
            var e = WeightsResolver.Resolve(registry, c.Model, c.Version, c.Package);
            return new JsonObject { ["ok"] = e.Version, ["tag"] = e.Tag, ["latest"] = e.IsLatest, ["package"] = e.PackageVersion, ["repo"] = e.RepoId, ["sha256"] = e.Sha256 }.ToJsonString();
        }
        catch (WeightsCompatibilityException ex)
        {
            return new JsonObject { ["error"] = "compat", ["change"] = ex.Change.ToString(), ["suggested"] = ex.SuggestedPackageVersion, ["weights"] = ex.WeightsVersion }.ToJsonString();
        }
        catch (WeightsRegistryException ex)
        {
            return new JsonObject { ["error"] = ex.Code }.ToJsonString();
        }
        catch (VersionException)
        {
            return new JsonObject { ["error"] = "version" }.ToJsonString();
        }
    }

    private static readonly string[] FixedVersions =
    [
        "1.2.0", "v1.1", "1.1", "2.0.0rc1", "2.0.0-rc.1", "2.0.0-rc1", "1.2.0.dev3", "1.2.0.post1", "1.2.0-post2", "1.0a1.dev2", "1.2.0+cu118",
        "1.2.0.post1+ubuntu_1", "1", "1.2.3.4", "1!2.0", "1.0.post1.dev2", "01.2.3", "1.0.0-RC.1", "2.0rc", "1.2.0-rc.01", "1.2.0-rc.1.01",
        "99999999999.0.0", " 1.2.0 ", "1.0.0-x-y.7", "1.0.0+build.5", "1.0.0-1", "latest", "", "1.0.0-", "1.0-preview4", "1.0C3",
    ];

    private static readonly string[] FixedRanges =
    [
        ">=1.0.0,<2.0.0", "~=1.4", "~=1.4.2", "==1.*", "==1.4.*", "!=1.2.3", "!=1.*", ">1.0.0", "<=1.4.2", "<1.4.2", "<2.0.0rc2", "==1.4",
        "[1.0.0,2.0.0)", "(1.0.0,2.0.0]", "[1.4.2]", "(,2.0)", "[1.0,)", "[1.0rc1, 2.0)", "1.0.0", "===1.4.2", "~=1", ">=2,<1", "(1.0,1.0)",
    ];

    private static readonly string[] VersionPieces = ["0", "1", "2", "10", ".", ".", "-", "+", "_", "v", "rc", "a", "b", "c", "alpha", "beta", "dev", "post", "pre", "r", "RC", "x", "!", " ", "01"];

    private static readonly string[] RangePieces = [">=", "<", "<=", ">", "==", "!=", "~=", ",", "[", "]", "(", ")", "1.0", "1.4.2", "2", "2.0.0", ".*", "rc1", " ", "1.4", "0.9.post1"];

    private static string GeneratedText(Random random, string[] pieces, int max) =>
        string.Concat(Enumerable.Range(0, random.Next(1, max + 1)).Select(_ => pieces[random.Next(pieces.Length)]));

    private static async Task<string> RunPython(string script, params string[] args)
    {
        var start = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(script);
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["PYTHONDONTWRITEBYTECODE"] = "1";
        start.Environment["PYTHONIOENCODING"] = "utf-8";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("python3 did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, "python3 failed: " + await stderr);
        return await stdout;
    }
}
