using ModelRelease.Core.Checkpoints.Common;

namespace ModelRelease.Core.Tests.Safetensors;

/// <summary>Serves named sources (virtual large files among them) and remembers every source it opened.</summary>
internal sealed class VirtualOpener(IReadOnlyDictionary<string, Func<ByteSource>> files) : IByteSourceOpener
{
    public List<ByteSource> Opened { get; } = [];

    public bool Exists(string path) => files.ContainsKey(path);

    public ByteSource Open(string path)
    {
        var source = files[path]();
        Opened.Add(source);
        return source;
    }
}
