using System.Text.Json;
using System.Text.Json.Nodes;
using ModelRelease.Core.Releases.Registry;

namespace ModelRelease.Core.Tests.Releases;

public sealed class WeightsRegistryTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mr-registry-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static WeightsRegistry Valid() => WeightsRegistryReader.Parse(RegistrySamples.Valid, "weights-registry.json");

    [Fact]
    public void A_valid_registry_reads_with_its_models_newest_version_first()
    {
        var registry = Valid();
        Assert.Equal(["cser-detector", "pose-net"], registry.Models.Select(m => m.Name));
        var cser = registry.Find("cser-detector")!;
        Assert.Equal(["2.0", "1.1", "1.0"], cser.Versions.Select(v => v.Key));
        Assert.Equal(("acme/cser-detector", "weights/cser_detector.safetensors", "1.1"), (cser.RepoId, cser.File, cser.Latest));
        Assert.Equal(new DateTimeOffset(2025, 9, 15, 12, 40, 51, TimeSpan.Zero), cser.LatestVersion.PublishedAt);
        Assert.Equal(64, registry.Sha256.Length);
    }

    [Fact]
    public void The_shipped_schema_uses_only_what_the_validator_applies_and_describes_every_field()
    {
        using var schema = JsonDocument.Parse(RegistrySchema.Text);
        _ = new JsonSchemaValidator(schema.RootElement); // throws on any keyword it would not apply
        var onDisk = File.ReadAllText(Path.Combine(RepoRoot(), "schemas", RegistrySchema.FileName));
        Assert.Equal(onDisk, RegistrySchema.Text);
        using var unknownKeyword = JsonDocument.Parse("""{ "type": "object", "oneOf": [] }""");
        Assert.Throws<ArgumentException>(() => new JsonSchemaValidator(unknownKeyword.RootElement));
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ModelRelease.slnx"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
    }

    /// <summary>Breaks the valid sample by hand: <paramref name="edit"/> changes its JSON.</summary>
    private static string Edited(Action<JsonObject> edit)
    {
        var root = JsonNode.Parse(RegistrySamples.Valid)!.AsObject();
        edit(root);
        return root.ToJsonString();
    }

    private static JsonObject Cser(JsonObject root) => root["models"]!["cser-detector"]!.AsObject();

    private static JsonObject V11(JsonObject root) => Cser(root)["versions"]!["1.1"]!.AsObject();

    public static TheoryData<string, string, string> HandEdits() => new()
    {
        { "sha256 too short", RegistryCodes.SchemaPattern, "$.models['cser-detector'].versions['1.1'].sha256" },
        { "size negative", RegistryCodes.SchemaRange, "$.models['cser-detector'].versions['1.1'].size" },
        { "size as text", RegistryCodes.SchemaType, "$.models['cser-detector'].versions['1.1'].size" },
        { "publishedAt not a date", RegistryCodes.SchemaFormat, "$.models['cser-detector'].versions['1.1'].publishedAt" },
        { "tag missing", RegistryCodes.SchemaRequired, "$.models['cser-detector'].versions['1.1'].tag" },
        { "unknown field", RegistryCodes.SchemaAdditional, "$.models['cser-detector'].versions['1.1'].checksum" },
        { "version key not a version", RegistryCodes.SchemaPattern, "$.models['cser-detector'].versions['1.x']" },
        { "schemaVersion 2", RegistryCodes.SchemaValue, "$.schemaVersion" },
        { "repoId without namespace", RegistryCodes.SchemaPattern, "$.models['cser-detector'].repoId" },
        { "file escapes the repository", RegistryCodes.SchemaPattern, "$.models['cser-detector'].file" },
        { "no versions", RegistryCodes.SchemaSize, "$.models['cser-detector'].versions" },
        { "range does not parse", RegistryCodes.Range, "$.models['cser-detector'].versions['1.1'].packageVersions" },
        { "latest names no version", RegistryCodes.Latest, "$.models['cser-detector'].latest" },
        { "tag names another version", RegistryCodes.Tag, "$.models['cser-detector'].versions['1.1'].tag" },
        { "tag names no version", RegistryCodes.Tag, "$.models['cser-detector'].versions['1.1'].tag" },
        { "tag is not a tag name", RegistryCodes.Tag, "$.models['cser-detector'].versions['1.1'].tag" },
    };

    private static string Apply(string edit) => edit switch
    {
        "sha256 too short" => Edited(r => V11(r)["sha256"] = "abc"),
        "size negative" => Edited(r => V11(r)["size"] = -1),
        "size as text" => Edited(r => V11(r)["size"] = "2048"),
        "publishedAt not a date" => Edited(r => V11(r)["publishedAt"] = "15/09/2025"),
        "tag missing" => Edited(r => V11(r).Remove("tag")),
        "unknown field" => Edited(r => V11(r)["checksum"] = "x"),
        "version key not a version" => Edited(r => Cser(r)["versions"]!.AsObject()["1.x"] = V11(r).DeepClone()),
        "schemaVersion 2" => Edited(r => r["schemaVersion"] = 2),
        "repoId without namespace" => Edited(r => Cser(r)["repoId"] = "cser-detector"),
        "file escapes the repository" => Edited(r => Cser(r)["file"] = "../secrets.txt"),
        "no versions" => Edited(r => Cser(r)["versions"] = new JsonObject()),
        "range does not parse" => Edited(r => V11(r)["packageVersions"] = ">=0.2.0,,<1"),
        "latest names no version" => Edited(r => Cser(r)["latest"] = "1.7"),
        "tag names another version" => Edited(r => V11(r)["tag"] = "weights-v1.2"),
        "tag names no version" => Edited(r => V11(r)["tag"] = "latest-stable"),
        "tag is not a tag name" => Edited(r => V11(r)["tag"] = "weights v1.1"),
        _ => throw new ArgumentOutOfRangeException(nameof(edit)),
    };

    [Theory]
    [MemberData(nameof(HandEdits))]
    public void A_registry_edited_into_an_invalid_state_is_refused_with_the_JSON_path(string edit, string code, string jsonPath)
    {
        var ex = Assert.Throws<WeightsRegistryException>(() => WeightsRegistryReader.Parse(Apply(edit), "weights-registry.json"));
        Assert.Equal(WeightsRegistryException.RegistryInvalid, ex.ErrorId);
        Assert.Contains(ex.Findings, f => f.Code == code && f.JsonPath == jsonPath && f.Path == "weights-registry.json");
        Assert.Equal("weights-registry.json", ex.File);
        Assert.NotNull(ex.RecommendedAction);
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var text = Edited(r =>
        {
            V11(r)["sha256"] = "nope";
            V11(r)["size"] = -5;
            Cser(r)["versions"]!["1.0"]!["publishedAt"] = "yesterday";
        });
        var ex = Assert.Throws<WeightsRegistryException>(() => WeightsRegistryReader.Parse(text));
        Assert.Equal(3, ex.Findings.Count);
    }

    [Fact]
    public void Not_JSON_and_duplicate_keys_are_findings()
    {
        var broken = Assert.Throws<WeightsRegistryException>(() => WeightsRegistryReader.Parse("{\n  \"schemaVersion\": 1,\n  \"models\": {,}\n}"));
        var finding = Assert.Single(broken.Findings);
        Assert.Equal((RegistryCodes.Json, 3), (finding.Code, finding.Line));
        var twice = RegistrySamples.Valid.Replace("\"latest\": \"1.1\",", "\"latest\": \"1.1\", \"latest\": \"1.0\",", StringComparison.Ordinal);
        var duplicate = Assert.Throws<WeightsRegistryException>(() => WeightsRegistryReader.Parse(twice));
        Assert.Contains(duplicate.Findings, f => f.Code == RegistryCodes.DuplicateKey && f.JsonPath == "$.models['cser-detector'].latest");
    }

    [Fact]
    public async Task A_missing_file_is_its_own_error()
    {
        var ex = await Assert.ThrowsAsync<WeightsRegistryException>(() => WeightsRegistryReader.ReadAsync(Path.Combine(_dir, "none.json")));
        Assert.Equal((WeightsRegistryException.RegistryNotFound, RegistryCodes.NotFound, ErrorKind.NotFound), (ex.ErrorId, ex.Code, ex.Kind));
    }

    [Fact]
    public void Fuzzed_registries_read_or_are_refused_with_findings()
    {
        var random = new Random(2025);
        var bytes = System.Text.Encoding.UTF8.GetBytes(RegistrySamples.Valid);
        for (var i = 0; i < 1500; i++)
        {
            var copy = (byte[])bytes.Clone();
            var cut = random.Next(2) == 0 ? random.Next(copy.Length) : copy.Length;
            for (var flips = random.Next(0, 4); flips > 0; flips--) copy[random.Next(cut)] = (byte)random.Next(32, 127);
            var text = System.Text.Encoding.UTF8.GetString(copy, 0, cut);
            try
            {
                var registry = WeightsRegistryReader.Parse(text);
                foreach (var model in registry.Models) _ = WeightsResolver.Resolve(registry, model.Name, null, null);
            }
            catch (WeightsRegistryException ex)
            {
                Assert.NotEmpty(ex.Findings);
                Assert.All(ex.Findings, f => Assert.StartsWith("$", f.JsonPath));
                Assert.All(ex.Findings, f => Assert.StartsWith("REG_", f.Code));
            }
        }
    }

    // ----- resolving

    [Theory]
    [InlineData(null, null, "1.1")]
    [InlineData("latest", "0.2.0", "1.1")]
    [InlineData("latest", "0.1.9", "1.0")]
    [InlineData("latest", "0.9.9", "1.1")]
    [InlineData("1.0", "0.1.5", "1.0")]
    [InlineData("weights-v1.0", null, "1.0")]
    [InlineData("1.0.0", null, "1.0")]
    [InlineData("2.0", "1.3.0", "2.0")]
    public void The_newest_compatible_entry_is_resolved(string? version, string? package, string expected)
    {
        var entry = WeightsResolver.Resolve(Valid(), "cser-detector", version, package);
        Assert.Equal(expected, entry.Version);
        Assert.Equal("weights-v" + expected, entry.Tag);
        Assert.Equal(entry.Tag, entry.Revision);
        Assert.Equal(("acme/cser-detector", "weights/cser_detector.safetensors"), (entry.RepoId, entry.File));
        Assert.Equal(expected == "1.1", entry.IsLatest);
        Assert.Equal("weights-registry.json", entry.Registry);
    }

    [Fact]
    public void Latest_caps_what_a_package_gets_until_it_moves()
    {
        // 2.0 (~=1.0) is registered but latest is 1.1: a 1.x package gets nothing newer than latest.
        var ex = Assert.Throws<WeightsCompatibilityException>(() => WeightsResolver.Resolve(Valid(), "cser-detector", "latest", "1.4.0"));
        Assert.Equal(PackageChange.Downgrade, ex.Change);
        Assert.Equal("1.0.0", ex.SuggestedPackageVersion);
        Assert.Equal("1.1", ex.WeightsVersion);
        Assert.Equal("2.0", WeightsResolver.Resolve(Valid(), "cser-detector", "2.0", "1.4.0").Version);
    }

    [Fact]
    public void An_old_package_is_told_which_version_to_upgrade_to()
    {
        var ex = Assert.Throws<WeightsCompatibilityException>(() => WeightsResolver.Resolve(Valid(), "cser-detector", "latest", "0.0.9"));
        Assert.Equal((WeightsCompatibilityException.Id, "cser-detector", "0.0.9"), (ex.ErrorId, ex.Model, ex.PackageVersion));
        Assert.Equal((PackageChange.Upgrade, "0.2.0", "1.1", ">=0.2.0,<1.0.0"), (ex.Change, ex.SuggestedPackageVersion, ex.WeightsVersion, ex.RequiredRange));
        Assert.Contains("upgrade the package to 0.2.0 or newer", ex.Message);
        Assert.Contains("0.2.0", ex.RecommendedAction);
        var named = Assert.Throws<WeightsCompatibilityException>(() => WeightsResolver.Resolve(Valid(), "cser-detector", "1.0", "0.3.0"));
        Assert.Equal((PackageChange.Downgrade, "0.2.0", "1.0"), (named.Change, named.SuggestedPackageVersion, named.WeightsVersion));
        Assert.Contains("a version below 0.2.0", named.Message);
    }

    [Fact]
    public void A_loose_package_version_is_noted_on_the_entry()
    {
        var entry = WeightsResolver.Resolve(Valid(), "cser-detector", "latest", "v0.2");
        Assert.Equal("0.2.0", entry.PackageVersion);
        Assert.Contains(entry.Notes, n => n.Contains("'v0.2' read as 0.2.0", StringComparison.Ordinal));
        Assert.Empty(WeightsResolver.Resolve(Valid(), "cser-detector", "latest", "0.2.0").Notes);
    }

    [Fact]
    public void Unknown_models_and_versions_and_bad_package_versions_are_typed_errors()
    {
        var model = Assert.Throws<WeightsRegistryException>(() => WeightsResolver.Resolve(Valid(), "cser", null, null));
        Assert.Equal((WeightsRegistryException.ModelNotFound, RegistryCodes.ModelUnknown), (model.ErrorId, model.Code));
        Assert.Contains("cser-detector, pose-net", model.Message);
        var version = Assert.Throws<WeightsRegistryException>(() => WeightsResolver.Resolve(Valid(), "cser-detector", "9.9", null));
        Assert.Equal((WeightsRegistryException.VersionNotFound, RegistryCodes.VersionUnknown), (version.ErrorId, version.Code));
        Assert.Equal(VersionException.VersionInvalid, Assert.Throws<VersionException>(() => WeightsResolver.Resolve(Valid(), "cser-detector", null, "zero")).ErrorId);
    }

    // ----- patching

    private static WeightsRegistration Registration(string version = "1.2", string sha = "f", string range = ">=0.5.0,<1.0.0") => new()
    {
        Model = "cser-detector",
        RepoId = "acme/cser-detector",
        File = "weights/cser_detector.safetensors",
        Version = version,
        Tag = "weights-v" + version,
        Sha256 = RegistrySamples.Sha(sha[0]),
        Size = 3000,
        PublishedAt = new DateTimeOffset(2025, 11, 1, 9, 30, 0, TimeSpan.FromHours(1)),
        PackageVersions = range,
    };

    [Fact]
    public void A_registration_is_a_patch_of_data_that_adds_the_version_and_moves_latest()
    {
        var patch = WeightsRegistryEditor.PlanRegistration("weights-registry.json", RegistrySamples.Valid, Registration());
        Assert.Equal(2, patch.Operations.Count);
        Assert.Equal(("add", "/models/cser-detector/versions/1.2"), (patch.Operations[0].Op, patch.Operations[0].Pointer));
        var added = JsonNode.Parse(patch.Operations[0].Value)!;
        Assert.Equal("2025-11-01T08:30:00Z", (string?)added["publishedAt"]);
        Assert.Equal(("replace", "/models/cser-detector/latest", "\"1.2\"", "\"1.1\""), (patch.Operations[1].Op, patch.Operations[1].Pointer, patch.Operations[1].Value, patch.Operations[1].Previous));
        Assert.Equal(WeightsRegistryReader.Parse(RegistrySamples.Valid).Sha256, patch.BaseSha256);
        var after = WeightsRegistryReader.Parse(patch.NewText);
        Assert.Equal("1.2", after.Find("cser-detector")!.Latest);
        Assert.Equal("1.2", WeightsResolver.Resolve(after, "cser-detector", null, "0.6.0").Version);
        // Everything else is as it was, in the order it was.
        var before = JsonNode.Parse(RegistrySamples.Valid)!;
        var patched = JsonNode.Parse(patch.NewText)!;
        patched["models"]!["cser-detector"]!["versions"]!.AsObject().Remove("1.2");
        patched["models"]!["cser-detector"]!["latest"] = "1.1";
        Assert.Equal(before.ToJsonString(), patched.ToJsonString());
    }

    [Fact]
    public void An_older_version_does_not_move_latest_and_the_same_weights_again_change_nothing()
    {
        var older = WeightsRegistryEditor.PlanRegistration("r.json", RegistrySamples.Valid, Registration("0.9", "9", ">=0.0.1,<0.1.0"));
        Assert.Equal("add", Assert.Single(older.Operations).Op);
        var again = WeightsRegistryEditor.PlanRegistration("r.json", RegistrySamples.Valid, Registration("1.1", "b", ">=0.2.0,<1.0.0") with { Size = 2048 });
        Assert.True(again.IsEmpty);
        Assert.Equal(RegistrySamples.Valid, again.NewText);
    }

    [Fact]
    public void Registrations_that_would_corrupt_the_registry_are_refused()
    {
        var exists = Assert.Throws<WeightsRegistryException>(() => WeightsRegistryEditor.PlanRegistration("r.json", RegistrySamples.Valid, Registration("1.1", "0")));
        Assert.Equal((WeightsRegistryException.VersionExists, RegistryCodes.VersionExists), (exists.ErrorId, exists.Code));
        var conflict = Assert.Throws<WeightsRegistryException>(() => WeightsRegistryEditor.PlanRegistration("r.json", RegistrySamples.Valid, Registration() with { RepoId = "other/repo" }));
        Assert.Equal(RegistryCodes.ModelConflict, conflict.Code);
        Assert.Equal(RegistryCodes.VersionKey, Assert.Throws<WeightsRegistryException>(() => WeightsRegistryEditor.PlanRegistration("r.json", RegistrySamples.Valid, Registration("1.2-rc.1"))).Code);
        Assert.Equal(VersionException.VersionRangeInvalid, Assert.Throws<VersionException>(() => WeightsRegistryEditor.PlanRegistration("r.json", RegistrySamples.Valid, Registration(range: "1.0"))).ErrorId);
        Assert.Equal(RegistryCodes.Tag, Assert.Throws<WeightsRegistryException>(() => WeightsRegistryEditor.PlanRegistration("r.json", RegistrySamples.Valid, Registration() with { Tag = "weights-v7.7" })).Code);
    }

    [Fact]
    public async Task A_patch_is_written_whole_and_only_over_the_text_it_was_computed_from()
    {
        var path = Path.Combine(_dir, "weights-registry.json");
        var created = await WeightsRegistryEditor.PlanRegistrationAsync(path, Registration());
        Assert.Null(created.BaseSha256);
        Assert.Equal("/models/cser-detector", Assert.Single(created.Operations).Pointer);
        await WeightsRegistryEditor.ApplyAsync(created);
        Assert.Equal(created.NewText, await File.ReadAllTextAsync(path));
        Assert.Equal("1.2", (await WeightsRegistryReader.ReadAsync(path)).Find("cser-detector")!.Latest);

        var next = await WeightsRegistryEditor.PlanRegistrationAsync(path, Registration("1.3", "3"));
        await File.AppendAllTextAsync(path, " "); // someone edits the file meanwhile
        var changed = await Assert.ThrowsAsync<WeightsRegistryException>(() => WeightsRegistryEditor.ApplyAsync(next));
        Assert.Equal((WeightsRegistryException.RegistryChanged, RegistryCodes.Changed), (changed.ErrorId, changed.Code));
        Assert.EndsWith(" ", await File.ReadAllTextAsync(path));
        Assert.Single(Directory.GetFiles(_dir)); // no temporary file left
    }

    [Fact]
    public async Task A_registry_that_cannot_be_written_is_left_as_it_was()
    {
        var path = Path.Combine(_dir, "weights-registry.json");
        var patch = await WeightsRegistryEditor.PlanRegistrationAsync(path, Registration());
        Directory.CreateDirectory(path); // something that no file can replace (whoever runs the test) now holds the name
        var ex = await Assert.ThrowsAsync<WeightsRegistryException>(() => WeightsRegistryEditor.ApplyAsync(patch));
        Assert.Equal((WeightsRegistryException.RegistryUnwritable, RegistryCodes.Io, path), (ex.ErrorId, ex.Code, ex.File));
        Assert.True(Directory.Exists(path));
        Assert.Empty(Directory.GetFiles(_dir)); // the temporary file is gone
    }

    [Fact]
    public async Task A_cancelled_write_leaves_the_registry_and_no_temporary_file()
    {
        var path = Path.Combine(_dir, "weights-registry.json");
        await File.WriteAllTextAsync(path, RegistrySamples.Valid);
        var patch = await WeightsRegistryEditor.PlanRegistrationAsync(path, Registration());
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => WeightsRegistryEditor.ApplyAsync(patch, cancelled.Token));
        Assert.Equal(RegistrySamples.Valid, await File.ReadAllTextAsync(path));
        Assert.Single(Directory.GetFiles(_dir));
    }

    [Fact]
    public void Codes_are_unique_and_prefixed()
    {
        var codes = typeof(RegistryCodes).GetFields().Select(f => (string)f.GetValue(null)!).ToList();
        Assert.Equal(codes.Count, codes.Distinct().Count());
        Assert.All(codes, c => Assert.StartsWith("REG_", c));
    }
}
