using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ModelRelease.Core.Releases.Names;
using ModelRelease.Core.Releases.Registry;
using ModelRelease.Core.Releases.Versions;
using YamlDotNet.Core;

namespace ModelRelease.Core.Releases.Manifests;

/// <summary>
/// Reads a release manifest and checks it: the YAML (MAN_YAML with the line), the published schema (MAN_SCHEMA_* with
/// the JSON path and line of each value — a misspelt variant field is MAN_SCHEMA_ADDITIONAL naming the known ones),
/// then what a schema cannot say: each variant's repository is one the Hub accepts (MAN_REPOSITORY) and names one
/// variant (MAN_VARIANT_DUPLICATE), counts and tolerances parse (MAN_COUNT, MAN_TOLERANCE), the version is a version
/// (MAN_VERSION), and every file and folder named exists (MAN_FILE_MISSING). Every problem is collected; a manifest
/// with any is a <see cref="ReleaseManifestException"/> (ReleaseManifestInvalid) carrying them all.
/// </summary>
public static class ReleaseManifestReader
{
    /// <summary>The largest manifest read.</summary>
    public const long MaxBytes = 1024 * 1024;

    /// <summary>The placeholder each variant's name replaces.</summary>
    public const string VariantPlaceholder = "{variant}";

    public static async Task<ReleaseManifest> ReadAsync(string path, CancellationToken cancellationToken = default)
    {
        var full = Path.GetFullPath(path);
        string text;
        try
        {
            var info = new FileInfo(full);
            if (!info.Exists)
            {
                throw new ReleaseManifestException(ReleaseManifestException.ManifestNotFound, ManifestCodes.NotFound, full, "the manifest file does not exist", ErrorKind.NotFound)
                {
                    RecommendedAction = "Give the path of the family's release.yaml (its schema is schemas/release-manifest.schema.json in the module folder).",
                };
            }
            if (info.Length > MaxBytes) throw Invalid(full, [new ManifestFinding(FindingSeverity.Error, ManifestCodes.Yaml, "$", $"the file has {info.Length} bytes; a manifest has at most {MaxBytes}") { Path = full }]);
            text = await File.ReadAllTextAsync(full, new UTF8Encoding(false, throwOnInvalidBytes: true), cancellationToken).ConfigureAwait(false);
        }
        catch (DecoderFallbackException ex)
        {
            throw Invalid(full, [new ManifestFinding(FindingSeverity.Error, ManifestCodes.Yaml, "$", $"the file is not UTF-8: {ex.Message}") { Path = full }]);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ReleaseManifestException(ReleaseManifestException.ManifestInvalid, ManifestCodes.Yaml, full, $"cannot read the manifest: {ex.Message}", ErrorKind.PermissionDenied, ex);
        }
        return Parse(text, full);
    }

    /// <summary>Reads and checks manifest text; relative paths are read from <paramref name="path"/>'s folder.</summary>
    public static ReleaseManifest Parse(string text, string path)
    {
        ArgumentNullException.ThrowIfNull(text);
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        JsonNode? root;
        IReadOnlyDictionary<string, int> lines;
        try
        {
            (root, lines) = ManifestYaml.Read(text);
        }
        catch (YamlException ex)
        {
            var line = (int)ex.Start.Line;
            throw Invalid(path, [new ManifestFinding(FindingSeverity.Error, ManifestCodes.Yaml, "$", $"the file is not YAML on line {line}, column {ex.Start.Column}: {Inner(ex)}") { Path = path, Line = line }]);
        }
        int? LineOf(string jsonPath)
        {
            for (var p = jsonPath; p.Length > 0; p = Parent(p))
            {
                if (lines.TryGetValue(p, out var l)) return l;
            }
            return null;
        }

        using var document = JsonDocument.Parse(root?.ToJsonString() ?? "null");
        var findings = ManifestSchema.Validator.Validate(document.RootElement)
            .Select(f => new ManifestFinding(f.Severity, ManifestCode(f.Code), f.JsonPath, f.Message) { Path = path, Line = LineOf(f.JsonPath) })
            .ToList();
        if (findings.Count > 0) throw Invalid(path, findings);

        var r = document.RootElement;
        void Add(string code, string jsonPath, string message) =>
            findings.Add(new ManifestFinding(FindingSeverity.Error, code, jsonPath, $"{jsonPath} {message}") { Path = path, Line = LineOf(jsonPath) });
        string Full(string relative) => Path.GetFullPath(Path.Combine(folder, relative));
        string? Existing(string? relative, string jsonPath, bool folderAllowed)
        {
            if (relative is null) return null;
            var full = Full(relative);
            if (!File.Exists(full) && !(folderAllowed && Directory.Exists(full))) Add(ManifestCodes.FileMissing, jsonPath, $"names {relative}, and {full} does not exist");
            return full;
        }

        ParsedVersion? version = null;
        if (r.TryGetProperty("version", out var v))
        {
            var raw = v.ValueKind == JsonValueKind.Number ? v.GetRawText() : v.GetString()!;
            if (VersionParser.TryParse(raw, out var parsed, out var error)) version = parsed;
            else Add(ManifestCodes.Version, "$.version", $"'{JsonSchemaValidator.Printable(raw)}' is not a version: {error.Detail}");
        }
        var card = r.TryGetProperty("card", out var c) ? c : default;
        string? CardValue(string name) => card.ValueKind == JsonValueKind.Object && card.TryGetProperty(name, out var x) ? x.GetString() : null;
        var familyFiles = Strings(r, "files");
        var repositoryPattern = r.GetProperty("repository").GetString()!;
        var variants = new List<ManifestVariant>();
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var repositories = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var i = 0;
        foreach (var item in r.GetProperty("variants").EnumerateArray())
        {
            var at = $"$.variants[{i++}]";
            var name = item.GetProperty("name").GetString()!;
            string Sub(string s) => s.Replace(VariantPlaceholder, name, StringComparison.Ordinal);
            if (!names.Add(name)) Add(ManifestCodes.VariantDuplicate, $"{at}.name", $"'{name}' names two variants");
            var repository = Sub(item.TryGetProperty("repository", out var repo) ? repo.GetString()! : repositoryPattern);
            var repoProblems = HubNameRules.CheckRepoId(repository);
            if (repository.Split('/').Length != 2 || repoProblems.Count > 0)
            {
                Add(ManifestCodes.Repository, item.TryGetProperty("repository", out _) ? $"{at}.repository" : "$.repository",
                    $"gives {name} the repository '{JsonSchemaValidator.Printable(repository)}', which is not namespace/name as the Hub accepts it{(repoProblems.Count > 0 ? ": " + string.Join("; ", repoProblems.Select(p => p.Message)) : "")}");
            }
            else if (!repositories.TryAdd(repository, name))
            {
                Add(ManifestCodes.VariantDuplicate, $"{at}.name", $"{name} and {repositories[repository]} would both be released to {repository}");
            }
            long? expected = null;
            if (item.TryGetProperty("expectedParameters", out var e))
            {
                var raw = e.ValueKind == JsonValueKind.Number ? e.GetRawText() : e.GetString()!;
                if (ParameterCountText.TryParse(raw, out var count) && count > 0) expected = count;
                else Add(ManifestCodes.Count, $"{at}.expectedParameters", $"'{JsonSchemaValidator.Printable(raw)}' is not a parameter count; write it like 15800000, 15.8M, 1.2B or 350K");
            }
            var tolerance = 0d;
            if (item.TryGetProperty("tolerance", out var t))
            {
                var raw = t.ValueKind == JsonValueKind.Number ? t.GetDouble().ToString(CultureInfo.InvariantCulture) : t.GetString()!;
                if (!ToleranceText.TryParse(raw, out tolerance)) Add(ManifestCodes.Tolerance, $"{at}.tolerance", $"'{JsonSchemaValidator.Printable(raw)}' is not a tolerance; write it like 1% or 0.01 (at most 100%)");
            }
            var files = new List<string>();
            var f = 0;
            foreach (var file in familyFiles) files.Add(Existing(Sub(file), $"$.files[{f++}]", folderAllowed: false)!);
            f = 0;
            foreach (var file in Strings(item, "files")) files.Add(Existing(Sub(file), $"{at}.files[{f++}]", folderAllowed: false)!);
            variants.Add(new ManifestVariant
            {
                Name = name,
                Repository = repository,
                Checkpoint = Existing(Sub(item.GetProperty("checkpoint").GetString()!), $"{at}.checkpoint", folderAllowed: true)!,
                Config = Existing(item.TryGetProperty("config", out var cfg) ? Sub(cfg.GetString()!) : null, $"{at}.config", folderAllowed: false),
                Metrics = Existing(item.TryGetProperty("metrics", out var m) ? Sub(m.GetString()!) : null, $"{at}.metrics", folderAllowed: false),
                ExpectedParameters = expected,
                Tolerance = tolerance,
                CardTemplate = item.TryGetProperty("card", out var ct) ? Existing(Sub(ct.GetString()!), $"{at}.card", false)
                    : CardValue("template") is { } template ? Existing(Sub(template), "$.card.template", false) : null,
                Files = files.Distinct(StringComparer.Ordinal).ToList(),
            });
        }
        var directions = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var regressionIsError = false;
        if (r.TryGetProperty("metrics", out var metrics))
        {
            if (metrics.TryGetProperty("direction", out var d)) foreach (var p in d.EnumerateObject()) directions[p.Name] = p.Value.GetString()!;
            regressionIsError = metrics.TryGetProperty("regression", out var reg) && reg.GetString() == "error";
        }
        var manifest = new ReleaseManifest
        {
            Path = path,
            Family = r.TryGetProperty("family", out var fam) ? fam.GetString() : null,
            Version = version,
            License = r.TryGetProperty("license", out var lic) ? lic.GetString() : null,
            Language = Strings(r, "language"),
            Private = r.TryGetProperty("private", out var priv) && priv.ValueKind == JsonValueKind.True,
            CardPolicy = Existing(CardValue("policy"), "$.card.policy", false),
            CardSections = Existing(CardValue("sections"), "$.card.sections", false),
            AllowUnfinishedCard = card.ValueKind == JsonValueKind.Object && card.TryGetProperty("allowUnfinished", out var au) && au.ValueKind == JsonValueKind.True,
            RequiredFiles = Strings(r, "requiredFiles"),
            Changes = Strings(r, "changes"),
            MetricDirections = directions,
            MetricRegressionIsError = regressionIsError,
            Variants = variants,
        };
        if (findings.Count > 0) throw Invalid(path, findings);
        return manifest;
    }

    private static IReadOnlyList<string> Strings(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var list) && list.ValueKind == JsonValueKind.Array ? list.EnumerateArray().Select(x => x.GetString()!).ToList() : [];

    /// <summary>The validator's codes (REG_SCHEMA_TYPE) as the manifest's (MAN_SCHEMA_TYPE).</summary>
    private static string ManifestCode(string code) => code.StartsWith("REG_", StringComparison.Ordinal) ? "MAN_" + code["REG_".Length..] : code;

    private static string Parent(string jsonPath)
    {
        if (jsonPath == "$") return "";
        var cut = Math.Max(jsonPath.LastIndexOf('.'), jsonPath.LastIndexOf('['));
        return cut <= 0 ? "$" : jsonPath[..cut];
    }

    private static string Inner(YamlException ex)
    {
        var message = ex.InnerException?.Message ?? ex.Message;
        var cut = message.IndexOf("): ", StringComparison.Ordinal);
        return cut > 0 && message.StartsWith('(') ? message[(cut + 3)..] : message;
    }

    private static ReleaseManifestException Invalid(string path, IReadOnlyList<ManifestFinding> findings)
    {
        var shown = string.Join("; ", findings.Take(5).Select(f => $"{f.Message}{(f.Line is null ? "" : $" (line {f.Line})")} [{f.Code}]"));
        var more = findings.Count > 5 ? $" (and {findings.Count - 5} more)" : "";
        return new ReleaseManifestException(ReleaseManifestException.ManifestInvalid, findings[0].Code, path, $"the manifest is not valid: {shown}{more}")
        {
            Findings = findings,
            RecommendedAction = $"Fix the values at the paths and lines named; the schema is {ManifestSchema.FileName} in the module's schemas folder.",
        };
    }
}
