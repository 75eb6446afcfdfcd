using System.Text;
using ModelRelease.Core.Tests.PyTorch;
using ModelRelease.Core.Tests.Support;

namespace ModelRelease.Core.Tests.Operations;

/// <summary>
/// Folders as releases meet them, byte for byte: a Hugging Face Trainer output folder (weights beside training
/// state, tokenizer and config files), a sharded PyTorch checkpoint with its index, and hostile pickles renamed
/// to look like weights or training state. Shared by the core, Hub and CLI tests.
/// </summary>
public static class ReleaseFolders
{
    public const string Shard1 = "pytorch_model-00001-of-00002.bin";
    public const string Shard2 = "pytorch_model-00002-of-00002.bin";

    /// <summary>
    /// What transformers' Trainer leaves in its output folder: model.safetensors and config.json (the weights),
    /// training_args.bin (a torch.save of TrainingArguments: its pickle names transformers' classes), optimizer.pt,
    /// scheduler.pt, rng_state.pth (numpy's random state), trainer_state.json and the tokenizer files.
    /// </summary>
    public static string Trainer(string folder, string weights = "safetensors/fluxml_model.safetensors")
    {
        Directory.CreateDirectory(folder);
        File.Copy(Fixtures.Path(weights), Path.Combine(folder, "model.safetensors"), overwrite: true);
        File.WriteAllText(Path.Combine(folder, "config.json"), "{\"architectures\": [\"TinyModel\"], \"model_type\": \"tiny\"}\n");
        File.WriteAllBytes(Path.Combine(folder, "training_args.bin"), TorchZipBuilder.Build("training_args", TrainingArgumentsPickle()));
        File.WriteAllBytes(Path.Combine(folder, "optimizer.pt"), TorchZipBuilder.StateDict(seed: 7, prefix: "optimizer"));
        File.WriteAllBytes(Path.Combine(folder, "scheduler.pt"), TorchZipBuilder.Build("scheduler", new PickleWriter().Proto().EmptyDict().Mark()
            .Str("last_epoch").Int(3).Str("_step_count").Int(4).Str("base_lrs").Mark().Int(1).Op((byte)'l')
            .SetItems().Stop().ToArray()));
        File.WriteAllBytes(Path.Combine(folder, "rng_state.pth"), TorchZipBuilder.Build("rng_state", new PickleWriter().Proto().EmptyDict().Mark()
            .Str("numpy").Global("numpy.core.multiarray", "_reconstruct").Mark().Global("numpy", "ndarray").IntTuple(0).Str("b").Tuple().Reduce()
            .Str("python").IntTuple(3, 1, 4)
            .SetItems().Stop().ToArray()));
        File.WriteAllText(Path.Combine(folder, "trainer_state.json"), "{\"global_step\": 4, \"epoch\": 1.0}\n");
        File.WriteAllText(Path.Combine(folder, "tokenizer.json"), "{\"version\": \"1.0\", \"model\": {\"type\": \"BPE\"}}\n");
        File.WriteAllText(Path.Combine(folder, "tokenizer_config.json"), "{\"model_max_length\": 512}\n");
        File.WriteAllText(Path.Combine(folder, "special_tokens_map.json"), "{\"eos_token\": \"</s>\"}\n");
        return folder;
    }

    /// <summary>TrainingArguments as torch.save pickles it: NEWOBJ of the class, BUILD with its fields, an enum by REDUCE.</summary>
    public static byte[] TrainingArgumentsPickle() => new PickleWriter().Proto()
        .Global("transformers.training_args", "TrainingArguments").EmptyTuple().Op(0x81)
        .EmptyDict().Mark()
        .Str("output_dir").Str("out")
        .Str("num_train_epochs").Int(3)
        .Str("eval_strategy").Global("transformers.trainer_utils", "IntervalStrategy").Str("steps").Op(0x85).Reduce()
        .SetItems().Build().Stop().ToArray();

    /// <summary>A training_args.bin whose pickle names a harmless class first, then calls os.system.</summary>
    public static byte[] HostileTrainingArguments() => TorchZipBuilder.Build("training_args", new PickleWriter().Proto()
        .Global("transformers.training_args", "TrainingArguments").EmptyTuple().Op(0x81)
        .EmptyDict().Mark()
        .Str("output_dir").Global("os", "system").Str("echo pwned").Op(0x85).Reduce()
        .SetItems().Build().Stop().ToArray());

    /// <summary>The fixture whose pickle calls os.system, under another name (pytorch_model.bin, model.ckpt, …).</summary>
    public static string Hostile(string folder, string name)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name);
        File.Copy(Fixtures.Path("pytorch/MALICIOUS_os_system.pt"), path, overwrite: true);
        return path;
    }

    /// <summary>
    /// A sharded PyTorch checkpoint as transformers writes it: pytorch_model.bin.index.json naming two shards,
    /// "a" float32[4] and "b" float32[2, 3] in the first, "c" float32[5] in the second (each shard's storages
    /// are keyed from "0"). Returns the index's path.
    /// </summary>
    public static string ShardedPyTorch(string folder)
    {
        Directory.CreateDirectory(folder);
        var first = new PickleWriter().Proto().OrderedDict().Mark()
            .Str("a").Tensor("FloatStorage", "0", 4, 0, [4], [1])
            .Str("b").Tensor("FloatStorage", "1", 6, 0, [2, 3], [3, 1])
            .SetItems().Stop().ToArray();
        var second = new PickleWriter().Proto().OrderedDict().Mark()
            .Str("c").Tensor("FloatStorage", "0", 5, 0, [5], [1])
            .SetItems().Stop().ToArray();
        File.WriteAllBytes(Path.Combine(folder, Shard1), TorchZipBuilder.Build("pytorch_model-00001-of-00002", first, new Dictionary<string, byte[]> { ["0"] = Floats(4, 1), ["1"] = Floats(6, 2) }));
        File.WriteAllBytes(Path.Combine(folder, Shard2), TorchZipBuilder.Build("pytorch_model-00002-of-00002", second, new Dictionary<string, byte[]> { ["0"] = Floats(5, 3) }));
        var index = Path.Combine(folder, "pytorch_model.bin.index.json");
        File.WriteAllText(index, $"{{\"metadata\": {{\"total_size\": 60}}, \"weight_map\": {{\"a\": \"{Shard1}\", \"b\": \"{Shard1}\", \"c\": \"{Shard2}\"}}}}\n");
        return index;
    }

    private static byte[] Floats(int n, int seed)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, n).SelectMany(_ => BitConverter.GetBytes((float)(rng.NextDouble() * 2 - 1))).ToArray();
    }
}
