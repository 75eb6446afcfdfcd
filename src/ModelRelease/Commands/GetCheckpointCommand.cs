using System.Management.Automation;
using ModelRelease.Core.Checkpoints;
using ModelRelease.Infrastructure;

namespace ModelRelease.Commands;

/// <summary>
/// <para type="synopsis">Reads what a checkpoint is from its header alone: format, tensors, metadata, shards, parameter count.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "Checkpoint", DefaultParameterSetName = ParameterSets.Path)]
[OutputType(typeof(Checkpoint))]
public sealed class GetCheckpointCommand : ModelReleaseCmdlet
{
    private readonly HashSet<string> _covered = new(StringComparer.Ordinal);
    private readonly CheckpointInspector _inspector = new();

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = ParameterSets.Path, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = [];

    [Parameter(Mandatory = true, ParameterSetName = ParameterSets.LiteralPath, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LP")]
    [ValidateNotNullOrEmpty]
    public string[] LiteralPath { get; set; } = [];

    protected override void ProcessRecord()
    {
        var literal = ParameterSetName == ParameterSets.LiteralPath;
        var files = CheckpointFiles.Expand(PathResolution.Resolve(this, literal ? LiteralPath : Path, literal))
            .Where(f => !_covered.Contains(f)).ToList();
        if (files.Count == 0) return;
        Run(async (sink, ct) =>
        {
            await foreach (var result in _inspector.InspectManyAsync(files, ct).ConfigureAwait(false))
            {
                if (result.Checkpoint is { } checkpoint)
                {
                    foreach (var shard in checkpoint.Shards) _covered.Add(shard.Path);
                    sink.Post(() => WriteObject(checkpoint));
                }
                else
                {
                    var error = result.Error!;
                    sink.Post(() => WriteModelReleaseError(error, result.Path));
                }
            }
        });
    }
}
