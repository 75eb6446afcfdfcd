using ModelRelease.Core.Checkpoints;
using ModelRelease.Core.Checkpoints.Common;

namespace ModelRelease.Core.Tests.Support;

/// <summary>
/// Feeds damaged copies of a fixture to the readers: truncated at every byte of the first 4 KiB and
/// at sampled points beyond, and with random byte flips in the header (fixed seed, bounded count).
/// Every outcome must be either a checkpoint or a <see cref="CheckpointFormatException"/> carrying a
/// code and the file; never another exception, never a hang. Random cases come from fixed seeds.
/// </summary>
public static class BadInput
{
    public sealed record Outcome(int Cases, int Typed, int Read, IReadOnlyDictionary<string, int> Codes);

    /// <summary>Reads <paramref name="bytes"/> as the file <paramref name="name"/> through the inspector.
    /// Sibling files (shards) are served from <paramref name="siblings"/>.</summary>
    public static async Task<Checkpoint> ReadAsync(string name, byte[] bytes, IReadOnlyDictionary<string, byte[]>? siblings = null, CancellationToken cancellationToken = default)
    {
        var files = new Dictionary<string, byte[]>(siblings ?? new Dictionary<string, byte[]>()) { [name] = bytes };
        var inspector = new CheckpointInspector(new CheckpointReadContext { Opener = new MemoryByteSourceOpener(files) });
        using var source = new MemoryByteSource(name, bytes);
        return await inspector.InspectAsync(source, cancellationToken);
    }

    public static IEnumerable<int> TruncationPoints(int length, int seed = 1234, int sampled = 200)
    {
        var head = Math.Min(length - 1, 4096);
        for (var i = 0; i <= head; i++) yield return i;
        if (length <= 4097) yield break;
        var rng = new Random(seed);
        for (var i = 0; i < sampled; i++) yield return rng.Next(4097, length);
        yield return length - 1;
    }

    /// <summary>Runs every truncation of <paramref name="bytes"/>; returns what happened.</summary>
    public static async Task<Outcome> TruncationsAsync(string name, byte[] bytes, IReadOnlyDictionary<string, byte[]>? siblings = null)
    {
        var codes = new Dictionary<string, int>();
        int cases = 0, typed = 0, read = 0;
        foreach (var cut in TruncationPoints(bytes.Length))
        {
            cases++;
            var (ok, code) = await OneAsync(name, bytes[..cut], siblings, $"truncated at {cut}");
            if (ok) read++; else { typed++; codes[code!] = codes.GetValueOrDefault(code!) + 1; }
        }
        return new Outcome(cases, typed, read, codes);
    }

    /// <summary>Flips random bytes within the first <paramref name="region"/> bytes, <paramref name="count"/> times.</summary>
    public static async Task<Outcome> FlipsAsync(string name, byte[] bytes, int region, int count = 400, int seed = 42, IReadOnlyDictionary<string, byte[]>? siblings = null)
    {
        var rng = new Random(seed);
        var codes = new Dictionary<string, int>();
        int typed = 0, read = 0;
        region = Math.Min(region, bytes.Length);
        for (var i = 0; i < count; i++)
        {
            var copy = (byte[])bytes.Clone();
            var flips = 1 + rng.Next(3);
            var where = new List<int>();
            for (var f = 0; f < flips; f++)
            {
                var pos = rng.Next(region);
                copy[pos] = (byte)(copy[pos] ^ (1 << rng.Next(8)));
                where.Add(pos);
            }
            var (ok, code) = await OneAsync(name, copy, siblings, "flipped at " + string.Join(",", where));
            if (ok) read++; else { typed++; codes[code!] = codes.GetValueOrDefault(code!) + 1; }
        }
        return new Outcome(count, typed, read, codes);
    }

    /// <summary>
    /// Reads <paramref name="bytes"/> as <paramref name="name"/>: the checkpoint, or the typed error (checked to carry a code
    /// and the file). Any other exception fails the test, naming <paramref name="what"/>.
    /// </summary>
    public static async Task<(Checkpoint? Checkpoint, CheckpointFormatException? Error)> TryReadAsync(string name, byte[] bytes, string what, IReadOnlyDictionary<string, byte[]>? siblings = null)
    {
        try
        {
            return (await ReadAsync(name, bytes, siblings, Run.Timeout(120)), null);
        }
        catch (CheckpointFormatException ex)
        {
            Assert.False(string.IsNullOrEmpty(ex.Code), $"{name} {what}: error without a code");
            Assert.Equal(name, ex.FilePath);
            return (null, ex);
        }
        catch (Exception ex) when (ex is not Xunit.Sdk.XunitException)
        {
            throw new Xunit.Sdk.XunitException($"{name} {what}: untyped {ex.GetType().Name}: {ex.Message}\n{ex.StackTrace}");
        }
    }

    private static async Task<(bool Ok, string? Code)> OneAsync(string name, byte[] bytes, IReadOnlyDictionary<string, byte[]>? siblings, string what)
    {
        try
        {
            // A watchdog, not a speed check: a reader that loops forever is cancelled and fails the case below.
            await ReadAsync(name, bytes, siblings, Run.Timeout(120));
            return (true, null);
        }
        catch (CheckpointFormatException ex)
        {
            Assert.False(string.IsNullOrEmpty(ex.Code), $"{name} {what}: error without a code");
            Assert.Equal(name, ex.FilePath);
            return (false, ex.Code);
        }
        catch (Exception ex) when (ex is not Xunit.Sdk.XunitException)
        {
            throw new Xunit.Sdk.XunitException($"{name} {what}: untyped {ex.GetType().Name}: {ex.Message}\n{ex.StackTrace}");
        }
    }
}
