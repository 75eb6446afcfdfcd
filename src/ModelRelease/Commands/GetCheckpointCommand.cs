using System.Management.Automation;
using ModelRelease.Core.Checkpoints;
using ModelRelease.Infrastructure;

namespace ModelRelease.Commands;

/// <summary>
/// <para type="synopsis">Reads what a checkpoint is from its header alone: format, tensors, metadata, shards, parameter count.</para>
/// </summary>
/// <remarks>
/// Reads safetensors (single files and sharded sets through model.safetensors.index.json), GGUF v2 and v3
/// (both byte orders, split sets), PyTorch zip and legacy files and ONNX models. Only the header is read,
/// whatever the file's size. PyTorch pickles are read by ModelRelease's own opcode reader: nothing in them
/// is ever imported or executed. Each tensor's DType is its canonical name, the same in every format (F32, BF16,
/// I64, BOOL, Q4_K; UNKNOWN(name) for a type without one); FormatDType is the file's own spelling (float32, FLOAT). A folder stands for the checkpoint files directly in it, and a sharded set
/// is returned once; a folder that holds no checkpoint file is an error (CheckpointNotFound, CKPT_NO_CHECKPOINTS), as
/// is a path that does not exist or a wildcard that matches nothing (PathNotFound) and a path on another provider
/// such as Env: (PathNotFileSystem). An unreadable file is a non-terminating error whose id says why (CheckpointInvalid,
/// CheckpointTruncated, CheckpointUnsafe, CheckpointUnsupported, CheckpointUnrecognized, CheckpointNotFound) and whose
/// target is the file; the other inputs are still read.
/// </remarks>
/// <example>
/// <code>Get-Checkpoint ./checkpoints/*.safetensors</code>
/// <para>Lists every safetensors checkpoint in the folder with its format, size, tensor and parameter counts.</para>
/// </example>
/// <example>
/// <code>Get-ChildItem ./gguf -Recurse -Filter *.gguf | Get-Checkpoint | Select-Object Name, FileType, ParameterCount</code>
/// <para>Files from Get-ChildItem bind to -LiteralPath through their PSPath property; FileType is the GGUF quantization (MOSTLY_Q4_K_M).</para>
/// </example>
/// <example>
/// <code>(Get-Checkpoint -LiteralPath './model[v2].safetensors').Tensors | Format-Table</code>
/// <para>-LiteralPath takes names with wildcard characters as they are.</para>
/// </example>
[Cmdlet(VerbsCommon.Get, "Checkpoint", DefaultParameterSetName = ParameterSets.Path)]
[OutputType(typeof(Checkpoint))]
public sealed class GetCheckpointCommand : ModelReleaseCmdlet
{
    private readonly HashSet<string> _covered = new(StringComparer.Ordinal);
    private readonly Core.Operations.ModelReleaseSession _session = OpenLocalSession();

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

    protected override void ProcessInput()
    {
        var literal = ParameterSetName == ParameterSets.LiteralPath;
        var files = PathResolution.ResolveCheckpointFiles(this, literal ? LiteralPath : Path, literal)
            .Where(f => !_covered.Contains(f)).ToList();
        if (files.Count == 0) return;
        Run(async (sink, ct) =>
        {
            await foreach (var result in _session.Inspector.InspectManyAsync(files, ct).ConfigureAwait(false))
            {
                if (result.Checkpoint is { } checkpoint)
                {
                    foreach (var shard in checkpoint.Shards) _covered.Add(shard.Path);
                    sink.Post(() =>
                    {
                        WriteVerboseLine($"{checkpoint.Path}: {checkpoint.Format}, {checkpoint.TensorCount} tensors, {ParameterCountText.Format(checkpoint.ParameterCount)} parameters{(checkpoint.Shards.Count > 0 ? $", {checkpoint.Shards.Count} shards" : "")}");
                        WriteObject(checkpoint);
                    });
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
