using System.Management.Automation;
using ModelRelease.Core.Checkpoints;
using ModelRelease.Core.Checkpoints.Comparison;
using ModelRelease.Infrastructure;

namespace ModelRelease.Commands;

/// <summary>
/// <para type="synopsis">Compares two checkpoints tensor by tensor and says which version bump the change implies.</para>
/// </summary>
/// <remarks>
/// Lists tensors removed, reshaped and re-typed (each implies a major bump), tensors added (a minor bump: new
/// capability such as a new output head, the old outputs unchanged) and, with -Content, tensors whose values changed
/// (a minor bump), by an XxHash128 fingerprint of each tensor's elements in row-major order, little-endian
/// (ReferenceFingerprint, DifferenceFingerprint). The same tensors in another format or with other metadata
/// (MetadataChanged) imply a patch. The two sides may be in different formats: dtypes are compared by their canonical
/// names (a PyTorch float32 and a safetensors F32 are both F32), and contents as elements, whatever the byte order or
/// a PyTorch view's place in its storage. Without -Content only the headers are read. Either side may be a Checkpoint or
/// CheckpointValidation object, a file, or a path (a folder that holds one checkpoint, such as a sharded set, counts
/// as it). A -Reference that cannot be read stops the command with its typed error (CheckpointNotFound,
/// CheckpointInvalid, CheckpointUnsafe, PathNotFileSystem); a piped -Difference that cannot be read is a
/// non-terminating error for that item, whose target is the file.
/// </remarks>
/// <example>
/// <code>Compare-Checkpoint ./v1/model.safetensors ./v2/model.safetensors -Content</code>
/// <para>What changed between two releases, and the implied version bump.</para>
/// </example>
/// <example>
/// <code>Compare-Checkpoint ./pytorch_model.bin ./model.safetensors -Content | Select-Object ImpliedBump, IsIdentical, FormatChanged</code>
/// <para>A conversion to safetensors that kept every tensor: no tensor changed, and the new format alone is a patch.</para>
/// </example>
/// <example>
/// <code>Get-Checkpoint ./new.gguf | Compare-Checkpoint -Reference ./old.gguf | Select-Object ImpliedBump</code>
/// <para>The newer checkpoint can come from the pipeline.</para>
/// </example>
[Cmdlet(VerbsData.Compare, "Checkpoint")]
[OutputType(typeof(CheckpointComparison))]
public sealed class CompareCheckpointCommand : ModelReleaseCmdlet
{
    private readonly Core.Operations.ModelReleaseSession _session = OpenLocalSession();
    private Checkpoint? _reference;

    /// <summary>The older checkpoint: a Checkpoint or CheckpointValidation object, a file, or a path.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNull]
    public object? Reference { get; set; }

    /// <summary>The newer checkpoint: a Checkpoint object (from the pipeline), a file, or a path.</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipeline = true)]
    [ValidateNotNull]
    public object? Difference { get; set; }

    /// <summary>Also compare tensor contents (an XxHash128 fingerprint of each tensor's bytes): reads both files' data.</summary>
    [Parameter]
    public SwitchParameter Content { get; set; }

    protected override void BeginProcessing()
    {
        try
        {
            var argument = CheckpointArgument.From(SessionState, Reference!);
            Run(async (sink, ct) => _reference = await argument.ReadAsync(_session.Inspector, ct).ConfigureAwait(false));
        }
        catch (ModelReleaseException ex)
        {
            ThrowTerminatingError(ErrorRecords.From(ex, Reference));
        }
    }

    protected override void ProcessInput()
    {
        var reference = _reference!;
        var given = Difference!;
        var compareContent = Content.IsPresent;
        try
        {
            var argument = CheckpointArgument.From(SessionState, given);
            Run(async (sink, ct) =>
            {
                var difference = await argument.ReadAsync(_session.Inspector, ct).ConfigureAwait(false);
                sink.Post(() => WriteVerboseLine($"Comparing {difference.Path} with {reference.Path} ({(compareContent ? "headers and tensor contents" : "headers only")})"));
                var total = reference.Length + difference.Length;
                long done = 0;
                var writer = compareContent ? new ProgressWriter(sink, this, 1, "Compare-Checkpoint") : null;
                var comparison = await new CheckpointComparer().CompareAsync(reference, difference, compareContent,
                    writer is null ? null : new Core.SyncProgress<long>(n => writer.Report("Hashing tensors", done += n, total)), ct).ConfigureAwait(false);
                writer?.Complete();
                sink.Post(() => WriteObject(comparison));
            });
        }
        catch (ModelReleaseException ex)
        {
            WriteModelReleaseError(ex, given);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _session.Dispose();
        base.Dispose(disposing);
    }
}
