using System.Management.Automation;
using ModelRelease.Core.Operations;
using ModelRelease.Core.Operations.Registry;
using ModelRelease.Core.Registry;

namespace ModelRelease.Infrastructure;

/// <summary>
/// Base of the governed-lifecycle cmdlets: where the store and its registry are (-Root, -Registry, -Policy) and the one
/// way they call the core: the location resolved through the session state, the work run off the pipeline thread, every
/// write asked through ShouldProcess, every core error written with its stable id.
/// </summary>
public abstract class RegistryCmdlet : ModelReleaseCmdlet
{
    /// <summary>
    /// The store's root folder, which holds models/ (the versions and models/registry/), config/ (the policy, the parameter files) and docs/ (the audit reports). Default: the current location.
    /// </summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Root { get; set; }

    /// <summary>
    /// The registry database: a SQLite file (default: models/registry/model_registry.db under -Root) or a PostgreSQL connection string (Host=db;Database=models;Username=ci;Password=…, or postgresql://ci:…@db/models) that a team's build agents share. A password is never shown.
    /// </summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Registry { get; set; }

    /// <summary>
    /// The lifecycle policy (JSON, schemas/model-policy.schema.json): components, thresholds with their directions, approvers, grace period. Default: config/model_policy.json under -Root.
    /// </summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Policy { get; set; }

    /// <summary>The store and registry the parameters name, paths resolved from the current location.</summary>
    protected ModelRegistryLocation ResolveLocation()
    {
        var root = Root is null ? SessionState.Path.CurrentFileSystemLocation.ProviderPath : PathResolution.ResolveOutput(this, Root);
        var registry = Registry is null || ModelRegistryLocation.IsConnectionString(Registry) ? Registry : PathResolution.ResolveOutput(this, Registry);
        var policy = Policy is null ? null : PathResolution.ResolveOutput(this, Policy);
        return new ModelRegistryLocation { Root = root, Registry = registry, Policy = policy };
    }

    /// <summary>A path parameter resolved from the current location (null stays null).</summary>
    protected string? ResolvePath(string? path) => path is null ? null : PathResolution.ResolveOutput(this, path);

    /// <summary>
    /// Runs one registry call: <paramref name="work"/> gets the session's registry operations, the location, a decider that
    /// asks ShouldProcess on the pipeline thread, and the sink to write through. A core error is written (non-terminating)
    /// with its id and target; <paramref name="target"/> names what failed when the error has no target of its own.
    /// </summary>
    protected void RunRegistry(Func<ModelRegistryOperations, ModelRegistryLocation, OperationDecider, CmdletSink, CancellationToken, Task> work, object? target)
    {
        ModelRegistryLocation location;
        try
        {
            location = ResolveLocation();
        }
        catch (ModelReleaseException ex)
        {
            WriteModelReleaseError(ex, target);
            return;
        }
        try
        {
            Run(async (sink, ct) =>
            {
                using var session = OpenLocalSession();
                await work(session.Models, location, Decider(sink), sink, ct).ConfigureAwait(false);
            });
        }
        catch (ModelReleaseException ex)
        {
            WriteModelReleaseError(ex, target);
        }
    }
}

/// <summary>A registry cmdlet that changes the registry: who makes the change (-Actor) goes into the audit log.</summary>
public abstract class RegistryChangeCmdlet : RegistryCmdlet
{
    /// <summary>
    /// Who makes the change, as the audit log records it. Default: the user name of the session.
    /// </summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Actor { get; set; }
}
