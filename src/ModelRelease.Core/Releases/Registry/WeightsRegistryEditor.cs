using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ModelRelease.Core.Releases.Versions;

namespace ModelRelease.Core.Releases.Registry;

/// <summary>
/// Changes to a weights registry, computed as data first (<see cref="PlanRegistration"/>: the JSON Patch operations
/// and the complete new text, which is checked like any registry before it is offered) and written in one atomic step
/// (<see cref="ApplyAsync"/>: a temporary file beside the registry, flushed to disk, then renamed over it; the
/// registry is never half written, and a registry that changed since the patch was computed is left alone).
/// </summary>
public static partial class WeightsRegistryEditor
{
    [GeneratedRegex(@"^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))?$", RegexOptions.CultureInvariant)]
    private static partial Regex VersionKey();

    /// <summary>Patch values as people read them: &lt; and &gt; of a range written as they are.</summary>
    private static readonly JsonSerializerOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>
    /// The patch that records <paramref name="registration"/> in the registry at <paramref name="path"/>, whose current
    /// text is <paramref name="currentText"/> (null: the file does not exist yet and the patch creates it). The model
    /// is added when new; the version is added (recording the same weights again is an empty patch; other weights under
    /// an existing version are refused); latest moves when the version is newer and <see cref="WeightsRegistration.MoveLatest"/>.
    /// </summary>
    public static WeightsRegistryPatch PlanRegistration(string path, string? currentText, WeightsRegistration registration)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(registration);
        var r = registration;
        if (!VersionKey().IsMatch(r.Version))
        {
            throw new WeightsRegistryException(WeightsRegistryException.RegistryInvalid, RegistryCodes.VersionKey, path,
                $"'{JsonSchemaValidator.Printable(r.Version)}' cannot be a weights version: write major.minor (1.1) or major.minor.patch", ErrorKind.InvalidArgument);
        }
        var range = PackageVersionRange.Parse(r.PackageVersions);
        var version = VersionParser.Parse(r.Version).Version;
        var lineEnding = currentText?.Contains("\r\n", StringComparison.Ordinal) == true ? "\r\n" : "\n";

        JsonObject root;
        WeightsRegistry? current = null;
        if (currentText is null)
        {
            root = new JsonObject { ["schemaVersion"] = 1, ["models"] = new JsonObject() };
        }
        else
        {
            current = WeightsRegistryReader.Parse(currentText, path);
            root = (JsonObject)JsonNode.Parse(currentText)!;
        }

        var entry = new JsonObject
        {
            ["tag"] = r.Tag,
            ["sha256"] = r.Sha256.ToLowerInvariant(),
            ["size"] = r.Size,
            ["publishedAt"] = r.PublishedAt.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            ["packageVersions"] = range.Text,
        };
        var operations = new List<RegistryPatchOperation>();
        var models = (JsonObject)root["models"]!;
        var existing = current?.Find(r.Model);
        if (existing is null)
        {
            var model = new JsonObject
            {
                ["repoId"] = r.RepoId,
                ["file"] = r.File,
                ["latest"] = r.Version,
                ["versions"] = new JsonObject { [r.Version] = entry },
            };
            operations.Add(new RegistryPatchOperation("add", JsonPath.Pointer("models", r.Model), model.ToJsonString(Compact)));
            models[r.Model] = model;
        }
        else
        {
            if (existing.RepoId != r.RepoId || existing.File != r.File)
            {
                throw new WeightsRegistryException(WeightsRegistryException.RegistryInvalid, RegistryCodes.ModelConflict, path,
                    $"{r.Model} is published as {existing.RepoId}/{existing.File}, not {r.RepoId}/{r.File}", ErrorKind.InvalidArgument)
                {
                    RecommendedAction = "Register the weights under the model's repository and file, or under a new model name.",
                };
            }
            var model = (JsonObject)models[r.Model]!;
            var versions = (JsonObject)model["versions"]!;
            var same = existing.Versions.FirstOrDefault(v => v.Key == r.Version || VersionOrder.Same(v.Version, version));
            if (same is not null)
            {
                if (same.Key != r.Version || same.Sha256 != r.Sha256.ToLowerInvariant() || same.Size != r.Size || same.Tag != r.Tag || same.PackageVersions.Text != range.Text)
                {
                    throw new WeightsRegistryException(WeightsRegistryException.VersionExists, RegistryCodes.VersionExists, path,
                        $"{r.Model} already has weights {same.Key} ({same.Tag}, sha256 {same.Sha256[..12]}…, packages {same.PackageVersions.Text})", ErrorKind.AlreadyExists)
                    {
                        RecommendedAction = "Publish the new weights as a new version (weights-v" + version.Major + "." + (version.Minor + 1) + ").",
                    };
                }
            }
            else
            {
                operations.Add(new RegistryPatchOperation("add", JsonPath.Pointer("models", r.Model, "versions", r.Version), entry.ToJsonString(Compact)));
                versions[r.Version] = entry;
            }
            if (r.MoveLatest && existing.Latest != r.Version && VersionOrder.Instance.Compare(version, existing.LatestVersion.Version) > 0)
            {
                operations.Add(new RegistryPatchOperation("replace", JsonPath.Pointer("models", r.Model, "latest"), JsonValue.Create(r.Version).ToJsonString(Compact))
                {
                    Previous = JsonValue.Create(existing.Latest).ToJsonString(Compact),
                });
                model["latest"] = r.Version;
            }
        }

        var newText = operations.Count == 0 && currentText is not null
            ? currentText
            : root.ToJsonString(Indented).Replace("\n", lineEnding, StringComparison.Ordinal).Replace("\r\r\n", "\r\n", StringComparison.Ordinal) + lineEnding;
        WeightsRegistryReader.Parse(newText, path); // what will be written is a valid registry
        return new WeightsRegistryPatch
        {
            Path = path,
            Operations = operations,
            NewText = newText,
            BaseSha256 = currentText is null ? null : WeightsRegistryReader.Sha256(currentText),
        };
    }

    /// <summary>The patch for the registry file at <paramref name="path"/> as it is now (absent: created).</summary>
    public static async Task<WeightsRegistryPatch> PlanRegistrationAsync(string path, WeightsRegistration registration, CancellationToken cancellationToken = default)
    {
        var current = File.Exists(path) ? (await WeightsRegistryReader.ReadAsync(path, cancellationToken).ConfigureAwait(false)).Text : null;
        return PlanRegistration(path, current, registration);
    }

    /// <summary>
    /// Writes <paramref name="patch"/>: refuses (REG_CHANGED) when the file is not the text the patch was computed from,
    /// then writes a temporary file beside it, flushes it to disk and renames it over the registry. On any failure the
    /// registry is as it was and the temporary file is gone.
    /// </summary>
    public static async Task ApplyAsync(WeightsRegistryPatch patch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(patch);
        if (patch.IsEmpty && patch.BaseSha256 is not null) return;
        var path = patch.Path;
        string? nowSha = null;
        try
        {
            if (File.Exists(path)) nowSha = WeightsRegistryReader.Sha256(await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw Unwritable(path, ex);
        }
        if (nowSha != patch.BaseSha256)
        {
            throw new WeightsRegistryException(WeightsRegistryException.RegistryChanged, RegistryCodes.Changed, path,
                patch.BaseSha256 is null ? "the registry was created since the patch was computed" : "the registry changed since the patch was computed; nothing was written", ErrorKind.Conflict)
            {
                RecommendedAction = "Compute the patch again from the registry as it is now.",
            };
        }
        await AtomicFile.WriteAllTextAsync(path, patch.NewText, cancellationToken).ConfigureAwait(false);
    }

    private static WeightsRegistryException Unwritable(string path, Exception ex) =>
        new(WeightsRegistryException.RegistryUnwritable, RegistryCodes.Io, path, $"cannot write the registry (it is unchanged): {ex.Message}", ErrorKind.PermissionDenied, ex);
}
