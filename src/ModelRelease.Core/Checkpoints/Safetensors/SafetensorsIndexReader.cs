using ModelRelease.Core.Checkpoints.Common;

namespace ModelRelease.Core.Checkpoints.Safetensors;

/// <summary>
/// Reads a sharded safetensors checkpoint through its index (<c>model.safetensors.index.json</c>,
/// <c>diffusion_pytorch_model.safetensors.index.json</c>, …): validates the index, opens every shard
/// beside it through <see cref="CheckpointReadContext.Opener"/>, reads each shard's header with
/// <see cref="SafetensorsReader"/>, checks the index against the shards (reference-formats §1.8) and
/// returns one <see cref="Checkpoint"/> for the whole set.
/// </summary>
public sealed class SafetensorsIndexReader : ICheckpointFormatReader
{
    private const string Suffix = ".safetensors.index.json";
    private readonly SafetensorsReader _shardReader = new();

    public string Name => "safetensors index";

    public bool Recognizes(ReadOnlySpan<byte> head, string path) =>
        !head.IsEmpty && path.EndsWith(Suffix, StringComparison.OrdinalIgnoreCase);

    public async Task<Checkpoint> ReadAsync(ByteSource source, CheckpointReadContext context, CancellationToken cancellationToken)
    {
        var path = source.Path;
        var limits = context.Limits;
        var maxIndex = Math.Min(limits.MaxIndexJsonBytes, Array.MaxLength);
        if (source.Length > maxIndex)
        {
            throw CheckpointErrors.Invalid(SafetensorsCodes.IndexJson, path, 0,
                $"the index is {source.Length} bytes; index files above {maxIndex} bytes are refused");
        }
        var bytes = new byte[source.Length];
        await source.ReadExactlyAtAsync(0, bytes, "safetensors index", cancellationToken).ConfigureAwait(false);

        var findings = new List<Finding>();
        var index = SafetensorsIndexParser.Parse(bytes, path, findings);

        // Shards in name order (model-00001-of-00003 … sorts naturally), first map entry of each kept for messages.
        var firstEntry = new Dictionary<string, SafetensorsIndexEntry>(StringComparer.Ordinal);
        foreach (var e in index.WeightMap) firstEntry.TryAdd(e.Shard, e);
        var shardNames = firstEntry.Keys.Order(StringComparer.Ordinal).ToList();
        if (shardNames.Count > limits.MaxShards)
        {
            throw CheckpointErrors.Invalid(SafetensorsCodes.IndexJson, path, 0,
                $"the index names {shardNames.Count} shard files; at most {limits.MaxShards} are accepted");
        }

        var folder = Path.GetDirectoryName(path) ?? "";
        var shardPaths = shardNames.ToDictionary(n => n, n => Path.Combine(folder, n), StringComparer.Ordinal);
        var missing = shardNames.Where(n => !context.Opener.Exists(shardPaths[n])).ToList();
        if (missing.Count > 0)
        {
            var first = firstEntry[missing[0]];
            var list = string.Join(", ", missing.Take(5).Select(m => $"'{m}'")) + (missing.Count > 5 ? $" and {missing.Count - 5} more" : "");
            throw new CheckpointFormatException(CheckpointErrorKind.NotFound, SafetensorsCodes.IndexMissingShard, path,
                $"{missing.Count} of {shardNames.Count} shard files named by weight_map are missing beside the index: {list} (first expected at {shardPaths[missing[0]]})",
                first.Position, first.Tensor);
        }

        // Read every shard's header.
        var shards = new List<(string Name, string Path, Checkpoint Checkpoint)>();
        foreach (var name in shardNames)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var shardSource = context.Opener.Open(shardPaths[name]);
            var shard = await _shardReader.ReadAsync(shardSource, context, cancellationToken).ConfigureAwait(false);
            shards.Add((name, shardPaths[name], shard));
        }

        // Every weight_map tensor is in the shard it names.
        var shardTensorNames = shards.ToDictionary(s => s.Name, s => new HashSet<string>(s.Checkpoint.Tensors.Select(t => t.Name), StringComparer.Ordinal), StringComparer.Ordinal);
        var mapped = new Dictionary<string, SafetensorsIndexEntry>(StringComparer.Ordinal);
        foreach (var e in index.WeightMap)
        {
            mapped[e.Tensor] = e;
            if (!shardTensorNames[e.Shard].Contains(e.Tensor))
            {
                var elsewhere = shards.Where(s => shardTensorNames[s.Name].Contains(e.Tensor)).Select(s => s.Name).FirstOrDefault();
                var hint = elsewhere is null ? "no shard holds it" : $"it is in '{elsewhere}'";
                throw CheckpointErrors.Invalid(SafetensorsCodes.IndexTensorNotInShard, path, e.Position,
                    $"weight_map says the tensor is in '{e.Shard}', but that shard's header does not list it ({hint})", e.Tensor);
            }
        }

        // Every shard tensor is in the map, and no tensor is stored in two shards.
        var holder = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, shardPath, shard) in shards)
        {
            foreach (var t in shard.Tensors)
            {
                if (!mapped.ContainsKey(t.Name))
                {
                    throw CheckpointErrors.Invalid(SafetensorsCodes.IndexUnmappedTensor, path, null,
                        $"shard '{name}' stores the tensor but weight_map does not list it, so loaders would never load it", t.Name);
                }
                if (holder.TryGetValue(t.Name, out var other))
                {
                    throw CheckpointErrors.Invalid(SafetensorsCodes.IndexDuplicateTensor, path, mapped[t.Name].Position,
                        $"the tensor is stored in two shards, '{other}' and '{name}'", t.Name);
                }
                holder[t.Name] = name;
            }
        }

        // Assemble the set.
        var tensors = new List<TensorInfo>();
        var metadata = new Dictionary<string, object?>(index.Metadata, StringComparer.Ordinal);
        var metadataSource = index.Metadata.Keys.ToDictionary(k => k, _ => Path.GetFileName(path), StringComparer.Ordinal);
        long length = 0, parameters = 0, tensorBytes = 0;
        foreach (var (name, shardPath, shard) in shards)
        {
            foreach (var t in shard.Tensors)
            {
                tensors.Add(t with { File = shardPath });
                parameters = CheckedMath.Add(parameters, t.ElementCount) ?? long.MaxValue;
                tensorBytes = CheckedMath.Add(tensorBytes, t.ByteLength) ?? long.MaxValue;
            }
            length = CheckedMath.Add(length, shard.Length) ?? long.MaxValue;
            foreach (var (key, value) in shard.Metadata)
            {
                if (!metadata.TryGetValue(key, out var existing))
                {
                    metadata[key] = value;
                    metadataSource[key] = name;
                }
                else if (!Equals(existing, value))
                {
                    findings.Add(new Finding(FindingSeverity.Info, SafetensorsCodes.IndexMetadataConflict,
                        $"metadata '{key}' is '{value}' in shard '{name}' but '{existing}' in '{metadataSource[key]}'; the first value is kept")
                    { Path = shardPath });
                }
            }
            findings.AddRange(shard.Findings);
        }

        if (index.TotalSize is long declared && declared != tensorBytes)
        {
            findings.Add(new Finding(FindingSeverity.Warning, SafetensorsCodes.IndexTotalSize,
                $"metadata.total_size is {declared} but the shards hold {tensorBytes} bytes of tensor data (producers differ on shared tensors)")
            { Path = path, Offset = index.TotalSizePosition });
        }

        return new Checkpoint
        {
            Path = path,
            Format = CheckpointFormat.Safetensors,
            Length = length,
            Tensors = tensors,
            Metadata = metadata,
            Shards = shards.Select(s => new CheckpointShard(s.Path, s.Checkpoint.Length, s.Checkpoint.TensorCount)).ToList(),
            Findings = findings,
            FormatVersion = null,
            ByteOrder = "little",
            DataOffset = null,
            ParameterCount = parameters,
        };
    }
}
