using System.Text.Json.Serialization;

namespace ModelRelease.Core.Hub;

// The JSON bodies the client sends, as named types so their serialisation is source-generated (Native AOT has no
// reflection-based JSON). Property names and order are the wire's: camelCase by the context, snake_case by attribute;
// a property the Hub must not see when absent is ignored when null.

internal sealed record PreuploadFileBody(string Path, string Sample, long Size);

internal sealed record PreuploadBody(IEnumerable<PreuploadFileBody> Files);

internal sealed record CommitHeaderValue(string Summary, string Description, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ParentCommit);

internal sealed record CommitHeaderLine(string Key, CommitHeaderValue Value);

internal sealed record CommitFileValue(string Path, string Content, string Encoding);

internal sealed record CommitFileLine(string Key, CommitFileValue Value);

internal sealed record CommitLfsFileValue(string Path, string Algo, string Oid, long Size);

internal sealed record CommitLfsFileLine(string Key, CommitLfsFileValue Value);

internal sealed record CommitDeletedFileValue(string Path);

internal sealed record CommitDeletedFileLine(string Key, CommitDeletedFileValue Value);

internal sealed record LfsBatchObject(string Oid, long Size);

internal sealed record LfsBatchRef(string Name);

internal sealed record LfsBatchBody(
    string Operation,
    IReadOnlyList<string> Transfers,
    IReadOnlyList<LfsBatchObject> Objects,
    [property: JsonPropertyName("hash_algo")] string HashAlgo,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] LfsBatchRef? Ref);

internal sealed record MultipartPart(int PartNumber, string Etag);

internal sealed record CompleteMultipartBody(string Oid, IEnumerable<MultipartPart> Parts);

internal sealed record CreateRepoBody(string Name, string Organization, string Type, bool Private, string Visibility);

internal sealed record DeleteRepoBody(string Name, string Organization, string Type);

internal sealed record RepoSettingsBody(bool Private, string Visibility);

internal sealed record CreateTagBody(string Tag, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Message);

internal sealed record CreateBranchBody([property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? StartingPoint);

internal sealed record PathsInfoBody(IReadOnlyList<string> Paths, bool Expand);

internal sealed record ValidateYamlBody(string Content, string RepoType);

/// <summary>Source-generated serialisation of every body the Hub client sends (no reflection: Native AOT safe).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(PreuploadBody))]
[JsonSerializable(typeof(CommitHeaderLine))]
[JsonSerializable(typeof(CommitFileLine))]
[JsonSerializable(typeof(CommitLfsFileLine))]
[JsonSerializable(typeof(CommitDeletedFileLine))]
[JsonSerializable(typeof(LfsBatchBody))]
[JsonSerializable(typeof(CompleteMultipartBody))]
[JsonSerializable(typeof(CreateRepoBody))]
[JsonSerializable(typeof(DeleteRepoBody))]
[JsonSerializable(typeof(RepoSettingsBody))]
[JsonSerializable(typeof(CreateTagBody))]
[JsonSerializable(typeof(CreateBranchBody))]
[JsonSerializable(typeof(PathsInfoBody))]
[JsonSerializable(typeof(ValidateYamlBody))]
internal sealed partial class HubRequestJson : JsonSerializerContext;
