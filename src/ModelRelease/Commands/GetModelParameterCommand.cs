using System.Management.Automation;
using ModelRelease.Core.Operations.Registry;
using ModelRelease.Infrastructure;

namespace ModelRelease.Commands;

/// <summary>
/// <para type="synopsis">Reads tracked parameter sets from the registry: the history, or with -AsOf the set in force on a day.</para>
/// </summary>
/// <remarks>
/// Without -AsOf, every recorded set (of -Kind) in order of effective date. With -AsOf, for each kind the set whose
/// effective date is the latest on or before that day (the later recorded when two share a day); none in force is
/// ModelComponentUnknown with MREG_NOT_FOUND.
/// </remarks>
/// <example>
/// <code>Get-ModelParameter -Kind noise -AsOf 2023-06-20</code>
/// <para>The noise parameters in force on 20 June 2023, with who approved them and what they measured.</para>
/// </example>
[Cmdlet(VerbsCommon.Get, "ModelParameter")]
[OutputType(typeof(ModelParameterSet))]
public sealed class GetModelParameterCommand : RegistryCmdlet
{
    /// <summary>Only this kind (noise).</summary>
    [Parameter(Position = 0)]
    [ValidateNotNullOrEmpty]
    public string? Kind { get; set; }

    /// <summary>The day to answer for: the set in force then.</summary>
    [Parameter]
    public DateTime? AsOf { get; set; }

    protected override void ProcessInput() => RunRegistry(async (registry, location, _, sink, ct) =>
    {
        var sets = await registry.Parameters.GetAsync(new GetParameterOptions { Location = location, Kind = Kind, AsOf = AsOf }, ct).ConfigureAwait(false);
        sink.Post(() => { foreach (var s in sets) WriteObject(s); });
    }, Kind);
}
