using System.Globalization;
using ModelRelease.Core.Checkpoints.Validation;
using ModelRelease.Core.Operations.Gate;
using ModelRelease.Core.Registry;
using ModelRelease.Core.Registry.Audit;
using ModelRelease.Core.Registry.Documents;
using ModelRelease.Core.Releases.Names;

namespace ModelRelease.Core.Operations.Registry;

/// <summary>What New-ModelVersion registers.</summary>
public sealed record AddModelVersionOptions : ModelRegistryRequest
{
    public required string Component { get; init; }

    public required string Version { get; init; }

    public required string Architecture { get; init; }

    /// <summary>The weights: checkpoint files or folders (full paths); checked through the checkpoint gate (deep).</summary>
    public required IReadOnlyList<string> Weights { get; init; }

    /// <summary>performance.json to store (full path): each metric's value and direction.</summary>
    public required string Performance { get; init; }

    /// <summary>A YAML config to store as config.yaml; null writes one from the version's fields.</summary>
    public string? Config { get; init; }

    public required string Description { get; init; }

    public IReadOnlyList<string> Authors { get; init; } = [];

    public IReadOnlyDictionary<string, object> Training { get; init; } = new Dictionary<string, object>();

    public IReadOnlyDictionary<string, string> Dependencies { get; init; } = new Dictionary<string, string>();

    public string Changelog { get; init; } = "";

    /// <summary>The model ids' prefix; null takes the policy's (else "model").</summary>
    public string? Prefix { get; init; }

    /// <summary>The date in the model id; null: today (UTC).</summary>
    public DateTime? Date { get; init; }
}

/// <summary>What Get-ModelVersion lists.</summary>
public sealed record ListModelVersionsOptions : ModelRegistryRequest
{
    public string? Component { get; init; }

    public string? Version { get; init; }

    public ModelStatus? Status { get; init; }
}

/// <summary>
/// Registers a version in the store: checks everything first (names, the policy's components, performance.json against
/// its schema, the config, the weights through the checkpoint gate, that the version is new), then writes
/// <c>models/{component}/v{X.Y.Z}/</c> (weights, config.yaml, metadata.json, performance.json) beside the store in a
/// temporary folder moved into place, and records the version as development in the registry with its audit entry. When
/// the database refuses, the folder is removed: nothing is written when a check fails.
/// </summary>
public sealed class ModelVersionRegistration
{
    private readonly ModelReleaseSession _session;
    private readonly ModelRegistryOperations _registry;

    internal ModelVersionRegistration(ModelReleaseSession session, ModelRegistryOperations registry)
    {
        _session = session;
        _registry = registry;
    }

    public async Task<ModelVersionStatus?> AddAsync(AddModelVersionOptions options, OperationDecider? decide = null, IProgress<GateProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var location = options.Location;
        var store = _registry.Store(location);
        var component = RegistryInput.Component(options.Component);
        var version = RegistryInput.Version(options.Version);
        var architecture = RegistryInput.Architecture(options.Architecture);
        var description = RegistryInput.Text(options.Description, "a description (-Description / --description)", 4000);
        var actor = ModelRegistryOperations.ActorOf(options.Actor);
        var authors = options.Authors.Count > 0 ? options.Authors.Select(a => RegistryInput.Text(a, "an author", 200)).ToList() : [actor];

        var policy = await ModelPolicy.ReadAsync(location, cancellationToken).ConfigureAwait(false);
        var componentPolicy = policy?.For(component);
        if (policy is not null && componentPolicy is null)
        {
            throw new ModelRegistryException(ModelRegistryErrors.ComponentUnknown, ModelRegistryCodes.ComponentNotInPolicy, component,
                $"the policy {policy.Path} has no component '{component}'; it lists {string.Join(", ", policy.Components.Keys)}", ErrorKind.NotFound)
            {
                RecommendedAction = "Check the name, or add the component (its thresholds and approvers) to the policy first.",
            };
        }
        var prefix = options.Prefix ?? policy?.Prefix ?? "model";
        var performance = await ModelPerformance.ReadAsync(options.Performance, cancellationToken).ConfigureAwait(false);
        var performanceText = await File.ReadAllTextAsync(options.Performance, cancellationToken).ConfigureAwait(false);
        var configText = options.Config is { } config ? await ReadConfigAsync(config, cancellationToken).ConfigureAwait(false) : DefaultConfig(component, architecture, version);
        var date = (options.Date ?? store.Now.UtcDateTime).Date;
        var modelId = BuildModelId(prefix, component, architecture, version, date);

        // The weights, through the one checkpoint gate (deep: a NaN never reaches the store).
        var gate = await _session.Gate.CheckAsync(new CheckpointGateOptions
        {
            Inputs = options.Weights,
            ReadNamedFiles = true,
            RequireCheckpoint = true,
            Validation = new CheckpointValidationOptions { Deep = true },
        }, progress, cancellationToken).ConfigureAwait(false);
        if (!gate.Passed)
        {
            var why = string.Join("; ", gate.Files.Where(f => f.Refused).Select(f => $"{Path.GetFileName(f.Path)}: {string.Join(", ", (f.Validation?.Findings ?? []).Concat(f.Findings).Where(x => x.Severity == FindingSeverity.Error).Select(x => x.Code).Distinct())}")
                .Concat(gate.Findings.Where(f => f.Severity == FindingSeverity.Error).Select(f => f.Code)));
            throw new ModelRegistryException(ModelRegistryErrors.CheckpointRefused, ModelRegistryCodes.Checkpoint, string.Join(", ", options.Weights),
                $"the checkpoint gate refused the weights of {component} {version}: {why}", ErrorKind.InvalidData);
        }
        var files = gate.Files.Where(f => f.Role is FileRole.Checkpoint or FileRole.Shard).Select(f => f.Path).ToList();
        var duplicate = files.GroupBy(Path.GetFileName, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw RegistryInput.Invalid(ModelRegistryCodes.Checkpoint, duplicate.Key, $"two weights files are named {duplicate.Key}; a version folder holds each name once");
        }
        var hashes = await _session.Hasher.HashManyAsync(files, null, cancellationToken).ConfigureAwait(false);
        var entries = new List<ModelFileEntry>();
        for (var i = 0; i < files.Count; i++)
        {
            var validation = gate.Files.First(f => f.Path == files[i]).Validation;
            entries.Add(new ModelFileEntry(Path.GetFileName(files[i]), validation?.Format?.ToString() ?? "Shard", new FileInfo(files[i]).Length, hashes[i], validation?.ParameterCount ?? validation?.Checkpoint?.ParameterCount ?? 0));
        }
        var parameterCount = gate.Validations.Sum(v => v.ParameterCount ?? v.Checkpoint?.ParameterCount ?? 0);

        var now = store.Now;
        var metadata = new ModelMetadata
        {
            ModelId = modelId,
            Component = component,
            Version = version,
            Description = description,
            Architecture = architecture,
            ParameterCount = parameterCount,
            Files = entries,
            Training = options.Training,
            Performance = performance.Metrics.ToDictionary(m => m.Name, m => m.Value, StringComparer.Ordinal),
            Dependencies = options.Dependencies,
            Authors = authors,
            RequiredApprovals = componentPolicy?.RequiredApprovals ?? 1,
            Approvers = componentPolicy?.Approvers ?? [],
            Changelog = options.Changelog,
            RegisteredAt = now,
            RegisteredBy = actor,
        };
        // What is written must read back against the published schema.
        StoreJson.Parse(StoreFiles.Utf8.GetBytes(metadata.ToJson()), "metadata.json", RegistrySchemas.Metadata, "metadata file").Dispose();

        await using var database = await store.OpenAsync(create: true, cancellationToken).ConfigureAwait(false);
        var existing = await store.VersionsAsync(database, null, component, cancellationToken).ConfigureAwait(false);
        if (existing.Any(v => v.Version == version)) throw Exists(component, version);

        var folder = location.VersionFolder(component, version);
        if (!await ModelRegistryOperations.AskAsync(decide, $"{component} {version} ({modelId})", $"Register in {location.Display} and write {folder}", cancellationToken).ConfigureAwait(false)) return null;

        var temporary = Path.Combine(Path.GetDirectoryName(folder)!, $".v{version}.{Guid.NewGuid():N}.tmp");
        try
        {
            Directory.CreateDirectory(temporary);
            foreach (var file in files) File.Copy(file, Path.Combine(temporary, Path.GetFileName(file)));
            await File.WriteAllTextAsync(Path.Combine(temporary, "config.yaml"), configText, StoreFiles.Utf8, cancellationToken).ConfigureAwait(false);
            await File.WriteAllTextAsync(Path.Combine(temporary, "metadata.json"), metadata.ToJson(), StoreFiles.Utf8, cancellationToken).ConfigureAwait(false);
            await File.WriteAllTextAsync(Path.Combine(temporary, "performance.json"), performanceText, StoreFiles.Utf8, cancellationToken).ConfigureAwait(false);
            // A folder the registry does not know is what a crash left between the move and the commit: the database decides.
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
            Directory.Move(temporary, folder);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            StoreFiles.TryDeleteFolder(temporary);
            throw StoreFiles.Unwritable(folder, ex);
        }
        catch
        {
            StoreFiles.TryDeleteFolder(temporary);
            throw;
        }

        try
        {
            await store.ChangeAsync(database, async (transaction, context) =>
            {
                var again = await store.VersionsAsync(database, transaction, component, cancellationToken).ConfigureAwait(false);
                if (again.Any(v => v.Version == version)) throw Exists(component, version);
                var entry = await context.AppendAsync(transaction, now, actor, "register", component, version, "registered",
                    new Dictionary<string, string>
                    {
                        ["modelId"] = modelId,
                        ["architecture"] = architecture,
                        ["parameterCount"] = parameterCount.ToString(CultureInfo.InvariantCulture),
                        ["status"] = ModelStatusText.Format(ModelStatus.Development),
                        ["files"] = string.Join(",", entries.Select(e => $"{e.Name}:{e.Sha256}")),
                        ["metrics"] = string.Join(",", performance.Metrics.Select(m => $"{m.Name}={m.Value.ToString("R", CultureInfo.InvariantCulture)}")),
                    }, cancellationToken).ConfigureAwait(false);
                await database.ExecuteAsync(transaction,
                    "INSERT INTO model_versions (component, version, model_id, architecture, status, path, parameter_count, registered_at, registered_by, status_changed_at, emergency) " +
                    "VALUES (@c, @v, @id, @a, @s, @p, @n, @at, @by, @at, 0)", cancellationToken,
                    ("c", component), ("v", version), ("id", modelId), ("a", architecture), ("s", ModelStatusText.Format(ModelStatus.Development)),
                    ("p", Path.GetRelativePath(location.Root, folder).Replace('\\', '/')), ("n", parameterCount), ("at", AuditChain.Time(now)), ("by", actor)).ConfigureAwait(false);
                return entry;
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (ModelRegistryException ex) when (ex.ErrorId != ModelRegistryErrors.StoreUnwritable)
        {
            StoreFiles.TryDeleteFolder(folder);
            throw;
        }
        return await store.VersionAsync(database, null, component, version, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The versions of the registry (of a component, of a status), in component and version order.</summary>
    public async Task<IReadOnlyList<ModelVersionStatus>> ListAsync(ListModelVersionsOptions options, CancellationToken cancellationToken = default)
    {
        var store = _registry.Store(options.Location);
        await using var database = await store.OpenAsync(create: false, cancellationToken).ConfigureAwait(false);
        var component = options.Component is null ? null : RegistryInput.Component(options.Component);
        var versions = await store.VersionsAsync(database, null, component, cancellationToken).ConfigureAwait(false);
        if (component is not null && versions.Count == 0) throw store.ComponentUnknown(component);
        if (options.Version is { } v)
        {
            var version = RegistryInput.Version(v);
            return [await store.VersionAsync(database, null, component ?? throw RegistryInput.Invalid(ModelRegistryCodes.Text, v, "-Version needs -Component"), version, cancellationToken).ConfigureAwait(false)];
        }
        return versions.Where(x => options.Status is null || x.Status == options.Status).ToList();
    }

    /// <summary>The model id of a version: the <c>component</c> name template, read back with the component known.</summary>
    public static string BuildModelId(string prefix, string component, string architecture, string version, DateTime date)
    {
        var template = NameTemplates.Default.Resolve(NameTemplates.Component);
        var fields = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase)
        {
            ["prefix"] = prefix,
            ["component"] = component,
            ["architecture"] = architecture,
            ["version"] = version,
            ["date"] = date,
        };
        try
        {
            return template.Write(fields, new NameOptions { KnownValues = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase) { ["component"] = [component] } }).Name;
        }
        catch (ModelNameException ex)
        {
            throw RegistryInput.Invalid(ModelRegistryCodes.Text, $"{prefix}/{component}/{architecture}/{version}", $"no model id can be built from prefix '{prefix}': {ex.Message}");
        }
    }

    private static ModelRegistryException Exists(string component, string version) =>
        new(ModelRegistryErrors.VersionExists, ModelRegistryCodes.VersionExists, $"{component} {version}", $"{component} {version} is registered already; a version is registered once (bump the version)", ErrorKind.AlreadyExists);

    private static async Task<string> ReadConfigAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path)) throw new ModelRegistryException(ModelRegistryErrors.FileNotFound, ModelRegistryCodes.NotFound, path, $"{path}: no config file here", ErrorKind.NotFound);
        var text = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
        try
        {
            if (!IsYamlMapping(text)) throw new ModelRegistryException(ModelRegistryErrors.FileInvalid, ModelRegistryCodes.Syntax, path, $"{path}: a config is a YAML mapping (key: value)", ErrorKind.InvalidData);
        }
        catch (YamlDotNet.Core.YamlException ex)
        {
            throw new ModelRegistryException(ModelRegistryErrors.FileInvalid, ModelRegistryCodes.Syntax, path, $"{path}: the config is not YAML (line {ex.Start.Line}): {ex.Message}", ErrorKind.InvalidData);
        }
        return text;
    }

    /// <summary>
    /// Whether the first document of <paramref name="text"/> is a mapping, read from the parser's events (throws the
    /// parser's YamlException on bad syntax anywhere, an undefined alias too): what the object deserializer accepted,
    /// without its reflection (Native AOT). A repeated key is accepted, as the deserializer did (the last one wins there).
    /// </summary>
    private static bool IsYamlMapping(string text)
    {
        var parser = new YamlDotNet.Core.Parser(new StringReader(text));
        bool? mapping = null;
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        while (parser.MoveNext())
        {
            var current = parser.Current!;
            if (mapping is null && current is YamlDotNet.Core.Events.NodeEvent first) mapping = first is YamlDotNet.Core.Events.MappingStart;
            if (current is YamlDotNet.Core.Events.AnchorAlias alias && !anchors.Contains(alias.Value.Value))
            {
                throw new YamlDotNet.Core.AnchorNotFoundException(alias.Start, alias.End, $"Alias ${alias.Value} cannot precede anchor declaration");
            }
            if (current is YamlDotNet.Core.Events.NodeEvent { Anchor.IsEmpty: false } node) anchors.Add(node.Anchor.Value);
            if (current is YamlDotNet.Core.Events.DocumentEnd) anchors.Clear();
        }
        return mapping == true;
    }

    private static string DefaultConfig(string component, string architecture, string version) =>
        $"# written by ModelRelease when the version was registered without a config\ncomponent: {component}\narchitecture: {architecture}\nversion: {version}\n";
}
