using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace ModelRelease.Module.Tests;

/// <summary>
/// What a face's compiled assembly calls in the core, read from its metadata (every member it references by type and
/// name). A face only translates: it maps parameters to an operation of the session and renders the result, so it
/// never builds the core's services itself — those belong to the session.
/// </summary>
public static class FaceReferences
{
    /// <summary>Core members only the session may call: constructors of its services, and the wiring the session does once.</summary>
    public static readonly IReadOnlyList<(string Type, string Member)> SessionOnly =
    [
        ("ModelRelease.Core.Hashing.HashCache", "Load"),
        ("ModelRelease.Core.Hashing.HashCache", "InMemory"),
        ("ModelRelease.Core.Hashing.FileHasher", ".ctor"),
        ("ModelRelease.Core.Hub.Publishing.Publisher", ".ctor"),
        ("ModelRelease.Core.Hub.Publishing.PublishInputs", "Collect"),
        ("ModelRelease.Core.Hub.HubClient", ".ctor"),
        ("ModelRelease.Core.Hub.HubConnection", "Open"),
        ("ModelRelease.Core.Hub.TokenResolver", ".ctor"),
        ("ModelRelease.Core.Hub.ReleaseTagger", ".ctor"),
        ("ModelRelease.Core.Hub.ReleaseTagger", "TagLocalRepositoryAsync"),
        ("ModelRelease.Core.Hub.ReleaseTagger", "PlanLocalAsync"),
        ("ModelRelease.Core.Hub.ReleaseTagger", "ApplyLocalAsync"),
        ("ModelRelease.Core.Hub.Download.Downloader", ".ctor"),
        ("ModelRelease.Core.Checkpoints.CheckpointInspector", ".ctor"),
        ("ModelRelease.Core.Checkpoints.Validation.CheckpointValidator", ".ctor"),
        ("ModelRelease.Core.Checkpoints.Deep.DeepScanner", ".ctor"),
        ("ModelRelease.Core.Cards.CardHashing", ".ctor"),
    ];

    /// <summary>(type, member) for every member of another assembly that <paramref name="assemblyPath"/> references.</summary>
    public static IReadOnlyList<(string Type, string Member)> Of(string assemblyPath)
    {
        using var stream = File.OpenRead(assemblyPath);
        using var pe = new PEReader(stream);
        var reader = pe.GetMetadataReader();
        var result = new List<(string, string)>();
        foreach (var handle in reader.MemberReferences)
        {
            var member = reader.GetMemberReference(handle);
            if (member.Parent.Kind != HandleKind.TypeReference) continue;
            result.Add((FullName(reader, (TypeReferenceHandle)member.Parent), reader.GetString(member.Name)));
        }
        return result;
    }

    /// <summary>The session-only members <paramref name="assemblyPath"/> references (empty for a face that only translates).</summary>
    public static IReadOnlyList<string> SessionWiringIn(string assemblyPath) =>
        Of(assemblyPath).Where(r => SessionOnly.Contains(r)).Select(r => $"{r.Type}.{r.Member}").Distinct().Order(StringComparer.Ordinal).ToList();

    /// <summary>Whether <paramref name="assemblyPath"/> references <paramref name="type"/> at all (a call of one of its members).</summary>
    public static bool Calls(string assemblyPath, string type, string member) => Of(assemblyPath).Contains((type, member));

    private static string FullName(MetadataReader reader, TypeReferenceHandle handle)
    {
        var type = reader.GetTypeReference(handle);
        var name = reader.GetString(type.Name);
        if (type.ResolutionScope.Kind == HandleKind.TypeReference) return FullName(reader, (TypeReferenceHandle)type.ResolutionScope) + "+" + name;
        var ns = reader.GetString(type.Namespace);
        return ns.Length == 0 ? name : ns + "." + name;
    }
}
