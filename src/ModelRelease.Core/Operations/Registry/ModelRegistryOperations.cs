using ModelRelease.Core.Registry;

namespace ModelRelease.Core.Operations.Registry;

/// <summary>
/// The governed lifecycle (DESIGN.md workflow 4), one class per intent: register versions in the store
/// (<see cref="Versions"/>), move them through the lifecycle's gates (<see cref="Lifecycle"/>), roll back
/// (<see cref="Rollback"/>), track parameters (<see cref="Parameters"/>) and answer an auditor (<see cref="Audit"/>).
/// Every call names its store and registry in its options (<see cref="ModelRegistryLocation"/>).
/// </summary>
public sealed class ModelRegistryOperations
{
    private readonly TimeProvider _clock;
    private readonly RegistryHooks? _hooks;

    public ModelRegistryOperations(ModelReleaseSession session, TimeProvider? clock = null)
        : this(session, clock, null)
    {
    }

    internal ModelRegistryOperations(ModelReleaseSession session, TimeProvider? clock, RegistryHooks? hooks)
    {
        _clock = clock ?? TimeProvider.System;
        _hooks = hooks;
        Versions = new ModelVersionRegistration(session, this);
        Lifecycle = new ModelLifecycle(this);
        Rollback = new ModelRollbackOperation(this);
        Parameters = new ModelParameterOperation(this);
        Audit = new ModelAuditOperation(this);
    }

    /// <summary>New-ModelVersion, Get-ModelVersion: the store and the versions in it.</summary>
    public ModelVersionRegistration Versions { get; }

    /// <summary>Set-ModelStatus, Invoke-ModelLifecycle: moves along the lifecycle, each through its gate.</summary>
    public ModelLifecycle Lifecycle { get; }

    /// <summary>Restore-ModelVersion, Set-ModelTraffic: rollback, incident and traffic plan.</summary>
    public ModelRollbackOperation Rollback { get; }

    /// <summary>Register-ModelParameter, Get-ModelParameter: tracked parameters and their history.</summary>
    public ModelParameterOperation Parameters { get; }

    /// <summary>Test-ModelAudit, Get-ModelAuditEntry, Export-ModelAudit, Compare-ModelPerformance.</summary>
    public ModelAuditOperation Audit { get; }

    internal RegistryStore Store(ModelRegistryLocation location)
    {
        location.RequireNamedPolicy();
        return new(location, _clock, _hooks);
    }

    internal static string ActorOf(string? actor) => RegistryInput.Text(string.IsNullOrWhiteSpace(actor) ? Environment.UserName : actor, "the actor", 100);

    internal static async Task<bool> AskAsync(OperationDecider? decide, string target, string action, CancellationToken cancellationToken) =>
        decide is null || await decide(new OperationQuestion(QuestionKind.RegistryChange, target, action), cancellationToken).ConfigureAwait(false);
}

/// <summary>Where a call reads and writes, and who makes it.</summary>
public abstract record ModelRegistryRequest
{
    public required ModelRegistryLocation Location { get; init; }

    /// <summary>Who makes the change (recorded in the audit log); null: the user name of the process.</summary>
    public string? Actor { get; init; }
}
