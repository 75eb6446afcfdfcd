using ModelRelease.Core.Checkpoints;

namespace ModelRelease.Core.Tests.Operations;

/// <summary>The one recognition rule: names first, content where the name says nothing.</summary>
public sealed class RecognitionTests
{
    [Theory]
    [InlineData("model.safetensors", FileRole.Checkpoint)]
    [InlineData("model-q4_k_m.gguf", FileRole.Checkpoint)]
    [InlineData("pytorch_model.bin", FileRole.Checkpoint)]
    [InlineData("model.pt", FileRole.Checkpoint)]
    [InlineData("model.pth", FileRole.Checkpoint)]
    [InlineData("last.ckpt", FileRole.Checkpoint)]
    [InlineData("model.onnx", FileRole.Checkpoint)]
    [InlineData("model.safetensors.index.json", FileRole.Checkpoint)]
    [InlineData("pytorch_model.bin.index.json", FileRole.Checkpoint)]
    [InlineData("training_args.bin", FileRole.TrainingState)]
    [InlineData("optimizer.pt", FileRole.TrainingState)]
    [InlineData("scheduler.pt", FileRole.TrainingState)]
    [InlineData("scaler.pt", FileRole.TrainingState)]
    [InlineData("rng_state.pth", FileRole.TrainingState)]
    [InlineData("rng_state_3.pth", FileRole.TrainingState)]
    [InlineData("random_states_0.pkl", FileRole.TrainingState)]
    [InlineData("zero_pp_rank_0_mp_rank_00_optim_states.pt", FileRole.TrainingState)]
    [InlineData("tokenizer.json", FileRole.Tokenizer)]
    [InlineData("tokenizer.model", FileRole.Tokenizer)]
    [InlineData("merges.txt", FileRole.Tokenizer)]
    [InlineData("special_tokens_map.json", FileRole.Tokenizer)]
    [InlineData("config.json", FileRole.Config)]
    [InlineData("trainer_state.json", FileRole.Config)]
    [InlineData("README.md", FileRole.ModelCard)]
    [InlineData("notes.txt", FileRole.Other)]
    public void A_name_says_what_a_file_is(string name, FileRole role) => Assert.Equal(role, CheckpointFiles.RoleByName(Path.Combine("/x", name)));

    [Fact]
    public void A_name_that_says_nothing_is_judged_by_the_first_bytes()
    {
        Assert.Equal(FileRole.Pickle, CheckpointFiles.Recognize("/x/data.dat", [0x80, 0x04, 0x95]));
        Assert.Equal(FileRole.Pickle, CheckpointFiles.Recognize("/x/blob", "cos\nsystem\n"u8));
        Assert.Equal(FileRole.Pickle, CheckpointFiles.Recognize("/x/blob", "(cbuiltins\neval\n"u8));
        Assert.Equal(FileRole.Checkpoint, CheckpointFiles.Recognize("/x/weights.dat", "GGUF\u0003\0\0\0"u8));
        Assert.Equal(FileRole.Other, CheckpointFiles.Recognize("/x/notes.txt", "cat\nsat on the mat"u8.ToArray().AsSpan(0, 3)));
        Assert.Equal(FileRole.Other, CheckpointFiles.Recognize("/x/image.png", [0x89, 0x50, 0x4E, 0x47]));
        // A name that says "training state" is kept whatever the bytes: its pickle is scanned by the gate.
        Assert.Equal(FileRole.TrainingState, CheckpointFiles.Recognize("/x/training_args.bin", [0x80, 0x02]));
    }

    [Fact]
    public void A_bin_file_is_weights_only_when_its_content_is()
    {
        Assert.Equal(FileRole.Checkpoint, CheckpointFiles.Recognize("/x/pytorch_model.bin", "PK\u0003\u0004"u8));
        Assert.Equal(FileRole.Checkpoint, CheckpointFiles.Recognize("/x/pytorch_model.bin", [0x80, 0x02, 0x8A, 0x0A]));
        Assert.Equal(FileRole.Checkpoint, CheckpointFiles.Recognize("/x/model.bin", [0x10, 0, 0, 0, 0, 0, 0, 0, (byte)'{', (byte)'"']));
        Assert.Equal(FileRole.Checkpoint, CheckpointFiles.Recognize("/x/model.bin", "GGUF\u0003\0\0\0"u8));
        Assert.Equal(FileRole.Other, CheckpointFiles.Recognize("/x/vectors.bin", [0x13, 0x37, 0x42, 0x00, 0x01]));
        Assert.Equal(FileRole.Other, CheckpointFiles.Recognize("/x/empty.bin", []));
        // Other extensions name their format: wrong content there is a broken checkpoint, read (and refused) as one.
        Assert.Equal(FileRole.Checkpoint, CheckpointFiles.Recognize("/x/model.pt", [0x13, 0x37]));
        Assert.Equal(FileRole.Checkpoint, CheckpointFiles.Recognize("/x/model.safetensors", [0x13, 0x37]));
    }

    [Theory]
    [InlineData("model.safetensors.index.json", true)]
    [InlineData("pytorch_model.bin.index.json", true)]
    [InlineData("model-00001-of-00003.gguf", true)]
    [InlineData("model-00002-of-00003.gguf", false)]
    [InlineData("model-00001-of-00006.safetensors", false)]
    public void A_set_root_names_a_whole_sharded_set(string name, bool root) => Assert.Equal(root, CheckpointFiles.IsSetRoot(name));

    [Fact]
    public void A_folder_of_a_trainer_run_stands_for_its_weights_only()
    {
        var dir = Directory.CreateTempSubdirectory("mr-recognise-").FullName;
        try
        {
            ReleaseFolders.Trainer(dir);
            Assert.Equal(["model.safetensors"], CheckpointFiles.ExpandOne(dir).Select(Path.GetFileName));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
