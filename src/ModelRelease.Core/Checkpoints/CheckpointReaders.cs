using ModelRelease.Core.Checkpoints.Common;
using ModelRelease.Core.Checkpoints.Gguf;
using ModelRelease.Core.Checkpoints.Onnx;
using ModelRelease.Core.Checkpoints.PyTorch;
using ModelRelease.Core.Checkpoints.Safetensors;

namespace ModelRelease.Core.Checkpoints;

/// <summary>The readers in the order they get to claim a file: magic-number formats first, heuristics last.</summary>
public static class CheckpointReaders
{
    public static IReadOnlyList<ICheckpointFormatReader> CreateAll() =>
    [
        new GgufReader(),
        new PyTorchZipReader(),
        new PyTorchLegacyReader(),
        new PyTorchIndexReader(),
        new SafetensorsIndexReader(),
        new SafetensorsReader(),
        new OnnxReader(),
        new BarePickleReader(),
    ];
}
