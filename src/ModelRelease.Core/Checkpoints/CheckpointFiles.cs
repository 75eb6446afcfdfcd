using System.Text.RegularExpressions;
using ModelRelease.Core.Checkpoints.Common;
using ModelRelease.Core.Checkpoints.PyTorch.Zip;

namespace ModelRelease.Core.Checkpoints;

/// <summary>
/// The one rule for which files are checkpoints. Weights are <c>.safetensors</c>, <c>.gguf</c>, <c>.pt</c>, <c>.pth</c>,
/// <c>.bin</c>, <c>.ckpt</c> and <c>.onnx</c> files and the indexes of sharded sets (<c>*.safetensors.index.json</c>,
/// <c>pytorch_model.bin.index.json</c>; a split GGUF set is named by its first split) — except the companions a
/// training run saves beside them, which are known by name and are not weights: training state
/// (<c>training_args.bin</c>, <c>optimizer.pt</c>, <c>scheduler.pt</c>, <c>rng_state*.pth</c>, …), tokenizer and
/// config files, the card. A file whose name says nothing is judged by its first bytes: a pickle is a
/// <see cref="FileRole.Pickle"/>, a GGUF file a checkpoint. Whatever the name, the content is then read by the
/// readers, so a pickle renamed <c>pytorch_model.bin</c> is read as the pickle it is.
/// A folder stands for the checkpoint files directly in it, and a folder that holds none is an error
/// (CKPT_NO_CHECKPOINTS) rather than nothing, so a check over an empty or mistyped folder never passes by checking nothing.
/// </summary>
public static partial class CheckpointFiles
{
    /// <summary>The extensions of checkpoint files.</summary>
    public static readonly IReadOnlyList<string> Extensions = [".safetensors", ".gguf", ".pt", ".pth", ".bin", ".ckpt", ".onnx"];

    /// <summary>The suffixes of index files that name a sharded set.</summary>
    public static readonly IReadOnlyList<string> IndexSuffixes = [".safetensors.index.json", ".bin.index.json", ".pt.index.json", ".pth.index.json"];

    /// <summary>The code of a folder (or a set of inputs) that holds no checkpoint file.</summary>
    public const string NoCheckpoints = "CKPT_NO_CHECKPOINTS";

    private static readonly HashSet<string> TrainingStateNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "training_args.bin", "optimizer.pt", "optimizer.bin", "optimizer.pth", "scheduler.pt", "scheduler.bin", "scheduler.pth",
        "scaler.pt", "scaler.bin", "rng_state.pth", "trainer_state.pt", "ema.pt",
    };

    private static readonly HashSet<string> TokenizerNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "added_tokens.json", "vocab.json", "vocab.txt",
        "merges.txt", "tokenizer.model", "spiece.model", "sentencepiece.bpe.model", "sentencepiece.model", "chat_template.jinja", "chat_template.json",
    };

    private static readonly HashSet<string> ConfigNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "config.json", "generation_config.json", "preprocessor_config.json", "processor_config.json", "feature_extractor_config.json",
        "image_processor_config.json", "trainer_state.json", "adapter_config.json", "model_index.json", "scheduler_config.json", "params.json",
        "all_results.json", "train_results.json", "eval_results.json", ".gitattributes",
    };

    /// <summary>rng_state_0.pth (one per process), DeepSpeed's *_optim_states.pt, accelerate's random_states_0.pkl, optimizer_0.bin and the like.</summary>
    [GeneratedRegex(@"^(rng_state(_\d+)?\.pth|random_states?_\d+\.pkl|(optimizer|scheduler|scaler)_\d+\.(bin|pt|pth)|.*_optim_states\.pt)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TrainingStatePattern();

    [GeneratedRegex(@"-0*1-of-\d{5,}\.gguf$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex FirstGgufSplit();

    [GeneratedRegex(@"-\d{5,}-of-\d{5,}\.gguf$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AnyGgufSplit();

    /// <summary>True for the file that names a whole sharded set: an index, or the first split of a GGUF set.</summary>
    public static bool IsSetRoot(string path) => IsIndex(path) || FirstGgufSplit().IsMatch(path);

    /// <summary>True for the index of a sharded set (safetensors or PyTorch).</summary>
    public static bool IsIndex(string path) => IndexSuffixes.Any(s => path.EndsWith(s, StringComparison.OrdinalIgnoreCase));

    /// <summary>True for the index of a sharded PyTorch set (<c>pytorch_model.bin.index.json</c>).</summary>
    public static bool IsPyTorchIndex(string path) => IsIndex(path) && !path.EndsWith(".safetensors.index.json", StringComparison.OrdinalIgnoreCase);

    /// <summary>True for a later split of a GGUF set (read through its first split).</summary>
    public static bool IsLaterGgufSplit(string path) => AnyGgufSplit().IsMatch(path) && !FirstGgufSplit().IsMatch(path);

    /// <summary>What the file's name says it is (<see cref="FileRole.Other"/> when the name says nothing).</summary>
    public static FileRole RoleByName(string path)
    {
        var name = Path.GetFileName(path);
        if (TrainingStateNames.Contains(name) || TrainingStatePattern().IsMatch(name)) return FileRole.TrainingState;
        if (IsIndex(name)) return FileRole.Checkpoint;
        if (TokenizerNames.Contains(name) || name.EndsWith(".tiktoken", StringComparison.OrdinalIgnoreCase)) return FileRole.Tokenizer;
        if (ConfigNames.Contains(name)) return FileRole.Config;
        if (string.Equals(name, "README.md", StringComparison.OrdinalIgnoreCase)) return FileRole.ModelCard;
        return Extensions.Contains(Path.GetExtension(name), StringComparer.OrdinalIgnoreCase) ? FileRole.Checkpoint : FileRole.Other;
    }

    /// <summary>
    /// What the file is: its name first (<see cref="RoleByName"/>); a name that says nothing is judged by the first
    /// bytes (<paramref name="head"/>): a pickle stream or a legacy torch file is a <see cref="FileRole.Pickle"/>, GGUF a checkpoint.
    /// </summary>
    public static FileRole Recognize(string path, ReadOnlySpan<byte> head)
    {
        var role = RoleByName(path);
        if (role == FileRole.Checkpoint && IsGenericBin(path)) return LooksLikeWeights(head) ? FileRole.Checkpoint : FileRole.Other;
        if (role != FileRole.Other) return role;
        if (head.StartsWith("GGUF"u8)) return FileRole.Checkpoint;
        return LooksLikePickle(head) ? FileRole.Pickle : FileRole.Other;
    }

    /// <summary>
    /// Reads the first bytes of <paramref name="path"/> and <see cref="Recognize(string, ReadOnlySpan{byte})"/>s it; a zip
    /// archive whose name says nothing is a <see cref="FileRole.Pickle"/> when it holds a <c>data.pkl</c> record (a
    /// torch.save file under another name).
    /// </summary>
    public static async Task<FileRole> RecognizeAsync(string path, CancellationToken cancellationToken = default)
    {
        var role = RoleByName(path);
        if ((role != FileRole.Other && !(role == FileRole.Checkpoint && IsGenericBin(path))) || !File.Exists(path)) return role;
        using var source = FileByteSource.Open(path);
        var head = new byte[(int)Math.Min(64, source.Length)];
        var n = await source.ReadAtAsync(0, head, cancellationToken).ConfigureAwait(false);
        role = Recognize(path, head.AsSpan(0, n));
        if (role != FileRole.Other || !head.AsSpan(0, n).StartsWith("PK\u0003\u0004"u8)) return role;
        try
        {
            var entries = await ZipCentralDirectory.ReadAsync(source, CheckpointReaderLimits.Default, cancellationToken).ConfigureAwait(false);
            return entries.Any(e => e.Name == "data.pkl" || e.Name.EndsWith("/data.pkl", StringComparison.Ordinal)) ? FileRole.Pickle : FileRole.Other;
        }
        catch (CheckpointFormatException)
        {
            return FileRole.Other; // not a zip this reader can read: an ordinary file as far as recognition goes
        }
    }

    /// <summary>
    /// <c>.bin</c> says nothing by itself (PyTorch weights, but also old GGML models, fastText vectors, raw data): such a
    /// file is a checkpoint when its content is one a loader would read as weights (a pickle, a zip, safetensors, GGUF),
    /// and ordinary data otherwise. Every other checkpoint extension names its format, so there a wrong content is a
    /// broken checkpoint, not data.
    /// </summary>
    private static bool IsGenericBin(string path) => path.EndsWith(".bin", StringComparison.OrdinalIgnoreCase);

    /// <summary>What torch.load, safetensors or a GGUF reader would take for weights: a pickle (torch's legacy format is one), a zip, a safetensors header, GGUF.</summary>
    public static bool LooksLikeWeights(ReadOnlySpan<byte> head)
    {
        if (LooksLikePickle(head) || head.StartsWith("PK\u0003\u0004"u8) || head.StartsWith("GGUF"u8)) return true;
        // safetensors: an 8-byte little-endian header length, then the JSON header's '{'.
        return head.Length > 8 && head[8] == (byte)'{' && System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(head) is > 1 and < (1UL << 32);
    }

    /// <summary>A pickle's PROTO opcode (protocols 2 to 5) or a protocol-0/1 stream that starts with a GLOBAL or a MARK then a GLOBAL.</summary>
    public static bool LooksLikePickle(ReadOnlySpan<byte> head)
    {
        if (head.Length >= 2 && head[0] == 0x80 && head[1] is >= 2 and <= 5) return true;
        var start = head.Length > 0 && head[0] == (byte)'(' ? 1 : 0;
        if (head.Length <= start + 2 || head[start] != (byte)'c') return false;
        var text = head[(start + 1)..];
        var newline = text.IndexOf((byte)'\n');
        return newline > 0 && IsDottedName(text[..newline]);
    }

    private static bool IsDottedName(ReadOnlySpan<byte> name)
    {
        foreach (var b in name)
        {
            if (!(b is (byte)'_' or (byte)'.' || (b >= '0' && b <= '9') || (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z'))) return false;
        }
        return !name.IsEmpty && !(name[0] >= '0' && name[0] <= '9');
    }

    /// <summary>Every input's files, in input order; throws on the first folder that holds none.</summary>
    public static IEnumerable<string> Expand(IEnumerable<string> resolved) => resolved.SelectMany(ExpandOne);

    /// <summary>
    /// A file as it is; a folder as the checkpoint files directly in it (<see cref="RoleByName"/> says
    /// <see cref="FileRole.Checkpoint"/>; companions such as training_args.bin are left out), in ordinal order.
    /// </summary>
    /// <exception cref="CheckpointFormatException">The folder holds no checkpoint file (CheckpointNotFound, CKPT_NO_CHECKPOINTS).</exception>
    public static IReadOnlyList<string> ExpandOne(string path)
    {
        if (!Directory.Exists(path)) return [path];
        var files = Directory.EnumerateFiles(path).Where(f => RoleByName(f) == FileRole.Checkpoint).Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0) throw NoCheckpointsIn(path);
        return files;
    }

    /// <summary>The error of a folder without checkpoint files, naming what was looked for.</summary>
    public static CheckpointFormatException NoCheckpointsIn(string path) =>
        new(CheckpointErrorKind.NotFound, NoCheckpoints, path,
            $"the folder holds no checkpoint file (looked for {string.Join(", ", Extensions.Select(e => "*" + e))} and sharded-set indexes directly in it; training state such as training_args.bin or optimizer.pt is not weights)");
}
