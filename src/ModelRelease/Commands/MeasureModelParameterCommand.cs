using System.Management.Automation;
using ModelRelease.Core.Checkpoints;
using ModelRelease.Core.Checkpoints.Parameters;
using ModelRelease.Infrastructure;

namespace ModelRelease.Commands;

/// <summary>
/// <para type="synopsis">Counts a checkpoint's parameters from its header: total, unique (shared storage once), by dtype and by top-level module; optionally against an expected count.</para>
/// </summary>
/// <remarks>
/// Total counts every named tensor; Unique counts tensors that are the same view of the same storage (tied
/// weights) once; ByDType (by canonical dtype name, the same in every format: F32, BF16, Q4_K) and ByGroup (the part
/// of a tensor name before the first '.') break the total down.
/// With -Expected (15.8M, 1.2B, 350K or a number) and -Tolerance (1% or 0.01) the report carries Deviation and
/// WithinTolerance. Also available as Measure-ModelParameters.
/// </remarks>
/// <example>
/// <code>Measure-ModelParameter ./release/model.safetensors -Expected 26.8K -Tolerance 1%</code>
/// <para>Says whether the checkpoint has 26.8 thousand parameters, give or take 1% (WithinTolerance).</para>
/// </example>
/// <example>
/// <code>Get-Checkpoint ./pytorch_model.bin | Measure-ModelParameter | Select-Object -ExpandProperty ByGroup</code>
/// <para>Parameters per top-level module.</para>
/// </example>
[Cmdlet(VerbsDiagnostic.Measure, "ModelParameter", DefaultParameterSetName = ParameterSets.Path)]
[Alias("Measure-ModelParameters")]
[OutputType(typeof(ParameterReport))]
public sealed class MeasureModelParameterCommand : ModelReleaseCmdlet
{
    private readonly Core.Operations.ModelReleaseSession _session = OpenLocalSession();

    /// <summary>A checkpoint from Get-Checkpoint (also bound from the Checkpoint property of a validation).</summary>
    [Parameter(Mandatory = true, ParameterSetName = ParameterSets.Checkpoint, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("InputObject")]
    [AllowNull]
    public Checkpoint? Checkpoint { get; set; }

    /// <summary>Paths of checkpoint files or folders; wildcards are expanded.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = ParameterSets.Path, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = [];

    /// <summary>Paths taken exactly as written (no wildcards); binds to the PSPath of Get-ChildItem output.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ParameterSets.LiteralPath, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LP")]
    [ValidateNotNullOrEmpty]
    public string[] LiteralPath { get; set; } = [];

    /// <summary>The count the checkpoint should have: 15.8M, 1.2B, 350K or a number.</summary>
    [Parameter]
    [ParameterCountTransformation]
    public long? Expected { get; set; }

    /// <summary>Allowed deviation from -Expected: 1% or 0.01.</summary>
    [Parameter]
    [PercentTransformation]
    [ValidateRange(0.0, 1.0)]
    public double Tolerance { get; set; }

    protected override void ProcessInput()
    {
        if (ParameterSetName == ParameterSets.Checkpoint)
        {
            if (Checkpoint is null)
            {
                WriteError(new ErrorRecord(new ArgumentNullException(nameof(Checkpoint), "The input has no checkpoint (its header could not be read)."), "CheckpointMissing", ErrorCategory.InvalidArgument, null));
                return;
            }
            WriteObject(ParameterCounter.Measure(Checkpoint, Expected, Tolerance));
            return;
        }
        var literal = ParameterSetName == ParameterSets.LiteralPath;
        var files = PathResolution.ResolveCheckpointFiles(this, literal ? LiteralPath : Path, literal);
        if (files.Count == 0) return;
        Run(async (sink, ct) =>
        {
            await foreach (var result in _session.Inspector.InspectManyAsync(files, ct).ConfigureAwait(false))
            {
                if (result.Checkpoint is { } checkpoint)
                {
                    try
                    {
                        var report = ParameterCounter.Measure(checkpoint, Expected, Tolerance);
                        sink.Post(() => WriteObject(report));
                    }
                    catch (CheckpointFormatException error) // no exact count (CKPT_PARAMETER_OVERFLOW): this file's error, the others go on
                    {
                        sink.Post(() => WriteModelReleaseError(error, result.Path));
                    }
                }
                else
                {
                    var error = result.Error!;
                    sink.Post(() => WriteModelReleaseError(error, result.Path));
                }
            }
        });
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _session.Dispose();
        base.Dispose(disposing);
    }
}
