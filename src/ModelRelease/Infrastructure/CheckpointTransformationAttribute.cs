using System.Management.Automation;
using ModelRelease.Core.Checkpoints;

namespace ModelRelease.Infrastructure;

/// <summary>
/// Lets a <see cref="Checkpoint"/> parameter also take a path (relative to $PWD) or a file: the header
/// is read there and then, so <c>Compare-Checkpoint old.safetensors new.safetensors</c> works as well
/// as passing objects from Get-Checkpoint.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class CheckpointTransformationAttribute : ArgumentTransformationAttribute
{
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
    {
        var value = inputData is PSObject pso ? pso.BaseObject : inputData;
        string? path = value switch
        {
            Checkpoint => null,
            CheckpointValidation v when v.Checkpoint is not null => null,
            string s => s,
            FileInfo f => f.FullName,
            _ => null,
        };
        if (value is CheckpointValidation { Checkpoint: { } fromValidation }) return fromValidation;
        if (path is null) return value;
        var full = engineIntrinsics.SessionState.Path.GetUnresolvedProviderPathFromPSPath(path);
        try
        {
            return new CheckpointInspector().InspectAsync(full).GetAwaiter().GetResult();
        }
        catch (CheckpointFormatException ex)
        {
            throw new ArgumentTransformationMetadataException(ex.Message, ex);
        }
    }
}
