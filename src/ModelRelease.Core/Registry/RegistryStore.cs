using System.Data.Common;
using System.Globalization;
using ModelRelease.Core.Registry.Audit;
using ModelRelease.Core.Registry.Database;
using ModelRelease.Core.Registry.Documents;

namespace ModelRelease.Core.Registry;

/// <summary>
/// The registry's reads and writes shared by the operations: versions, status moves (each with its status-change row and
/// audit entry), and the mirrors kept beside the database (<c>audit.jsonl</c>, the parameter files), which are brought up
/// to the database (the source of truth) before and after every change.
/// </summary>
internal sealed class RegistryStore(ModelRegistryLocation location, TimeProvider clock, RegistryHooks? hooks = null)
{
    public const string RegistryActor = "registry";

    public ModelRegistryLocation Location { get; } = location;

    public TimeProvider Clock { get; } = clock;

    public DateTimeOffset Now => AuditChain.ParseTime(AuditChain.Time(Clock.GetUtcNow()));

    public Task<RegistryDatabase> OpenAsync(bool create, CancellationToken cancellationToken) => RegistryDatabase.OpenAsync(Location, create, cancellationToken);

    /// <summary>
    /// One change: brings the mirrors up to the database, runs <paramref name="work"/> in a write transaction (every
    /// check in it reads the locked state), then mirrors what was committed. A mirror that cannot be written does not undo
    /// the change: the next run completes it.
    /// </summary>
    public async Task<T> ChangeAsync<T>(RegistryDatabase database, Func<DbTransaction, WriteContext, Task<T>> work, CancellationToken cancellationToken)
    {
        await SyncMirrorsAsync(database, cancellationToken).ConfigureAwait(false);
        var result = await database.WriteAsync(async (transaction, head) =>
        {
            var context = new WriteContext(database, head);
            return await work(transaction, context).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
        hooks?.AfterCommit?.Invoke();
        await SyncMirrorsAsync(database, cancellationToken).ConfigureAwait(false);
        return result;
    }

    /// <summary>Completes audit.jsonl and the parameter files from the database; returns the audit entries added.</summary>
    public async Task<int> SyncMirrorsAsync(RegistryDatabase database, CancellationToken cancellationToken)
    {
        var entries = await new AuditLog(database).ReadAsync(null, cancellationToken).ConfigureAwait(false);
        var added = await AuditMirror.RepairAsync(Location.AuditMirror, entries, cancellationToken).ConfigureAwait(false);
        foreach (var (kind, sets) in (await ParameterSetsAsync(database, null, null, cancellationToken).ConfigureAwait(false)).GroupBy(s => s.Set.Kind).Select(g => (g.Key, g.ToList())))
        {
            var path = Location.ParameterFile(kind);
            List<(string ParameterId, string Canonical)> inFile;
            try
            {
                inFile = await ParameterFile.ReadAsync(path, cancellationToken).ConfigureAwait(false);
            }
            catch (ModelRegistryException)
            {
                continue; // a file broken by hand is left as evidence; Export-ModelAudit flags it
            }
            var known = inFile.Select(e => e.ParameterId).ToHashSet(StringComparer.Ordinal);
            var missing = sets.Where(s => !known.Contains(s.Set.ParameterId)).Select(s => s.Canonical).ToList();
            if (missing.Count > 0) await ParameterFile.AppendAsync(path, kind, missing, cancellationToken).ConfigureAwait(false);
        }
        return added;
    }

    // ----- versions

    private const string VersionColumns =
        "v.component, v.version, v.model_id, v.architecture, v.status, v.path, v.parameter_count, v.registered_at, v.registered_by, v.status_changed_at, v.emergency, t.version, t.steps, t.step";

    private const string VersionFrom = "FROM model_versions v LEFT JOIN traffic_plans t ON t.component = v.component";

    public async Task<List<ModelVersionStatus>> VersionsAsync(RegistryDatabase database, DbTransaction? transaction, string? component, CancellationToken cancellationToken)
    {
        var list = component is null
            ? await database.ListAsync(transaction, $"SELECT {VersionColumns} {VersionFrom}", ReadVersion, cancellationToken).ConfigureAwait(false)
            : await database.ListAsync(transaction, $"SELECT {VersionColumns} {VersionFrom} WHERE v.component = @c", ReadVersion, cancellationToken, ("c", component)).ConfigureAwait(false);
        return list.OrderBy(v => v.Component, StringComparer.Ordinal).ThenBy(v => SemanticVersion.Parse(v.Version)).ToList();
    }

    /// <summary>The version, or MREG_COMPONENT_UNKNOWN / MREG_VERSION_UNKNOWN.</summary>
    public async Task<ModelVersionStatus> VersionAsync(RegistryDatabase database, DbTransaction? transaction, string component, string version, CancellationToken cancellationToken)
    {
        var versions = await VersionsAsync(database, transaction, component, cancellationToken).ConfigureAwait(false);
        if (versions.Count == 0) throw ComponentUnknown(component);
        return versions.FirstOrDefault(v => v.Version == version) ?? throw new ModelRegistryException(ModelRegistryErrors.VersionUnknown, ModelRegistryCodes.VersionUnknown, $"{component} {version}",
            $"{component} has no version {version}; it has {string.Join(", ", versions.Select(v => v.Version))}", ErrorKind.NotFound);
    }

    public ModelRegistryException ComponentUnknown(string component) =>
        new(ModelRegistryErrors.ComponentUnknown, ModelRegistryCodes.ComponentUnknown, component, $"the registry {Location.Display} has no component '{component}'", ErrorKind.NotFound)
        {
            RecommendedAction = "Register a version of it first (New-ModelVersion / modelrelease registry add), or check the name (Get-ModelVersion lists the components).",
        };

    private ModelVersionStatus ReadVersion(DbDataReader r)
    {
        var component = r.GetString(0);
        var version = r.GetString(1);
        int? share = null;
        if (!r.IsDBNull(11) && r.GetString(11) == version)
        {
            var steps = r.GetString(12).Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList();
            var step = Convert.ToInt32(r.GetValue(13), CultureInfo.InvariantCulture);
            share = steps[Math.Clamp(step, 0, steps.Count - 1)];
        }
        return new ModelVersionStatus
        {
            Component = component,
            Version = version,
            ModelId = r.GetString(2),
            Architecture = r.GetString(3),
            Status = ParseStatus(r.GetString(4)),
            Path = Path.GetFullPath(r.GetString(5), Location.Root),
            ParameterCount = Convert.ToInt64(r.GetValue(6), CultureInfo.InvariantCulture),
            RegisteredAt = AuditChain.ParseTime(r.GetString(7)),
            RegisteredBy = r.GetString(8),
            StatusChangedAt = AuditChain.ParseTime(r.GetString(9)),
            Emergency = Convert.ToInt64(r.GetValue(10), CultureInfo.InvariantCulture) != 0,
            TrafficShare = share,
            Registry = Location.Display,
        };
    }

    public static ModelStatus ParseStatus(string text) => ModelStatusText.TryParse(text, out var s) ? s : throw new InvalidDataException($"unknown status '{text}' in the registry");

    // ----- moves

    /// <summary>
    /// Moves a version (already checked against the lifecycle and its gate) and records it: the version's row, a
    /// status-change row and an audit entry (plus one approval entry per approver of a production move).
    /// </summary>
    public async Task<ModelStatusChange> MoveAsync(DbTransaction transaction, WriteContext context, ModelVersionStatus version, ModelStatus to, string reason, string actor,
        IReadOnlyList<string> approvers, bool emergency, bool automatic, string gate, CancellationToken cancellationToken)
    {
        var now = Now;
        var database = context.Database;
        foreach (var approver in to == ModelStatus.Production ? approvers : [])
        {
            await context.AppendAsync(transaction, now, approver, "approval", version.Component, version.Version, reason,
                new Dictionary<string, string> { ["for"] = ModelStatusText.Format(to), ["emergency"] = emergency ? "true" : "false" }, cancellationToken).ConfigureAwait(false);
        }
        var details = new Dictionary<string, string>
        {
            ["from"] = ModelStatusText.Format(version.Status),
            ["to"] = ModelStatusText.Format(to),
            ["gate"] = gate,
            ["emergency"] = emergency ? "true" : "false",
            ["automatic"] = automatic ? "true" : "false",
        };
        if (approvers.Count > 0) details["approvers"] = string.Join(",", approvers);
        var entry = await context.AppendAsync(transaction, now, actor, "status", version.Component, version.Version, reason, details, cancellationToken).ConfigureAwait(false);
        await database.ExecuteAsync(transaction, "UPDATE model_versions SET status = @s, status_changed_at = @at, emergency = @e WHERE component = @c AND version = @v", cancellationToken,
            ("s", ModelStatusText.Format(to)), ("at", AuditChain.Time(now)), ("e", emergency ? 1 : 0), ("c", version.Component), ("v", version.Version)).ConfigureAwait(false);
        await database.ExecuteAsync(transaction,
            "INSERT INTO status_changes (sequence, component, version, from_status, to_status, reason, actor, approvers, emergency, automatic, gate, at) VALUES (@q, @c, @v, @f, @t, @r, @a, @ap, @e, @au, @g, @at)",
            cancellationToken, ("q", entry.Sequence), ("c", version.Component), ("v", version.Version), ("f", ModelStatusText.Format(version.Status)), ("t", ModelStatusText.Format(to)),
            ("r", reason), ("a", actor), ("ap", string.Join(",", approvers)), ("e", emergency ? 1 : 0), ("au", automatic ? 1 : 0), ("g", gate), ("at", AuditChain.Time(now))).ConfigureAwait(false);
        return new ModelStatusChange
        {
            Component = version.Component,
            Version = version.Version,
            From = version.Status,
            To = to,
            Reason = reason,
            Actor = actor,
            At = now,
            Approvers = approvers,
            Emergency = emergency,
            Automatic = automatic,
            Gate = gate,
            Sequence = entry.Sequence,
        };
    }

    /// <summary>Every status change, in order.</summary>
    public Task<List<ModelStatusChange>> StatusChangesAsync(RegistryDatabase database, DbTransaction? transaction, CancellationToken cancellationToken) =>
        database.ListAsync(transaction, "SELECT sequence, component, version, from_status, to_status, reason, actor, approvers, emergency, automatic, gate, at FROM status_changes ORDER BY sequence",
            r => new ModelStatusChange
            {
                Sequence = Convert.ToInt64(r.GetValue(0), CultureInfo.InvariantCulture),
                Component = r.GetString(1),
                Version = r.GetString(2),
                From = ParseStatus(r.GetString(3)),
                To = ParseStatus(r.GetString(4)),
                Reason = r.GetString(5),
                Actor = r.GetString(6),
                Approvers = r.GetString(7).Split(',', StringSplitOptions.RemoveEmptyEntries),
                Emergency = Convert.ToInt64(r.GetValue(8), CultureInfo.InvariantCulture) != 0,
                Automatic = Convert.ToInt64(r.GetValue(9), CultureInfo.InvariantCulture) != 0,
                Gate = r.GetString(10),
                At = AuditChain.ParseTime(r.GetString(11)),
            }, cancellationToken);

    // ----- parameters

    public async Task<List<(ModelParameterSet Set, string Canonical, long Sequence)>> ParameterSetsAsync(RegistryDatabase database, DbTransaction? transaction, string? kind, CancellationToken cancellationToken)
    {
        var sql = "SELECT kind, entry, sequence FROM parameter_sets" + (kind is null ? "" : " WHERE kind = @k") + " ORDER BY sequence";
        var rows = await database.ListAsync(transaction, sql, r => (Kind: r.GetString(0), Entry: r.GetString(1), Sequence: Convert.ToInt64(r.GetValue(2), CultureInfo.InvariantCulture)), cancellationToken,
            kind is null ? [] : [("k", kind)]).ConfigureAwait(false);
        return rows.Select(r =>
        {
            using var doc = System.Text.Json.JsonDocument.Parse(r.Entry);
            return (ParameterFile.FromJson(doc.RootElement, r.Kind), r.Entry, r.Sequence);
        }).ToList();
    }
}

/// <summary>Test hooks of the registry (a crash between the database's commit and the mirror files).</summary>
internal sealed class RegistryHooks
{
    public Action? AfterCommit { get; init; }
}

/// <summary>The state of one write transaction: the database and the audit chain's head as it moves.</summary>
internal sealed class WriteContext(RegistryDatabase database, AuditHead head)
{
    public RegistryDatabase Database { get; } = database;

    public AuditHead Head { get; private set; } = head;

    public async Task<AuditEntry> AppendAsync(DbTransaction transaction, DateTimeOffset at, string actor, string action, string? component, string? version, string? reason,
        IReadOnlyDictionary<string, string> details, CancellationToken cancellationToken)
    {
        var (entry, head) = await new AuditLog(Database).AppendAsync(transaction, Head, at, actor, action, component, version, reason, details, cancellationToken).ConfigureAwait(false);
        Head = head;
        return entry;
    }
}
