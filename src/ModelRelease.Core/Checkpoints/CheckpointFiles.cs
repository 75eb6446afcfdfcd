namespace ModelRelease.Core.Checkpoints;

/// <summary>
/// Turns resolved paths into checkpoint files: a folder stands for the checkpoint files directly in it, and a
/// folder that holds none is an error (CKPT_NO_CHECKPOINTS) rather than nothing, so a check over an empty or
/// mistyped output folder never passes by checking nothing.
/// </summary>
public static class CheckpointFiles
{
    private static readonly string[] Patterns =
    [
        "*.safetensors", "*.safetensors.index.json", "*.gguf", "*.pt", "*.pth", "*.bin", "*.ckpt", "*.onnx",
    ];

    /// <summary>The code of a folder that holds no checkpoint file.</summary>
    public const string NoCheckpoints = "CKPT_NO_CHECKPOINTS";

    /// <summary>Every input's files, in input order; throws on the first folder that holds none.</summary>
    public static IEnumerable<string> Expand(IEnumerable<string> resolved) => resolved.SelectMany(ExpandOne);

    /// <summary>
    /// A file as it is; a folder as the checkpoint files directly in it, in ordinal order.
    /// </summary>
    /// <exception cref="CheckpointFormatException">The folder holds no checkpoint file (CheckpointNotFound, CKPT_NO_CHECKPOINTS).</exception>
    public static IReadOnlyList<string> ExpandOne(string path)
    {
        if (!Directory.Exists(path)) return [path];
        var files = Patterns.SelectMany(p => Directory.EnumerateFiles(path, p)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0)
        {
            throw new CheckpointFormatException(CheckpointErrorKind.NotFound, NoCheckpoints, path,
                $"the folder holds no checkpoint file (looked for {string.Join(", ", Patterns)} directly in it)");
        }
        return files;
    }
}
