using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ModelRelease.Core.Releases.Versions;

namespace ModelRelease.Core.Releases.Registry;

/// <summary>
/// Reads a weights registry and checks it: the JSON (REG_JSON with the line), the published schema (REG_SCHEMA_*
/// with the JSON path of each value), then what a schema cannot say: each range parses (REG_RANGE), latest names
/// a version (REG_LATEST), each tag is a tag name that names its version (REG_TAG), no key is there twice
/// (REG_DUPLICATE_KEY). Every problem is collected; a registry with any is a <see cref="WeightsRegistryException"/>
/// (WeightsRegistryInvalid) carrying them all.
/// </summary>
public static class WeightsRegistryReader
{
    /// <summary>The largest registry file read (a registry is small; a larger file is refused before it is read).</summary>
    public const long MaxBytes = 16L * 1024 * 1024;

    /// <summary>Reads and checks the registry file at <paramref name="path"/>.</summary>
    public static async Task<WeightsRegistry> ReadAsync(string path, CancellationToken cancellationToken = default)
    {
        string text;
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists) throw new WeightsRegistryException(WeightsRegistryException.RegistryNotFound, RegistryCodes.NotFound, path, "the registry file does not exist", ErrorKind.NotFound)
            {
                RecommendedAction = "Give the path of the registry file (weights-registry.json in the package's repository); registering the first weights creates it.",
            };
            if (info.Length > MaxBytes) throw Invalid(path, [new RegistryFinding(FindingSeverity.Error, RegistryCodes.Json, "$", $"the file has {info.Length} bytes; a registry has at most {MaxBytes}") { Path = path }]);
            text = await File.ReadAllTextAsync(path, new UTF8Encoding(false, throwOnInvalidBytes: true), cancellationToken).ConfigureAwait(false);
        }
        catch (DecoderFallbackException ex)
        {
            throw Invalid(path, [new RegistryFinding(FindingSeverity.Error, RegistryCodes.Json, "$", $"the file is not UTF-8: {ex.Message}") { Path = path }]);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new WeightsRegistryException(WeightsRegistryException.RegistryUnwritable, RegistryCodes.Io, path, $"cannot read the registry: {ex.Message}", ErrorKind.PermissionDenied, ex);
        }
        return Parse(text, path);
    }

    /// <summary>Reads and checks registry text (<paramref name="path"/> only names it in findings).</summary>
    public static WeightsRegistry Parse(string text, string? path = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var findings = new List<RegistryFinding>();
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Disallow, AllowTrailingCommas = false, MaxDepth = 64 });
        }
        catch (JsonException ex)
        {
            var line = ex.LineNumber is { } l ? (int)l + 1 : (int?)null;
            var at = line is null ? "" : $" on line {line}, byte {ex.BytePositionInLine + 1}";
            throw Invalid(path, [new RegistryFinding(FindingSeverity.Error, RegistryCodes.Json, "$", $"the file is not JSON{at}: {FirstSentence(ex.Message)}") { Path = path, Line = line }]);
        }
        using (document)
        {
            findings.AddRange(RegistrySchema.Validator.Validate(document.RootElement).Select(f => f with { Path = path }));
            if (findings.Count > 0) throw Invalid(path, findings);
            var models = new List<RegistryModel>();
            foreach (var model in document.RootElement.GetProperty("models").EnumerateObject())
            {
                var modelPath = JsonPath.Child("$.models", model.Name);
                var versions = new List<RegistryVersion>();
                foreach (var version in model.Value.GetProperty("versions").EnumerateObject())
                {
                    var versionPath = JsonPath.Child(JsonPath.Child(modelPath, "versions"), version.Name);
                    var key = VersionParser.Parse(version.Name).Version;
                    var tag = version.Value.GetProperty("tag").GetString()!;
                    if (TagNaming.NameProblem(tag) is { } problem)
                    {
                        findings.Add(Error(RegistryCodes.Tag, JsonPath.Child(versionPath, "tag"), $"'{JsonSchemaValidator.Printable(tag)}' is not a tag name: {problem}", path));
                    }
                    else
                    {
                        var read = new TagVersionReader().Read(tag);
                        if (!read.NamesVersion || !VersionOrder.Same(read.Version!, key))
                        {
                            findings.Add(Error(RegistryCodes.Tag, JsonPath.Child(versionPath, "tag"),
                                read.NamesVersion ? $"'{tag}' names version {read.Version}, not {version.Name}" : $"'{tag}' names no version ({read.Reason})", path));
                        }
                    }
                    var rangeText = version.Value.GetProperty("packageVersions").GetString()!;
                    if (!PackageVersionRange.TryParse(rangeText, out var range, out var rangeError))
                    {
                        findings.Add(Error(RegistryCodes.Range, JsonPath.Child(versionPath, "packageVersions"), $"'{JsonSchemaValidator.Printable(rangeText)}' is not a range: {rangeError!.Detail} [{rangeError.Code}]", path));
                        continue;
                    }
                    versions.Add(new RegistryVersion(
                        version.Name,
                        key,
                        tag,
                        version.Value.GetProperty("sha256").GetString()!,
                        version.Value.GetProperty("size").GetInt64(),
                        DateTimeOffset.Parse(version.Value.GetProperty("publishedAt").GetString()!, CultureInfo.InvariantCulture),
                        range!));
                }
                var latest = model.Value.GetProperty("latest").GetString()!;
                if (!model.Value.GetProperty("versions").TryGetProperty(latest, out _))
                {
                    findings.Add(Error(RegistryCodes.Latest, JsonPath.Child(modelPath, "latest"), $"'{latest}' is not one of the model's versions ({string.Join(", ", model.Value.GetProperty("versions").EnumerateObject().Select(v => v.Name))})", path));
                }
                models.Add(new RegistryModel(
                    model.Name,
                    model.Value.GetProperty("repoId").GetString()!,
                    model.Value.GetProperty("file").GetString()!,
                    latest,
                    versions.OrderByDescending(v => v.Version, VersionOrder.Instance).ToList()));
            }
            if (findings.Count > 0) throw Invalid(path, findings);
            return new WeightsRegistry(path, text, Sha256(text), models);
        }
    }

    internal static string Sha256(string text) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text))).ToLowerInvariant();

    private static RegistryFinding Error(string code, string jsonPath, string message, string? path) =>
        new(FindingSeverity.Error, code, jsonPath, $"{jsonPath} {message}") { Path = path };

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }

    private static WeightsRegistryException Invalid(string? path, IReadOnlyList<RegistryFinding> findings)
    {
        var shown = string.Join("; ", findings.Take(5).Select(f => $"{f.Message} [{f.Code}]"));
        var more = findings.Count > 5 ? $" (and {findings.Count - 5} more)" : "";
        return new WeightsRegistryException(WeightsRegistryException.RegistryInvalid, findings[0].Code, path,
            $"the registry is not valid: {shown}{more}")
        {
            Findings = findings,
            RecommendedAction = $"Fix the values at the JSON paths named; the schema is {RegistrySchema.FileName}.",
        };
    }
}
