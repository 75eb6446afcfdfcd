namespace ModelRelease;

/// <summary>The on-disk format of a checkpoint.</summary>
public enum CheckpointFormat
{
    Safetensors,
    Gguf,
    PyTorch,
    PyTorchLegacy,
    Onnx,
}
