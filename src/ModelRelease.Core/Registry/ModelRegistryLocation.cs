namespace ModelRelease.Core.Registry;

/// <summary>Which database holds a registry.</summary>
public enum RegistryProvider
{
    /// <summary>A SQLite file (the default: <c>models/registry/model_registry.db</c> under the store's root).</summary>
    Sqlite,

    /// <summary>A PostgreSQL database a team's build agents share (the registry given as a connection string).</summary>
    PostgreSql,
}

/// <summary>
/// Where a governed model store and its registry are: the root folder that holds <c>models/</c>, <c>config/</c> and
/// <c>docs/</c>, the registry database (a SQLite file, by default <c>models/registry/model_registry.db</c>, or a
/// PostgreSQL connection string such as <c>Host=db;Database=models;Username=ci;Password=…</c> or
/// <c>postgresql://ci:…@db/models</c>), and the lifecycle policy (by default <c>config/model_policy.json</c>).
/// </summary>
public sealed record ModelRegistryLocation
{
    public const string DefaultDatabase = "models/registry/model_registry.db";
    public const string DefaultPolicy = "config/model_policy.json";

    /// <summary>The store's root folder (full path).</summary>
    public required string Root { get; init; }

    /// <summary>A SQLite file (relative to <see cref="Root"/> when not rooted) or a PostgreSQL connection string; null for the default file.</summary>
    public string? Registry { get; init; }

    /// <summary>The policy file (relative to <see cref="Root"/> when not rooted); null for the default.</summary>
    public string? Policy { get; init; }

    public RegistryProvider Provider => IsConnectionString(Registry) ? RegistryProvider.PostgreSql : RegistryProvider.Sqlite;

    /// <summary>The SQLite file (null for PostgreSQL).</summary>
    public string? DatabaseFile => Provider == RegistryProvider.Sqlite ? Path.GetFullPath(Registry is { Length: > 0 } r ? r : DefaultDatabase, Root) : null;

    public string PolicyFile => Path.GetFullPath(Policy is { Length: > 0 } p ? p : DefaultPolicy, Root);

    /// <summary>
    /// Refuses a policy named explicitly (<see cref="Policy"/>) whose file does not exist: its gates would be skipped
    /// unseen. Only the default location may be absent (a store without a policy). Every registry call checks this first.
    /// </summary>
    public void RequireNamedPolicy()
    {
        if (Policy is not { Length: > 0 } || File.Exists(PolicyFile)) return;
        throw new ModelRegistryException(ModelRegistryErrors.FileNotFound, ModelRegistryCodes.PolicyNotFound, PolicyFile,
            $"the policy {PolicyFile} does not exist; a policy named explicitly must exist (only the default {DefaultPolicy} under the root may be absent)", ErrorKind.NotFound)
        {
            RecommendedAction = "Check the -Policy path, or leave it out to use the store's default policy.",
        };
    }

    public string ModelsFolder => Path.Combine(Root, "models");

    /// <summary><c>models/registry</c>: the default database and the audit mirror.</summary>
    public string RegistryFolder => Path.Combine(Root, "models", "registry");

    public string AuditMirror => Path.Combine(RegistryFolder, "audit.jsonl");

    public string ParametersFolder => Path.Combine(Root, "config", "parameters");

    public string ParameterFile(string kind) => Path.Combine(ParametersFolder, kind + "_parameters.json");

    /// <summary>A version's folder: <c>models/{component}/v{version}</c>.</summary>
    public string VersionFolder(string component, string version) => Path.Combine(ModelsFolder, component, "v" + version);

    /// <summary>The registry as it may be shown: the file, or the connection without its password.</summary>
    public string Display => Provider == RegistryProvider.Sqlite ? DatabaseFile! : Database.ConnectionText.Redact(Registry!);

    /// <summary>True for a PostgreSQL connection string (key=value pairs with a host, or a postgres:// URI) rather than a file path.</summary>
    public static bool IsConnectionString(string? registry)
    {
        if (string.IsNullOrWhiteSpace(registry)) return false;
        var text = registry.Trim();
        if (text.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase)) return true;
        return text.Contains('=', StringComparison.Ordinal) &&
            text.Split(';').Any(part => part.Split('=', 2)[0].Trim() is var key && (key.Equals("Host", StringComparison.OrdinalIgnoreCase) || key.Equals("Server", StringComparison.OrdinalIgnoreCase)));
    }

    public override string ToString() => Display;
}
