namespace ModelRelease.Core.Checkpoints;

/// <summary>Turns resolved paths into checkpoint files: a folder stands for the checkpoint files directly in it.</summary>
public static class CheckpointFiles
{
    private static readonly string[] Patterns =
    [
        "*.safetensors", "*.safetensors.index.json", "*.gguf", "*.pt", "*.pth", "*.bin", "*.ckpt", "*.onnx",
    ];

    public static IEnumerable<string> Expand(IEnumerable<string> resolved)
    {
        foreach (var path in resolved)
        {
            if (Directory.Exists(path))
            {
                foreach (var file in Patterns.SelectMany(p => Directory.EnumerateFiles(path, p)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
                {
                    yield return file;
                }
            }
            else
            {
                yield return path;
            }
        }
    }
}
