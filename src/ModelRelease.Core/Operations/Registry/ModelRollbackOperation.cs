using System.Data.Common;
using System.Globalization;
using ModelRelease.Core.Registry;
using ModelRelease.Core.Registry.Audit;
using ModelRelease.Core.Registry.Documents;

namespace ModelRelease.Core.Operations.Registry;

/// <summary>What Restore-ModelVersion rolls back.</summary>
public sealed record RollbackOptions : ModelRegistryRequest
{
    public required string Component { get; init; }

    /// <summary>Why the production version is rolled back (required).</summary>
    public required string Reason { get; init; }

    /// <summary>What happened (the incident); null: the reason.</summary>
    public string? What { get; init; }

    /// <summary>The version to bring back; null: the previous production version.</summary>
    public string? Version { get; init; }

    /// <summary>The traffic step in percent; null: the policy's (20 by default).</summary>
    public int? TrafficStep { get; init; }
}

/// <summary>What Set-ModelTraffic changes.</summary>
public sealed record SetTrafficOptions : ModelRegistryRequest
{
    public required string Component { get; init; }

    /// <summary>The share to move to (one of the plan's steps); null: the next step.</summary>
    public int? Share { get; init; }

    public string? Reason { get; init; }
}

/// <summary>
/// Rollback: the production version becomes critical-issue, the previous production version production again, the
/// incident goes into the incident log and the traffic plan (the restored version's share rising in steps) into the
/// registry, all in one transaction with their audit entries. <see cref="SetTrafficAsync"/> advances the plan.
/// </summary>
public sealed class ModelRollbackOperation
{
    private readonly ModelRegistryOperations _registry;

    internal ModelRollbackOperation(ModelRegistryOperations registry) => _registry = registry;

    public async Task<ModelRollback?> RollbackAsync(RollbackOptions options, OperationDecider? decide = null, CancellationToken cancellationToken = default)
    {
        var store = _registry.Store(options.Location);
        var component = RegistryInput.Component(options.Component);
        var reason = RegistryInput.Reason(options.Reason);
        var what = options.What is null ? reason : RegistryInput.Text(options.What, "what happened (-Incident / --incident)");
        var actor = ModelRegistryOperations.ActorOf(options.Actor);
        var wanted = options.Version is null ? null : RegistryInput.Version(options.Version);
        await using var database = await store.OpenAsync(create: false, cancellationToken).ConfigureAwait(false);
        var policy = await ModelPolicy.ReadAsync(options.Location, cancellationToken).ConfigureAwait(false);
        var step = options.TrafficStep ?? policy?.TrafficStep ?? ModelPolicy.DefaultTrafficStep;
        if (step is < 1 or > 100) throw RegistryInput.Invalid(ModelRegistryCodes.Traffic, step, $"a traffic step is 1 to 100 percent, not {step}");

        var (current, previous) = await FindAsync(store, database, null, component, wanted, cancellationToken).ConfigureAwait(false);
        if (!await ModelRegistryOperations.AskAsync(decide, $"{component} {current.Version}", $"Roll back: mark critical-issue, bring {previous.Version} back to production", cancellationToken).ConfigureAwait(false)) return null;

        return await store.ChangeAsync(database, async (transaction, context) =>
        {
            var (critical, restored) = await FindAsync(store, database, transaction, component, wanted, cancellationToken).ConfigureAwait(false);
            var now = store.Now;
            var changes = new List<ModelStatusChange>
            {
                await store.MoveAsync(transaction, context, critical, ModelStatus.CriticalIssue, reason, actor, [], false, false, "rollback", cancellationToken).ConfigureAwait(false),
                await store.MoveAsync(transaction, context, restored, ModelStatus.Production, $"rollback from {critical.Version}: {reason}", actor, [], false, false, $"rollback: {restored.Version} was production before {critical.Version}", cancellationToken).ConfigureAwait(false),
            };
            var day = now.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
            var count = await database.ScalarAsync<long>(transaction, "SELECT COUNT(*) FROM incidents WHERE component = @c AND id LIKE @p", cancellationToken, ("c", component), ("p", $"INC-{day}-{component}-%")).ConfigureAwait(false);
            var incident = new ModelIncident
            {
                Id = $"INC-{day}-{component}-{count + 1}",
                Component = component,
                At = now,
                ReportedBy = actor,
                What = what,
                Reason = reason,
                FromVersion = critical.Version,
                ToVersion = restored.Version,
            };
            var steps = Steps(step);
            var entry = await context.AppendAsync(transaction, now, actor, "rollback", component, restored.Version, reason, new Dictionary<string, string>
            {
                ["incident"] = incident.Id,
                ["what"] = what,
                ["from"] = critical.Version,
                ["to"] = restored.Version,
                ["traffic"] = string.Join(",", steps),
            }, cancellationToken).ConfigureAwait(false);
            await database.ExecuteAsync(transaction, "INSERT INTO incidents (id, component, at, reported_by, what, reason, from_version, to_version, sequence) VALUES (@id, @c, @at, @by, @w, @r, @f, @t, @s)",
                cancellationToken, ("id", incident.Id), ("c", component), ("at", AuditChain.Time(now)), ("by", actor), ("w", what), ("r", reason), ("f", critical.Version), ("t", restored.Version), ("s", entry.Sequence)).ConfigureAwait(false);
            await database.ExecuteAsync(transaction, "DELETE FROM traffic_plans WHERE component = @c", cancellationToken, ("c", component)).ConfigureAwait(false);
            await database.ExecuteAsync(transaction, "INSERT INTO traffic_plans (component, version, steps, step, updated_at) VALUES (@c, @v, @s, 0, @at)", cancellationToken,
                ("c", component), ("v", restored.Version), ("s", string.Join(",", steps)), ("at", AuditChain.Time(now))).ConfigureAwait(false);
            return new ModelRollback
            {
                Component = component,
                CriticalVersion = critical.Version,
                RestoredVersion = restored.Version,
                Incident = incident,
                Traffic = new TrafficPlan { Component = component, Version = restored.Version, Steps = steps, Step = 0, UpdatedAt = now },
                Changes = changes,
            };
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Moves a rollback's traffic plan to its next step (or to the step with <see cref="SetTrafficOptions.Share"/>).</summary>
    public async Task<TrafficPlan?> SetTrafficAsync(SetTrafficOptions options, OperationDecider? decide = null, CancellationToken cancellationToken = default)
    {
        var store = _registry.Store(options.Location);
        var component = RegistryInput.Component(options.Component);
        var actor = ModelRegistryOperations.ActorOf(options.Actor);
        var reason = options.Reason is null ? null : RegistryInput.Reason(options.Reason);
        await using var database = await store.OpenAsync(create: false, cancellationToken).ConfigureAwait(false);
        var plan = await PlanAsync(store, database, null, component, cancellationToken).ConfigureAwait(false);
        var target = Target(plan, options.Share);
        if (!await ModelRegistryOperations.AskAsync(decide, $"{component} {plan.Version}", $"Give {plan.Steps[target]}% of the traffic (now {plan.Share}%)", cancellationToken).ConfigureAwait(false)) return null;
        return await store.ChangeAsync(database, async (transaction, context) =>
        {
            var current = await PlanAsync(store, database, transaction, component, cancellationToken).ConfigureAwait(false);
            var next = Target(current, options.Share);
            var now = store.Now;
            await context.AppendAsync(transaction, now, actor, "traffic", component, current.Version, reason ?? $"traffic step {next + 1} of {current.Steps.Count}", new Dictionary<string, string>
            {
                ["from"] = current.Share.ToString(CultureInfo.InvariantCulture),
                ["to"] = current.Steps[next].ToString(CultureInfo.InvariantCulture),
            }, cancellationToken).ConfigureAwait(false);
            await database.ExecuteAsync(transaction, "UPDATE traffic_plans SET step = @s, updated_at = @at WHERE component = @c", cancellationToken,
                ("s", next), ("at", AuditChain.Time(now)), ("c", component)).ConfigureAwait(false);
            return current with { Step = next, UpdatedAt = now };
        }, cancellationToken).ConfigureAwait(false);
    }

    private static int Target(TrafficPlan plan, int? share)
    {
        if (share is { } s)
        {
            var index = plan.Steps.ToList().IndexOf(s);
            if (index < 0) throw Traffic(plan.Component, $"{s}% is not a step of {plan.Component}'s traffic plan ({string.Join(", ", plan.Steps.Select(x => x + "%"))})");
            if (index == plan.Step) throw Traffic(plan.Component, $"{plan.Component} {plan.Version} has {s}% of the traffic already");
            return index;
        }
        if (plan.IsComplete) throw Traffic(plan.Component, $"{plan.Component} {plan.Version} has all the traffic: the plan is complete");
        return plan.Step + 1;
    }

    private static ModelRegistryException Traffic(string component, string detail) =>
        new(ModelRegistryErrors.RollbackImpossible, ModelRegistryCodes.Traffic, component, detail, ErrorKind.InvalidOperation);

    public static IReadOnlyList<int> Steps(int step)
    {
        var steps = new List<int>();
        for (var share = step; share < 100; share += step) steps.Add(share);
        steps.Add(100);
        return steps;
    }

    private static async Task<TrafficPlan> PlanAsync(RegistryStore store, ModelRelease.Core.Registry.Database.RegistryDatabase database, DbTransaction? transaction, string component, CancellationToken cancellationToken)
    {
        var plans = await database.ListAsync(transaction, "SELECT version, steps, step, updated_at FROM traffic_plans WHERE component = @c", r => new TrafficPlan
        {
            Component = component,
            Version = r.GetString(0),
            Steps = r.GetString(1).Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList(),
            Step = Convert.ToInt32(r.GetValue(2), CultureInfo.InvariantCulture),
            UpdatedAt = AuditChain.ParseTime(r.GetString(3)),
        }, cancellationToken, ("c", component)).ConfigureAwait(false);
        if (plans.Count == 0)
        {
            var versions = await store.VersionsAsync(database, transaction, component, cancellationToken).ConfigureAwait(false);
            if (versions.Count == 0) throw store.ComponentUnknown(component);
            throw Traffic(component, $"{component} has no traffic plan (a rollback makes one: Restore-ModelVersion)");
        }
        return plans[0];
    }

    private static async Task<(ModelVersionStatus Critical, ModelVersionStatus Restored)> FindAsync(RegistryStore store, ModelRelease.Core.Registry.Database.RegistryDatabase database, DbTransaction? transaction,
        string component, string? wanted, CancellationToken cancellationToken)
    {
        var versions = await store.VersionsAsync(database, transaction, component, cancellationToken).ConfigureAwait(false);
        if (versions.Count == 0) throw store.ComponentUnknown(component);
        var current = versions.FirstOrDefault(v => v.Status == ModelStatus.Production)
            ?? throw new ModelRegistryException(ModelRegistryErrors.RollbackImpossible, ModelRegistryCodes.NoProduction, component, $"{component} has no production version to roll back", ErrorKind.InvalidOperation);
        var changes = await store.StatusChangesAsync(database, transaction, cancellationToken).ConfigureAwait(false);
        // Versions that were production before, most recent first, still deprecated (an archived one is gone).
        var candidates = changes.Where(c => c.Component == component && c.From == ModelStatus.Production && c.Version != current.Version)
            .OrderByDescending(c => c.Sequence).Select(c => c.Version).Distinct()
            .Select(v => versions.First(x => x.Version == v)).Where(v => v.Status == ModelStatus.Deprecated).ToList();
        if (wanted is not null)
        {
            var chosen = candidates.FirstOrDefault(v => v.Version == wanted)
                ?? throw new ModelRegistryException(ModelRegistryErrors.RollbackImpossible, ModelRegistryCodes.NoPreviousProduction, $"{component} {wanted}",
                    $"{component} {wanted} cannot be brought back: only a deprecated version that was production can ({(candidates.Count == 0 ? "there is none" : string.Join(", ", candidates.Select(c => c.Version)))})", ErrorKind.InvalidOperation);
            return (current, chosen);
        }
        return candidates.Count > 0
            ? (current, candidates[0])
            : throw new ModelRegistryException(ModelRegistryErrors.RollbackImpossible, ModelRegistryCodes.NoPreviousProduction, component,
                $"{component} has no previous production version to bring back (none was production before {current.Version}, or it was archived)", ErrorKind.InvalidOperation);
    }
}
