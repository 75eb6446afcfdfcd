namespace ModelRelease;

/// <summary>What a file is to a release, as the one recognition rule decides (name first, content where the name says nothing).</summary>
public enum FileRole
{
    /// <summary>Weights: a checkpoint file, or the index or first split that names a sharded set.</summary>
    Checkpoint,

    /// <summary>A shard of a sharded set whose index or first split is among the files (checked through the set).</summary>
    Shard,

    /// <summary>Training state saved beside the weights (training_args.bin, optimizer.pt, scheduler.pt, rng_state*.pth, …): a pickle, never weights.</summary>
    TrainingState,

    /// <summary>A tokenizer file (tokenizer.json, vocab.json, merges.txt, tokenizer.model, …).</summary>
    Tokenizer,

    /// <summary>A configuration file (config.json, generation_config.json, trainer_state.json, …).</summary>
    Config,

    /// <summary>The model card (README.md).</summary>
    ModelCard,

    /// <summary>A pickle by its content that no name above claims (data.pkl, a renamed file): loading it runs it.</summary>
    Pickle,

    /// <summary>Anything else (text, images, code): published as it is, not checked.</summary>
    Other,
}
