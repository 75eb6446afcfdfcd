using System.Management.Automation;
using ModelRelease.Core.Checkpoints;

namespace ModelRelease.Infrastructure;

/// <summary>
/// Lets a <see cref="Checkpoint"/> parameter also take a path (relative to $PWD) or a file: the header is read
/// there and then (Test-ModelCard -Checkpoint ./model.safetensors). A path that does not name one readable
/// checkpoint fails the binding; the typed error (CheckpointNotFound, CheckpointUnsafe, PathNotFileSystem, …)
/// is the inner exception, its target the file.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class CheckpointTransformationAttribute : ArgumentTransformationAttribute
{
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
    {
        if (inputData is null) return null;
        try
        {
            var argument = CheckpointArgument.From(engineIntrinsics.SessionState, inputData);
            if (argument.Checkpoint is { } given) return given;
            using var session = Sessions.Local();
            return argument.ReadAsync(session.Inspector, CancellationToken.None).GetAwaiter().GetResult();
        }
        catch (ModelReleaseException ex)
        {
            throw new ArgumentTransformationMetadataException(ex.Message, ex);
        }
    }
}
