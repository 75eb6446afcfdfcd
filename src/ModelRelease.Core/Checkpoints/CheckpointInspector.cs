using System.Runtime.CompilerServices;
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
        ByteSource source;
        try
        {
            source = Context.Opener.Open(path);
        }
        catch (Exception ex) when (ReaderFailure.Wrap(ex, path, null, cancellationToken) is { } typed)
        {
            throw typed;
        }
        using (source)
        {
            return await InspectAsync(source, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Inspects an already opened source (tests and fuzzing feed memory here). Whatever goes wrong inside a reader
    /// surfaces as a <see cref="CheckpointFormatException"/> naming the file: the reader's own typed errors as they are,
    /// anything else (a bug, an exhausted resource, an I/O error) as CKPT_READER_FAILED / CKPT_READ_FAILED with the
    /// original exception inside. Only cancellation the caller asked for escapes as it is.
    /// </summary>
    public async Task<Checkpoint> InspectAsync(ByteSource source, CancellationToken cancellationToken = default)
    {
        ICheckpointFormatReader? reader = null;
        try
        {
            reader = await _sniffer.ChooseAsync(source, cancellationToken).ConfigureAwait(false);
            return await reader.ReadAsync(source, Context, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ReaderFailure.Wrap(ex, source.Path, reader is null ? null : $"the {reader.Name} reader", cancellationToken) is { } typed)
        {
            throw typed;
        }
    }

    /// <summary>
    /// Inspects several files, in input order, reading each sharded set once: when the input holds a
    /// safetensors index or the first split of a GGUF set, the files that set covers are not reported
    /// again on their own (so <c>Get-Checkpoint ./ckpt/*</c> yields one checkpoint per model).
    /// </summary>
    public async IAsyncEnumerable<CheckpointReadResult> InspectManyAsync(IEnumerable<string> paths, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var inputs = paths.Distinct(StringComparer.Ordinal).ToList();
        var roots = new Dictionary<string, CheckpointReadResult>(StringComparer.Ordinal);
        var covered = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in inputs.Where(IsSetRoot))
        {
            var result = await TryInspectAsync(path, cancellationToken).ConfigureAwait(false);
            roots[path] = result;
            foreach (var shard in result.Checkpoint?.Shards ?? [])
            {
                if (!string.Equals(shard.Path, result.Checkpoint!.Path, StringComparison.Ordinal)) covered.Add(shard.Path);
            }
        }
        foreach (var path in inputs)
        {
            if (roots.TryGetValue(path, out var root)) yield return root;
            else if (!covered.Contains(path)) yield return await TryInspectAsync(path, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The one checkpoint a path names (Compare-Checkpoint's sides, Test-ModelCard -Checkpoint): a file, or a folder
    /// that holds exactly one checkpoint (a sharded set counts once).
    /// </summary>
    /// <exception cref="CheckpointFormatException">The file cannot be read; the folder holds no checkpoint
    /// (CKPT_NO_CHECKPOINTS) or several (CKPT_AMBIGUOUS).</exception>
    public async Task<Checkpoint> InspectOneAsync(string path, CancellationToken cancellationToken = default)
    {
        if (!Directory.Exists(path)) return await InspectAsync(path, cancellationToken).ConfigureAwait(false);
        var found = new List<Checkpoint>();
        await foreach (var result in InspectManyAsync(CheckpointFiles.ExpandOne(path), cancellationToken).ConfigureAwait(false))
        {
            found.Add(result.Checkpoint ?? throw result.Error!);
        }
        if (found.Count > 1)
        {
            throw new CheckpointFormatException(CheckpointErrorKind.Invalid, "CKPT_AMBIGUOUS", path,
                $"the folder holds {found.Count} checkpoints ({string.Join(", ", found.Select(c => c.Name))}); name the file of the one you mean");
        }
        return found[0];
    }

    private async Task<CheckpointReadResult> TryInspectAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            return new CheckpointReadResult(path, await InspectAsync(path, cancellationToken).ConfigureAwait(false), null);
        }
        catch (CheckpointFormatException ex)
        {
            return new CheckpointReadResult(path, null, ex);
        }
    }

    /// <summary>True for the file that names a whole sharded set (<see cref="CheckpointFiles.IsSetRoot"/>).</summary>
    public static bool IsSetRoot(string path) => CheckpointFiles.IsSetRoot(path);
}
