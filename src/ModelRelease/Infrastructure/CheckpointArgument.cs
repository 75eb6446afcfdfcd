using System.Management.Automation;
using ModelRelease.Core.Checkpoints;

namespace ModelRelease.Infrastructure;

/// <summary>
/// What a parameter that takes "a checkpoint" was given: a Checkpoint (or the Checkpoint of a validation) as it is,
/// or the full path of a file or folder to read (relative to $PWD, no wildcards, FileSystem provider only).
/// </summary>
public readonly record struct CheckpointArgument(Checkpoint? Checkpoint, string? Path)
{
    /// <summary>Classifies <paramref name="value"/>; resolves a path through <paramref name="session"/> (pipeline thread only).</summary>
    /// <exception cref="InputException">A path on another provider (PathNotFileSystem), or an object that is not a checkpoint (CheckpointInputUnsupported).</exception>
    public static CheckpointArgument From(SessionState session, object value) => (value is PSObject pso ? pso.BaseObject : value) switch
    {
        Checkpoint checkpoint => new(checkpoint, null),
        CheckpointValidation { Checkpoint: { } checkpoint } => new(checkpoint, null),
        CheckpointValidation validation => new(null, validation.Path), // its header could not be read: read it again for the error
        ParameterReport report => new(null, report.Path),
        FileSystemInfo file => new(null, file.FullName),
        string path => new(null, PathResolution.ResolveOutput(session, path)),
        var other => throw new InputException(InputException.CheckpointInputUnsupported,
            $"A checkpoint is a Checkpoint or CheckpointValidation object, a file or a path; not {other.GetType().Name} '{other}'.", other),
    };

    /// <summary>The checkpoint: as given, or read from the path (a folder must hold exactly one).</summary>
    /// <exception cref="CheckpointFormatException">The path does not name one readable checkpoint.</exception>
    public Task<Checkpoint> ReadAsync(CheckpointInspector inspector, CancellationToken cancellationToken) =>
        Checkpoint is { } checkpoint ? Task.FromResult(checkpoint) : inspector.InspectOneAsync(Path!, cancellationToken);
}
