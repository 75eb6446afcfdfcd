using ModelRelease.Core.Checkpoints.Common;
using ModelRelease.Core.Checkpoints.Safetensors;

namespace ModelRelease.Core.Checkpoints.PyTorch;

/// <summary>
/// Reads a sharded PyTorch checkpoint through its index (<c>pytorch_model.bin.index.json</c>, the file transformers
/// writes beside <c>pytorch_model-00001-of-00003.bin</c> …). The index has the safetensors index's shape
/// (<c>{"metadata": {"total_size": …}, "weight_map": {"tensor": "shard"}}</c>) and is parsed by the same strict
/// parser (its JSON errors carry the ST_INDEX_* codes). Every shard beside it is read by the PyTorch readers —
/// each shard's pickle through the allow-list, so a hostile shard is PT_UNSAFE_GLOBAL like a hostile single file —
/// and the index is checked against the shards (PT_INDEX_* codes). The set is one <see cref="Checkpoint"/>: tensors
/// name their shard in <see cref="TensorInfo.File"/>, and storage keys are prefixed with the shard's name so that
/// storages of different shards never count as shared.
/// </summary>
public sealed class PyTorchIndexReader : ICheckpointFormatReader
{
    private readonly CheckpointSniffer _shards = new([new PyTorchZipReader(), new PyTorchLegacyReader(), new BarePickleReader()]);

    public string Name => "PyTorch index";

    public bool Recognizes(ReadOnlySpan<byte> head, string path) => !head.IsEmpty && CheckpointFiles.IsPyTorchIndex(path);

    public async Task<Checkpoint> ReadAsync(ByteSource source, CheckpointReadContext context, CancellationToken cancellationToken)
    {
        var path = source.Path;
        var limits = context.Limits;
        var maxIndex = Math.Min(limits.MaxIndexJsonBytes, Array.MaxLength);
        if (source.Length > maxIndex)
        {
            throw CheckpointErrors.Invalid(SafetensorsCodes.IndexJson, path, 0, $"the index is {source.Length} bytes; index files above {maxIndex} bytes are refused");
        }
        var bytes = new byte[source.Length];
        await source.ReadExactlyAtAsync(0, bytes, "PyTorch index", cancellationToken).ConfigureAwait(false);
        var findings = new List<Finding>();
        var index = SafetensorsIndexParser.Parse(bytes, path, findings);

        var firstEntry = new Dictionary<string, SafetensorsIndexEntry>(StringComparer.Ordinal);
        foreach (var e in index.WeightMap) firstEntry.TryAdd(e.Shard, e);
        var shardNames = firstEntry.Keys.Order(StringComparer.Ordinal).ToList();
        if (shardNames.Count == 0) throw CheckpointErrors.Invalid(PyTorchIndexCodes.Empty, path, 0, "'weight_map' names no tensor, so the index stands for no weights");
        if (shardNames.Count > limits.MaxShards)
        {
            throw CheckpointErrors.Invalid(SafetensorsCodes.IndexJson, path, 0, $"the index names {shardNames.Count} shard files; at most {limits.MaxShards} are accepted");
        }
        var folder = Path.GetDirectoryName(path) ?? "";
        var shardPaths = shardNames.ToDictionary(n => n, n => Path.Combine(folder, n), StringComparer.Ordinal);
        var missing = shardNames.Where(n => !context.Opener.Exists(shardPaths[n])).ToList();
        if (missing.Count > 0)
        {
            var first = firstEntry[missing[0]];
            var list = string.Join(", ", missing.Take(5).Select(m => $"'{m}'")) + (missing.Count > 5 ? $" and {missing.Count - 5} more" : "");
            throw new CheckpointFormatException(CheckpointErrorKind.NotFound, PyTorchIndexCodes.MissingShard, path,
                $"{missing.Count} of {shardNames.Count} shard files named by weight_map are missing beside the index: {list} (first expected at {shardPaths[missing[0]]})",
                first.Position, first.Tensor);
        }

        // Each shard's header (its pickle), through the allow-list.
        var shards = new List<(string Name, string Path, Checkpoint Checkpoint)>();
        foreach (var name in shardNames)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var shardSource = context.Opener.Open(shardPaths[name]);
            var reader = await _shards.ChooseAsync(shardSource, cancellationToken).ConfigureAwait(false);
            var shard = await reader.ReadAsync(shardSource, context with { FollowShards = false }, cancellationToken).ConfigureAwait(false);
            shards.Add((name, shardPaths[name], shard));
        }

        var tensorsOf = shards.ToDictionary(s => s.Name, s => new HashSet<string>(s.Checkpoint.Tensors.Select(t => t.Name), StringComparer.Ordinal), StringComparer.Ordinal);
        var mapped = new Dictionary<string, SafetensorsIndexEntry>(StringComparer.Ordinal);
        foreach (var e in index.WeightMap)
        {
            mapped[e.Tensor] = e;
            if (!tensorsOf[e.Shard].Contains(e.Tensor))
            {
                var elsewhere = shards.Where(s => tensorsOf[s.Name].Contains(e.Tensor)).Select(s => s.Name).FirstOrDefault();
                throw CheckpointErrors.Invalid(PyTorchIndexCodes.TensorNotInShard, path, e.Position,
                    $"weight_map says the tensor is in '{e.Shard}', but that shard's state dict does not hold it ({(elsewhere is null ? "no shard holds it" : $"it is in '{elsewhere}'")})", e.Tensor);
            }
        }
        var holder = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, _, shard) in shards)
        {
            foreach (var t in shard.Tensors)
            {
                if (!mapped.ContainsKey(t.Name))
                {
                    throw CheckpointErrors.Invalid(PyTorchIndexCodes.UnmappedTensor, path, null,
                        $"shard '{name}' holds the tensor but weight_map does not list it, so loaders would never load it", t.Name);
                }
                if (holder.TryGetValue(t.Name, out var other))
                {
                    throw CheckpointErrors.Invalid(PyTorchIndexCodes.DuplicateTensor, path, mapped[t.Name].Position, $"the tensor is in two shards, '{other}' and '{name}'", t.Name);
                }
                holder[t.Name] = name;
            }
        }

        // The set: tensors and storages of every shard, storage keys made unique per shard.
        var tensors = new List<TensorInfo>();
        var storages = new List<StorageInfo>();
        long length = 0, parameters = 0, storageBytes = 0;
        foreach (var (name, shardPath, shard) in shards)
        {
            foreach (var t in shard.Tensors)
            {
                tensors.Add(t with { File = shardPath, StorageKey = t.StorageKey is null ? null : name + ":" + t.StorageKey });
                parameters = CheckedMath.Add(parameters, t.ElementCount) ?? long.MaxValue;
            }
            foreach (var s in shard.Storages)
            {
                storages.Add(s with { Key = name + ":" + s.Key });
                storageBytes = CheckedMath.Add(storageBytes, s.ByteLength) ?? long.MaxValue;
            }
            length = CheckedMath.Add(length, shard.Length) ?? long.MaxValue;
            findings.AddRange(shard.Findings.Select(f => f.Path is null ? f with { Path = shardPath } : f));
        }
        if (index.TotalSize is long declared && declared != storageBytes)
        {
            findings.Add(new Finding(FindingSeverity.Warning, PyTorchIndexCodes.TotalSize,
                $"metadata.total_size is {declared} but the shards' storages hold {storageBytes} bytes (producers differ on shared and tied tensors)")
            { Path = path, Offset = index.TotalSizePosition });
        }
        var format = shards.All(s => s.Checkpoint.Format == CheckpointFormat.PyTorchLegacy) ? CheckpointFormat.PyTorchLegacy : CheckpointFormat.PyTorch;
        return new Checkpoint
        {
            Path = path,
            Format = format,
            Length = length,
            Tensors = tensors,
            Metadata = new Dictionary<string, object?>(index.Metadata, StringComparer.Ordinal),
            Shards = shards.Select(s => new CheckpointShard(s.Path, s.Checkpoint.Length, s.Checkpoint.TensorCount)).ToList(),
            Storages = storages,
            Findings = findings,
            FormatVersion = shards[0].Checkpoint.FormatVersion,
            ByteOrder = shards[0].Checkpoint.ByteOrder,
            DataOffset = null,
            ParameterCount = parameters,
        };
    }
}
