using ModelRelease.Core.Checkpoints.Common;

namespace ModelRelease.Core.Checkpoints;

/// <summary>
/// Reads what a checkpoint is from its header: picks the reader by the file's first bytes and name,
/// and returns a <see cref="Checkpoint"/> or throws a <see cref="CheckpointFormatException"/>.
/// </summary>
public sealed class CheckpointInspector
{
    private readonly CheckpointSniffer _sniffer;

    public CheckpointInspector(CheckpointReadContext? context = null, IReadOnlyList<ICheckpointFormatReader>? readers = null)
    {
        Context = context ?? CheckpointReadContext.Default;
        _sniffer = new CheckpointSniffer(readers ?? CheckpointReaders.CreateAll());
    }

    public CheckpointReadContext Context { get; }

    /// <summary>Inspects the file at <paramref name="path"/> through the context's opener.</summary>
    public async Task<Checkpoint> InspectAsync(string path, CancellationToken cancellationToken = default)
    {
        using var source = Context.Opener.Open(path);
        return await InspectAsync(source, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Inspects an already opened source (tests and fuzzing feed memory here).</summary>
    public async Task<Checkpoint> InspectAsync(ByteSource source, CancellationToken cancellationToken = default)
    {
        var reader = await _sniffer.ChooseAsync(source, cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(source, Context, cancellationToken).ConfigureAwait(false);
    }
}
