using ModelRelease.Core.Checkpoints.Common;

namespace ModelRelease.Core.Tests.Services;

/// <summary>
/// Writes raw tensor bytes to a temp file and describes them with hand-made records, so the services
/// above the readers (deep scan, validation, comparison) are tested on their own.
/// </summary>
public sealed class SyntheticCheckpoint : IDisposable
{
    private readonly List<TensorInfo> _tensors = [];
    private readonly MemoryStream _bytes = new();

    public SyntheticCheckpoint(int headerBytes = 16)
    {
        Directory = Path.Combine(Path.GetTempPath(), "mr-synth-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        _bytes.Write(new byte[headerBytes]);
    }

    public string Directory { get; }

    public string FilePath => Path.Combine(Directory, "model.bin");

    public SyntheticCheckpoint Add(string name, string dtype, long[] shape, byte[] data, string? storageKey = null, long storageOffset = 0, long[]? stride = null)
    {
        var offset = _bytes.Position;
        _bytes.Write(data);
        _tensors.Add(new TensorInfo
        {
            Name = name, DType = dtype, Shape = shape, ElementCount = CheckedMath.Product(shape)!.Value,
            ByteOffset = offset, ByteLength = data.Length, StorageKey = storageKey, StorageOffset = storageOffset, Stride = stride,
        });
        return this;
    }

    /// <summary>Another view of bytes already written (tied weights).</summary>
    public SyntheticCheckpoint AddView(string name, string like)
    {
        var t = _tensors.Single(x => x.Name == like);
        _tensors.Add(t with { Name = name });
        return this;
    }

    /// <summary>A view of <paramref name="elements"/> elements of <paramref name="like"/> from element <paramref name="fromElement"/> on (overlapping views of one storage).</summary>
    public SyntheticCheckpoint AddSlice(string name, string like, long fromElement, long elements, int elementSize = 4)
    {
        var t = _tensors.Single(x => x.Name == like);
        _tensors.Add(t with { Name = name, Shape = [elements], ElementCount = elements, ByteOffset = t.ByteOffset + fromElement * elementSize, ByteLength = elements * elementSize });
        return this;
    }

    public Checkpoint Write(CheckpointFormat format = CheckpointFormat.Safetensors, int truncateBy = 0)
    {
        var bytes = _bytes.ToArray();
        File.WriteAllBytes(FilePath, bytes[..^truncateBy]);
        return new Checkpoint
        {
            Path = FilePath, Format = format, Length = bytes.Length - truncateBy, Tensors = _tensors.ToList(),
            ParameterCount = _tensors.Sum(t => t.ElementCount),
        };
    }

    public static byte[] F32(params float[] values) => values.SelectMany(BitConverter.GetBytes).ToArray();

    public static byte[] F16(params float[] values) => values.SelectMany(v => BitConverter.GetBytes((Half)v)).ToArray();

    public static byte[] BF16(params float[] values) => values.SelectMany(v => BitConverter.GetBytes((ushort)(BitConverter.SingleToUInt32Bits(v) >> 16))).ToArray();

    public static byte[] F64(params double[] values) => values.SelectMany(BitConverter.GetBytes).ToArray();

    public void Dispose()
    {
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { }
    }
}
