using ModelRelease.Core.Registry;
using ModelRelease.Core.Registry.Documents;
using ModelRelease.Core.Registry.Gates;
using ModelRelease.Core.Registry.Lifecycle;

namespace ModelRelease.Core.Operations.Registry;

/// <summary>What Set-ModelStatus moves.</summary>
public sealed record SetModelStatusOptions : ModelRegistryRequest
{
    public required string Component { get; init; }

    public required string Version { get; init; }

    public required ModelStatus Status { get; init; }

    /// <summary>Why (required; recorded in the audit log).</summary>
    public required string Reason { get; init; }

    /// <summary>The named approvers (production; an emergency needs at least two).</summary>
    public IReadOnlyList<string> Approvers { get; init; } = [];

    /// <summary>Make the move without its gate, on the word of at least two approvers; flagged in the audit report.</summary>
    public bool Emergency { get; init; }

    /// <summary>The test-results file (TRX, JUnit, NUnit XML) of development → testing.</summary>
    public string? TestResults { get; init; }
}

/// <summary>What Invoke-ModelLifecycle sweeps.</summary>
public sealed record SweepOptions : ModelRegistryRequest
{
    public string? Component { get; init; }
}

/// <summary>
/// Moves versions along the lifecycle (<see cref="LifecycleRules"/>), each only through its gate
/// (<see cref="LifecycleGates"/>). A production move deprecates the component's previous production version in the
/// same transaction; the database keeps at most one production version per component whatever happens at once.
/// </summary>
public sealed class ModelLifecycle
{
    private readonly ModelRegistryOperations _registry;

    internal ModelLifecycle(ModelRegistryOperations registry) => _registry = registry;

    /// <summary>The move and, for production, the automatic deprecation of the version it replaces (first); empty when the decider said no.</summary>
    public async Task<IReadOnlyList<ModelStatusChange>> SetStatusAsync(SetModelStatusOptions options, OperationDecider? decide = null, CancellationToken cancellationToken = default)
    {
        var store = _registry.Store(options.Location);
        var component = RegistryInput.Component(options.Component);
        var versionText = RegistryInput.Version(options.Version);
        var reason = RegistryInput.Reason(options.Reason);
        var approvers = RegistryInput.People(options.Approvers);
        var actor = ModelRegistryOperations.ActorOf(options.Actor);
        if (options.Emergency && approvers.Count < 2)
        {
            throw RegistryInput.Invalid(ModelRegistryCodes.EmergencyApprovers, $"{component} {versionText}",
                $"an emergency move needs at least two named approvers; {approvers.Count} given (-Approver / --approver)");
        }

        await using var database = await store.OpenAsync(create: false, cancellationToken).ConfigureAwait(false);
        var version = await store.VersionAsync(database, null, component, versionText, cancellationToken).ConfigureAwait(false);
        var rule = Rule(version, options.Status);
        var policy = await ModelPolicy.ReadAsync(options.Location, cancellationToken).ConfigureAwait(false);

        GateVerdict verdict;
        if (options.Emergency)
        {
            if (policy?.For(component) is { } componentPolicy && LifecycleGates.UnknownApprovers(componentPolicy, approvers) is { Count: > 0 } unknown)
            {
                throw Gate(version, rule, ModelRegistryCodes.ApproverUnknown, $"{string.Join(", ", unknown)} may not approve {component}; the policy names {string.Join(", ", componentPolicy.Approvers)}");
            }
            verdict = new GateVerdict(true, $"emergency: {GateName(rule.Gate)} skipped on the word of {string.Join(", ", approvers)}");
        }
        else
        {
            verdict = await LifecycleGates.EvaluateAsync(rule.Gate, version, policy, options.TestResults, approvers, store.Now, cancellationToken).ConfigureAwait(false);
            if (!verdict.Met) throw Gate(version, rule, verdict.Code!, verdict.Why!);
        }

        if (!await ModelRegistryOperations.AskAsync(decide, $"{component} {versionText}", $"Move from {ModelStatusText.Format(version.Status)} to {ModelStatusText.Format(options.Status)}", cancellationToken).ConfigureAwait(false))
        {
            return [];
        }

        return await store.ChangeAsync(database, async (transaction, context) =>
        {
            // Read again under the write lock: the move applies to the state it was checked against, or to none.
            var current = await store.VersionAsync(database, transaction, component, versionText, cancellationToken).ConfigureAwait(false);
            if (current.Status != version.Status)
            {
                throw new ModelRegistryException(ModelRegistryErrors.Conflict, ModelRegistryCodes.Conflict, $"{component} {versionText}",
                    $"{component} {versionText} moved to {ModelStatusText.Format(current.Status)} while this move was checked; nothing was written", ErrorKind.Conflict);
            }
            var changes = new List<ModelStatusChange>();
            if (options.Status == ModelStatus.Production)
            {
                var all = await store.VersionsAsync(database, transaction, component, cancellationToken).ConfigureAwait(false);
                foreach (var previous in all.Where(v => v.Status == ModelStatus.Production && v.Version != versionText))
                {
                    changes.Add(await store.MoveAsync(transaction, context, previous, ModelStatus.Deprecated, $"superseded by {versionText}", RegistryStore.RegistryActor, [], false, true, "", cancellationToken).ConfigureAwait(false));
                }
                await database.ExecuteAsync(transaction, "DELETE FROM traffic_plans WHERE component = @c", cancellationToken, ("c", component)).ConfigureAwait(false);
            }
            changes.Add(await store.MoveAsync(transaction, context, current, options.Status, reason, actor, approvers, options.Emergency, false, verdict.Seen, cancellationToken).ConfigureAwait(false));
            return (IReadOnlyList<ModelStatusChange>)changes;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// For scheduled scripts: archives every deprecated version whose grace period is over (each asked of
    /// <paramref name="decide"/>: under -WhatIf it is listed, not made) and reports what waits on a gate.
    /// </summary>
    public async Task<IReadOnlyList<LifecycleMove>> SweepAsync(SweepOptions options, OperationDecider? decide = null, CancellationToken cancellationToken = default)
    {
        var store = _registry.Store(options.Location);
        var component = options.Component is null ? null : RegistryInput.Component(options.Component);
        var actor = ModelRegistryOperations.ActorOf(options.Actor);
        await using var database = await store.OpenAsync(create: false, cancellationToken).ConfigureAwait(false);
        var versions = await store.VersionsAsync(database, null, component, cancellationToken).ConfigureAwait(false);
        if (component is not null && versions.Count == 0) throw store.ComponentUnknown(component);
        var policy = await ModelPolicy.ReadAsync(options.Location, cancellationToken).ConfigureAwait(false);
        var moves = new List<LifecycleMove>();
        foreach (var version in versions)
        {
            LifecycleMove Line(ModelStatus to, LifecycleOutcome outcome, string reason) =>
                new() { Component = version.Component, Version = version.Version, From = version.Status, To = to, Outcome = outcome, Reason = reason };
            switch (version.Status)
            {
                case ModelStatus.Deprecated:
                    var grace = await LifecycleGates.EvaluateAsync(MoveGate.GracePeriod, version, policy, null, [], store.Now, cancellationToken).ConfigureAwait(false);
                    if (!grace.Met)
                    {
                        moves.Add(Line(ModelStatus.Archived, LifecycleOutcome.Waiting, grace.Seen));
                        break;
                    }
                    if (!await ModelRegistryOperations.AskAsync(decide, $"{version.Component} {version.Version}", "Archive (deprecated, grace period over)", cancellationToken).ConfigureAwait(false))
                    {
                        moves.Add(Line(ModelStatus.Archived, LifecycleOutcome.WouldApply, grace.Seen));
                        break;
                    }
                    await store.ChangeAsync(database, async (transaction, context) =>
                    {
                        var current = await store.VersionAsync(database, transaction, version.Component, version.Version, cancellationToken).ConfigureAwait(false);
                        if (current.Status != ModelStatus.Deprecated) return 0;
                        await store.MoveAsync(transaction, context, current, ModelStatus.Archived, "grace period over", actor, [], false, true, grace.Seen, cancellationToken).ConfigureAwait(false);
                        return 1;
                    }, cancellationToken).ConfigureAwait(false);
                    moves.Add(Line(ModelStatus.Archived, LifecycleOutcome.Applied, grace.Seen));
                    break;
                case ModelStatus.Development:
                    moves.Add(Line(ModelStatus.Testing, LifecycleOutcome.Waiting, "waits on a test-results file without failures"));
                    break;
                case ModelStatus.Testing:
                    string why;
                    try
                    {
                        var verdict = await LifecycleGates.EvaluateAsync(MoveGate.Performance, version, policy, null, [], store.Now, cancellationToken).ConfigureAwait(false);
                        why = verdict.Met ? $"meets its thresholds, ready for staging ({verdict.Seen})" : $"waits on its thresholds: {verdict.Why}";
                    }
                    catch (ModelRegistryException ex)
                    {
                        why = $"waits on its thresholds: {ex.Detail}";
                    }
                    moves.Add(Line(ModelStatus.Staging, LifecycleOutcome.Waiting, why));
                    break;
                case ModelStatus.Staging:
                    var required = policy?.For(version.Component)?.RequiredApprovals;
                    moves.Add(Line(ModelStatus.Production, LifecycleOutcome.Waiting, required is { } n ? $"waits on {n} approval(s) for production" : "waits on approvals for production"));
                    break;
            }
        }
        return moves;
    }

    private static LifecycleMoveRule Rule(ModelVersionStatus version, ModelStatus to)
    {
        if (version.Status == to)
        {
            throw new ModelRegistryException(ModelRegistryErrors.MoveNotAllowed, ModelRegistryCodes.MoveToSameStatus, $"{version.Component} {version.Version}",
                $"{version.Component} {version.Version} is {ModelStatusText.Format(to)} already", ErrorKind.InvalidOperation);
        }
        var rule = LifecycleRules.Find(version.Status, to);
        var targets = LifecycleRules.Targets(version.Status);
        var allowed = targets.Count == 0 ? "none" : string.Join(", ", targets.Select(ModelStatusText.Format));
        if (rule is null)
        {
            throw new ModelRegistryException(ModelRegistryErrors.MoveNotAllowed, ModelRegistryCodes.MoveNotAllowed, $"{version.Component} {version.Version}",
                $"the lifecycle has no move {ModelStatusText.Format(version.Status)} -> {ModelStatusText.Format(to)} for {version.Component} {version.Version}; from {ModelStatusText.Format(version.Status)} it allows: {allowed}", ErrorKind.InvalidOperation)
            {
                RecommendedAction = to == ModelStatus.Production && version.Status == ModelStatus.Deprecated ? "Bring a previous production version back with Restore-ModelVersion (modelrelease registry rollback)." : null,
            };
        }
        if (rule.Automatic)
        {
            throw new ModelRegistryException(ModelRegistryErrors.MoveNotAllowed, ModelRegistryCodes.MoveAutomaticOnly, $"{version.Component} {version.Version}",
                $"{ModelStatusText.Format(rule.From)} -> {ModelStatusText.Format(rule.To)} is the registry's own move ({rule.Meaning}); from {ModelStatusText.Format(version.Status)} you may move to: {allowed}", ErrorKind.InvalidOperation);
        }
        return rule;
    }

    private static string GateName(MoveGate gate) => gate switch
    {
        MoveGate.TestResults => "the test-results gate",
        MoveGate.Performance => "the thresholds gate",
        MoveGate.Approvals => "the approvals gate",
        MoveGate.GracePeriod => "the grace period",
        _ => "no gate",
    };

    private static ModelRegistryException Gate(ModelVersionStatus version, LifecycleMoveRule rule, string code, string why) =>
        new(ModelRegistryErrors.GateNotMet, code, $"{version.Component} {version.Version}",
            $"{version.Component} {version.Version} stays {ModelStatusText.Format(version.Status)}: {ModelStatusText.Format(rule.From)} -> {ModelStatusText.Format(rule.To)} is refused: {why}", ErrorKind.InvalidOperation);
}
