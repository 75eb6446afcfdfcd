using System.Management.Automation;
using ModelRelease.Core.Checkpoints;
using ModelRelease.Core.Checkpoints.Validation;
using ModelRelease.Infrastructure;

namespace ModelRelease.Commands;

/// <summary>
/// <para type="synopsis">Checks a checkpoint: structure, plausibility, optionally its SHA-256, its parameter count and (-Deep) every tensor's data for NaN, Inf and truncation.</para>
/// </summary>
/// <remarks>
/// Returns a CheckpointValidation per checkpoint: IsValid, and Findings with stable codes (ST_OFFSET, GGUF_BLOCK,
/// PT_UNSAFE_GLOBAL, TENSOR_NAN, CKPT_SHA256_MISMATCH, …), the file, the tensor and the byte offset. A failed check
/// is data, not an error, so a release script can decide; -Quiet returns one Boolean for all inputs instead, which
/// is True only when at least one checkpoint was checked, all were valid and every path could be read (a missing
/// path, a wildcard that matches nothing or a folder without checkpoints is an error, and makes it False).
/// -Deep streams all tensor data once, using every core, and counts NaN and infinities per tensor for F16, BF16,
/// F32 and F64. For a PyTorch zip it also checks the CRC-32 of every record (data.pkl, version, data/0, …) against
/// the archive's central directory in the same pass (PT_ZIP_CRC_MISMATCH names the record). With -Sha256 and -Deep
/// together the file is read once for both.
/// </remarks>
/// <example>
/// <code>Get-Checkpoint ./checkpoints/*.safetensors | Test-Checkpoint -Deep</code>
/// <para>Validates every checkpoint and scans its data for NaN and Inf.</para>
/// </example>
/// <example>
/// <code>if (-not (Test-Checkpoint ./release/model.safetensors -ExpectedParameterCount 26.8K -Tolerance 1% -Quiet)) { exit 1 }</code>
/// <para>A release gate: fails the build when the parameter count is off by more than 1%.</para>
/// </example>
/// <example>
/// <code>Test-Checkpoint ./release/model.safetensors -ExpectedSha256 e59aefbc10cc2327c7371e3b2c7ee14d7e1b623b4312299e11bfc78b7b3efb0f</code>
/// <para>Checks the file against a published hash (here the SHA-256 of the example model, examples/pico-lm/model/model.safetensors); a mismatch makes IsValid false.</para>
/// </example>
[Cmdlet(VerbsDiagnostic.Test, "Checkpoint", DefaultParameterSetName = ParameterSets.Path)]
[OutputType(typeof(CheckpointValidation))]
[OutputType(typeof(bool))]
public sealed class TestCheckpointCommand : ModelReleaseCmdlet
{
    private readonly Core.Operations.ModelReleaseSession _session = OpenLocalSession();
    private readonly Core.CheckVerdict _verdict = new();
    private int _activity;

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

    /// <summary>Compute the SHA-256 of the file (reported in the result).</summary>
    [Parameter]
    public SwitchParameter Sha256 { get; set; }

    /// <summary>The SHA-256 the file must have; a mismatch is a finding (CKPT_SHA256_MISMATCH).</summary>
    [Parameter]
    [ValidatePattern("^[0-9a-fA-F]{64}$")]
    public string? ExpectedSha256 { get; set; }

    /// <summary>The parameter count the checkpoint must have (15.8M, 1.2B, or a number).</summary>
    [Parameter]
    [ParameterCountTransformation]
    public long? ExpectedParameterCount { get; set; }

    /// <summary>Allowed deviation from -ExpectedParameterCount: 1% or 0.01.</summary>
    [Parameter]
    [PercentTransformation]
    [ValidateRange(0.0, 1.0)]
    public double Tolerance { get; set; }

    /// <summary>Stream all tensor data once: NaN and Inf per tensor (F16, BF16, F32, F64), truncation, and the CRC-32 of every record of a PyTorch zip.</summary>
    [Parameter]
    public SwitchParameter Deep { get; set; }

    /// <summary>Return one Boolean for all inputs instead of the validation objects.</summary>
    [Parameter]
    public SwitchParameter Quiet { get; set; }

    protected override void ProcessInput()
    {
        var options = new CheckpointValidationOptions
        {
            ComputeSha256 = Sha256.IsPresent,
            ExpectedSha256 = ExpectedSha256,
            ExpectedParameterCount = ExpectedParameterCount,
            ParameterTolerance = Tolerance,
            Deep = Deep.IsPresent,
        };
        var validator = _session.Validator;
        if (ParameterSetName == ParameterSets.Checkpoint)
        {
            if (Checkpoint is null)
            {
                _verdict.AddUnreadable();
                WriteError(new ErrorRecord(new ArgumentNullException(nameof(Checkpoint), "The input has no checkpoint (its header could not be read)."), "CheckpointMissing", ErrorCategory.InvalidArgument, null));
                return;
            }
            var checkpoint = Checkpoint;
            Run(async (sink, ct) => Emit(sink, await validator.ValidateAsync(checkpoint, options, ProgressFor(sink, checkpoint.Path), ct).ConfigureAwait(false)));
            return;
        }
        var literal = ParameterSetName == ParameterSets.LiteralPath;
        var files = PathResolution.ResolveCheckpointFiles(this, literal ? LiteralPath : Path, literal, _verdict.AddUnreadable);
        if (files.Count == 0) return;
        Run(async (sink, ct) =>
        {
            // Several files are validated in parallel (hashing and deep scans are I/O and CPU bound per file);
            // results are written in input order.
            await foreach (var validation in Core.OrderedParallel.SelectAsync(files, Environment.ProcessorCount,
                (f, token) => validator.ValidateAsync(f, options, ProgressFor(sink, f), token), ct).ConfigureAwait(false))
            {
                Emit(sink, validation);
            }
        });
    }

    protected override void EndProcessing()
    {
        if (!Quiet) return;
        if (_verdict.Checked == 0) WriteWarningLine("No checkpoint was checked, so -Quiet returns False.");
        WriteObject(_verdict.Passed);
    }

    private void Emit(CmdletSink sink, CheckpointValidation validation)
    {
        _verdict.Add(validation.IsValid);
        sink.Post(() =>
        {
            WriteVerboseLine($"{validation.Path}: {(validation.IsValid ? "valid" : "INVALID")}, {validation.ErrorCount} error(s), {validation.WarningCount} warning(s){(validation.Deep ? ", data scanned" : "")}{(validation.Sha256 is { } sha ? $", SHA-256 {sha}" : "")}");
            if (!Quiet) WriteObject(validation);
        });
    }

    private IProgress<ValidationProgress>? ProgressFor(CmdletSink sink, string path)
    {
        if (!Deep && !Sha256 && ExpectedSha256 is null) return null;
        var writer = new ProgressWriter(sink, this, Interlocked.Increment(ref _activity), $"Test-Checkpoint {System.IO.Path.GetFileName(path)}");
        return new Core.SyncProgress<ValidationProgress>(p =>
        {
            writer.Report(p.Activity, p.BytesDone, p.BytesTotal, force: p.BytesDone >= p.BytesTotal);
            if (p.BytesDone >= p.BytesTotal) writer.Complete();
        });
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _session.Dispose();
        base.Dispose(disposing);
    }
}
