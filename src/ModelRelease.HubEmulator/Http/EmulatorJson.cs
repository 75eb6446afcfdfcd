using System.Text.Json;
using System.Text.Json.Serialization;
using ModelRelease.HubEmulator.Faults;

namespace ModelRelease.HubEmulator.Http;

// The emulator's answers as named types, so their JSON is source-generated (the emulator runs inside the native CLI,
// which has no reflection-based JSON). Names and order are the Hub's: camelCase by the context, others by attribute;
// a null property is left out, as the Hub leaves it out.

internal sealed record ErrorAnswer(string Error);

internal sealed record ConflictAnswer(string Error, string Url);

internal sealed record CreateRepoAnswer(string Url, string Name, string Id);

internal sealed record CommitAnswer(bool Success, string CommitOid, string CommitUrl, string HookOutput, string? PullRequestUrl);

internal sealed record PreuploadFileAnswer(string Path, string UploadMode, bool ShouldIgnore, string? Oid);

internal sealed record PreuploadAnswer(IReadOnlyList<PreuploadFileAnswer> Files, string CommitOid);

internal sealed record LfsObjectError(int Code, string Message);

internal sealed record LfsUploadAction(string Href, IReadOnlyDictionary<string, string>? Header, [property: JsonPropertyName("expires_in")] int ExpiresIn);

internal sealed record LfsActions(LfsUploadAction Upload);

/// <summary>One object of a batch answer: refused (<c>error</c>), had (neither), or to upload (<c>authenticated</c>, <c>actions</c>).</summary>
internal sealed record LfsObjectAnswer(string Oid, long Size, bool? Authenticated = null, LfsActions? Actions = null, LfsObjectError? Error = null);

internal sealed record LfsBatchAnswer(string Transfer, IReadOnlyList<LfsObjectAnswer> Objects, [property: JsonPropertyName("hash_algo")] string HashAlgo);

internal sealed record RefAnswer(string Name, string Ref, string TargetCommit, string? Message = null);

internal sealed record RefsAnswer(IEnumerable<RefAnswer> Branches, IReadOnlyList<string> Converts, IEnumerable<RefAnswer> Tags, IEnumerable<RefAnswer>? PullRequests);

internal sealed record LastCommitAnswer(string Id, string Title, string Date);

internal sealed record TreeLfsAnswer(string Oid, long Size, int PointerSize);

internal sealed record TreeEntryAnswer(string Type, string Path, long Size, string Oid, TreeLfsAnswer? Lfs, LastCommitAnswer? LastCommit);

internal sealed record CommitAuthorAnswer(string User);

internal sealed record CommitListItem(string Id, string Title, string Message, IReadOnlyList<CommitAuthorAnswer> Authors, string Date, IReadOnlyList<string> Parents);

internal sealed record OrgAnswer(string Type, string Id, string Name, string Fullname, string? Email, bool CanPay, string? PeriodEnd, string AvatarUrl);

internal sealed record AccessTokenAnswer(string DisplayName, string Role, string CreatedAt);

internal sealed record AuthAnswer(string Type, AccessTokenAnswer AccessToken);

internal sealed record WhoAmIAnswer(
    string Type, string Id, string Name, string Fullname, string? Email, bool EmailVerified, bool IsPro, bool CanPay, string? PeriodEnd,
    string AvatarUrl, IEnumerable<OrgAnswer> Orgs, AuthAnswer Auth);

internal sealed record SiblingLfsAnswer(string Sha256, long Size, int PointerSize);

internal sealed record SiblingAnswer(string Rfilename, long Size, string BlobId, SiblingLfsAnswer? Lfs);

internal sealed record RepoInfoAnswer(
    [property: JsonPropertyName("_id")] string ObjectId, string Id, string ModelId, string Author, string Sha, string LastModified, string CreatedAt,
    bool Private, bool Gated, bool Disabled, bool XetEnabled, int Downloads, int Likes, IReadOnlyList<string> Tags, IEnumerable<SiblingAnswer> Siblings);

internal sealed record MessageAnswer(string Message);

/// <summary>An empty object: the answer of a change that has nothing to report (repository settings).</summary>
internal sealed record EmptyAnswer;

internal sealed record ValidateYamlAnswer(IEnumerable<MessageAnswer> Errors, IReadOnlyList<string> Warnings);

/// <summary>The counters of <c>/_emulator/stats</c>.</summary>
public sealed record EmulatorStats(IReadOnlyDictionary<string, long> Requests, long UploadedBytes, long Commits, int PendingMultipartUploads, int PendingParts);

/// <summary>Source-generated JSON of everything the emulator stores and answers (web defaults, nulls left out).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ErrorAnswer))]
[JsonSerializable(typeof(ConflictAnswer))]
[JsonSerializable(typeof(CreateRepoAnswer))]
[JsonSerializable(typeof(CommitAnswer))]
[JsonSerializable(typeof(PreuploadAnswer))]
[JsonSerializable(typeof(LfsBatchAnswer))]
[JsonSerializable(typeof(RefsAnswer))]
[JsonSerializable(typeof(RefAnswer))]
[JsonSerializable(typeof(List<TreeEntryAnswer>))]
[JsonSerializable(typeof(List<CommitListItem>))]
[JsonSerializable(typeof(WhoAmIAnswer))]
[JsonSerializable(typeof(RepoInfoAnswer))]
[JsonSerializable(typeof(ValidateYamlAnswer))]
[JsonSerializable(typeof(EmptyAnswer))]
[JsonSerializable(typeof(EmulatorStats))]
[JsonSerializable(typeof(FaultConfiguration))]
internal sealed partial class EmulatorJson : JsonSerializerContext;
