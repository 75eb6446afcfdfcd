using System.Collections;
using System.Management.Automation;
using ModelRelease.Core.Operations.Registry;
using ModelRelease.Core.Registry;
using ModelRelease.Infrastructure;

namespace ModelRelease.Commands;

/// <summary>
/// <para type="synopsis">Records a tracked parameter set (noise lambdas and the like): its values, effective date, approver, measured metrics and tested scenarios.</para>
/// </summary>
/// <remarks>
/// The set is recorded in the registry with an audit entry and appended to config/parameters/{kind}_parameters.json
/// (schemas/model-parameters.schema.json), whose history is never rewritten. Get-ModelParameter -AsOf answers which set
/// was in force on a day; Export-ModelAudit flags a parameter file whose content differs from what the registry recorded
/// (a change made by hand). A set id is recorded once (ModelVersionExists, MREG_PARAMETER_EXISTS); a parameter file that
/// no longer follows its schema stops the change before anything is written (ModelFileInvalid).
/// </remarks>
/// <example>
/// <code>Register-ModelParameter -Kind noise -ParameterId noise-2023-06-18 -Value @{ base_noise_lambda = 0.10; residual_noise_lambda = 0.05 } -EffectiveDate 2023-06-18 -ApprovedBy alice -Metric @{ fid = 10.9 } -Scenario portraits, landscapes</code>
/// <para>Records the set and appends it to config/parameters/noise_parameters.json.</para>
/// </example>
[Cmdlet(VerbsLifecycle.Register, "ModelParameter", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(ModelParameterSet))]
public sealed class RegisterModelParameterCommand : RegistryChangeCmdlet
{
    /// <summary>The family of parameters (noise): the file is config/parameters/{kind}_parameters.json.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Kind { get; set; } = "";

    /// <summary>The set's id (noise-2023-06-18), recorded once.</summary>
    [Parameter(Mandatory = true, Position = 1)]
    [ValidateNotNullOrEmpty]
    public string ParameterId { get; set; } = "";

    /// <summary>The values by name (@{ base_noise_lambda = 0.10 }).</summary>
    [Parameter(Mandatory = true)]
    public Hashtable? Value { get; set; }

    /// <summary>The day the values take effect.</summary>
    [Parameter(Mandatory = true)]
    public DateTime EffectiveDate { get; set; }

    /// <summary>Who approved the values.</summary>
    [Parameter(Mandatory = true)]
    [ValidateNotNullOrEmpty]
    public string ApprovedBy { get; set; } = "";

    /// <summary>The metrics measured with the values (@{ fid = 10.9 }).</summary>
    [Parameter]
    public Hashtable? Metric { get; set; }

    /// <summary>The scenarios the values were tested in.</summary>
    [Parameter]
    public string[]? Scenario { get; set; }

    /// <summary>Notes for the record.</summary>
    [Parameter]
    public string? Notes { get; set; }

    protected override void ProcessInput() => RunRegistry(async (registry, location, decide, sink, ct) =>
    {
        var set = await registry.Parameters.RegisterAsync(new RegisterParameterOptions
        {
            Location = location,
            Kind = Kind,
            ParameterId = ParameterId,
            Values = RegistryValues.Numbers(PlainValues.Entries(Value), "the value"),
            EffectiveDate = EffectiveDate,
            ApprovedBy = ApprovedBy,
            Metrics = RegistryValues.Numbers(PlainValues.Entries(Metric), "the metric"),
            Scenarios = Scenario ?? [],
            Notes = Notes,
            Actor = Actor,
        }, decide, ct).ConfigureAwait(false);
        if (set is not null) sink.Post(() => WriteObject(set));
    }, $"{Kind} {ParameterId}");
}
